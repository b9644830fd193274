package dev.weft.cli;

import dev.weft.internet.Addresses;
import dev.weft.internet.IAddress;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.IPv6Address;
import dev.weft.internet.UNIXAddress;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Detects a {@code tap} told to forward to itself ({@code --to} names the address it listens on),
 * which would connect to itself until it ran out of file descriptors. Pure apart from name lookups;
 * thread-safe.
 */
final class TapLoops {
    private TapLoops() {}

    /**
     * Refuses {@code to} if it reaches {@code listening}.
     *
     * @throws CliFailure (usage) naming both endpoints
     */
    static void refuseSelfForwarding(IAddress listening, String to) {
        if (reaches(listening, to)) {
            throw CliFailure.usage("--to " + to + " is the tap's own --listen address " + Addresses.text(listening)
                    + ": it would forward to itself; give the server's address");
        }
    }

    /** Splits an endpoint string at the colons that no backslash escapes and no brackets enclose. */
    static List<String> split(String description) {
        List<String> parts = new java.util.ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean bracketed = false;
        for (int i = 0; i < description.length(); i++) {
            char c = description.charAt(i);
            if (c == '\\' && i + 1 < description.length()) {
                part.append(description.charAt(++i));
            } else if (c == ':' && !bracketed) {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                bracketed = c == '[' || (bracketed && c != ']');
                part.append(c);
            }
        }
        parts.add(part.toString());
        return parts;
    }

    static boolean reaches(IAddress listening, String to) {
        List<String> parts = split(to);
        String type = parts.get(0).toLowerCase(Locale.ROOT);
        if (listening instanceof UNIXAddress unix) {
            String path = parts.size() > 1 ? parts.get(1).replaceFirst("^path=", "") : "";
            return type.equals("unix") && path.equals(unix.name());
        }
        int port;
        String host = null;
        String portText = null;
        int positional = 0;
        for (String part : parts.subList(1, parts.size())) {
            if (part.startsWith("host=")) {
                host = part.substring(5);
            } else if (part.startsWith("port=")) {
                portText = part.substring(5);
            } else if (!part.contains("=")) {
                if (positional == 0) {
                    host = part;
                } else if (positional == 1) {
                    portText = part;
                }
                positional++;
            }
        }
        if (host == null || portText == null) {
            return false;
        }
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            return false;
        }
        int listeningPort;
        String listeningHost;
        if (listening instanceof IPv4Address a) {
            listeningPort = a.port();
            listeningHost = a.host();
        } else if (listening instanceof IPv6Address a) {
            listeningPort = a.port();
            listeningHost = a.host();
        } else {
            return false;
        }
        if (port != listeningPort) {
            return false;
        }
        try {
            InetAddress target = InetAddress.getByName(host.replaceAll("^\\[|\\]$", ""));
            InetAddress bound = InetAddress.getByName(listeningHost);
            if (target.equals(bound)) {
                return true;
            }
            boolean local = target.isLoopbackAddress()
                    || target.isAnyLocalAddress()
                    || NetworkInterface.getByInetAddress(target) != null;
            return bound.isAnyLocalAddress() && local;
        } catch (UnknownHostException | SocketException e) {
            return false;
        }
    }
}
