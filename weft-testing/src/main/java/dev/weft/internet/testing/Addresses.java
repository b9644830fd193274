package dev.weft.internet.testing;

import dev.weft.internet.IAddress;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.IPv6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Address helpers shared by the memory reactor and the pump; no DNS lookups, ever. */
final class Addresses {
    private Addresses() {}

    /**
     * Tells whether {@code host} is an IPv6 address literal (an optional {@code %scope} suffix
     * allowed), as Twisted's {@code isIPv6Address}. Host names are never resolved.
     */
    static boolean isIPv6Literal(String host) {
        if (host.indexOf(':') < 0) {
            return false;
        }
        int percent = host.indexOf('%');
        String literal = percent < 0 ? host : host.substring(0, percent);
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (Character.digit(c, 16) < 0 && c != ':' && c != '.') {
                return false;
            }
        }
        if (literal.isEmpty() || (Character.digit(literal.charAt(0), 16) < 0 && literal.charAt(0) != ':')) {
            return false;
        }
        try {
            // A string of hex digits, colons and dots that contains a colon is parsed as a literal:
            // getByName does no lookup for it and throws if it is not a valid IPv6 address. (An
            // IPv4-mapped literal such as ::ffff:1.2.3.4 comes back as an Inet4Address; it is still
            // an IPv6 literal, as for Twisted.)
            InetAddress.getByName(literal);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Returns the TCP address of {@code host:port}: IPv6 for an IPv6 literal, else IPv4. */
    static IAddress tcp(String host, int port) {
        return isIPv6Literal(host) ? new IPv6Address("TCP", host, port) : IPv4Address.tcp(host, port);
    }
}
