package dev.weft.cli;

import dev.weft.internet.IAddress;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.IPv6Address;
import dev.weft.internet.UNIXAddress;

/** Writes addresses as report lines, file names and endpoint strings show them. Pure; thread-safe. */
final class Addresses {
    private Addresses() {}

    /** Returns {@code 127.0.0.1:53422}, {@code [::1]:53422}, a socket path, or {@code unix} for an unnamed socket. */
    static String text(IAddress address) {
        if (address instanceof IPv4Address a) {
            return a.host() + ":" + a.port();
        }
        if (address instanceof IPv6Address a) {
            return "[" + a.host() + "]:" + a.port();
        }
        if (address instanceof UNIXAddress a) {
            String name = a.name();
            return name == null || name.isEmpty() ? "unix" : name;
        }
        return address.toString();
    }

    /** Returns {@link #text} with every character but letters, digits, dot and dash replaced by {@code _}. */
    static String fileSafe(IAddress address) {
        return text(address).replaceAll("[^A-Za-z0-9.-]", "_").replaceAll("^[.]+", "_");
    }

    /** Returns the server endpoint string of a listening address: {@code tcp:41234:interface=127.0.0.1}. */
    static String serverEndpoint(IAddress address) {
        if (address instanceof IPv4Address a) {
            return "tcp:" + a.port() + ":interface=" + a.host();
        }
        if (address instanceof IPv6Address a) {
            return "tcp6:" + a.port() + ":interface=[" + a.host() + "]";
        }
        if (address instanceof UNIXAddress a) {
            return "unix:" + a.name();
        }
        return address.toString();
    }

    /** Returns the client endpoint string that reaches a listening address: {@code tcp:host=127.0.0.1:port=41234}. */
    static String clientEndpoint(IAddress address) {
        if (address instanceof IPv4Address a) {
            return "tcp:host=" + connectable(a.host()) + ":port=" + a.port();
        }
        if (address instanceof IPv6Address a) {
            return "tcp:host=[" + connectable(a.host()) + "]:port=" + a.port();
        }
        if (address instanceof UNIXAddress a) {
            return "unix:" + a.name();
        }
        return address.toString();
    }

    private static String connectable(String host) {
        if (host.isEmpty() || host.equals("0.0.0.0")) {
            return "127.0.0.1";
        }
        return host.equals("::") ? "::1" : host;
    }
}
