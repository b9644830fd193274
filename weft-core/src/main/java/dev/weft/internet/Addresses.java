package dev.weft.internet;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Converts the JDK's socket addresses to weft's records, recognises address literals, and writes addresses as text and
 * endpoint strings (IPv6 in RFC 5952 short form). Thread-safe (stateless).
 */
public final class Addresses {
    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private Addresses() {}

    /**
     * Converts a JDK socket address to an {@link IPv4Address} or {@link IPv6Address} (TCP) or a {@link UNIXAddress}
     * (null: an unnamed one); throws {@link IllegalArgumentException} for other kinds.
     */
    public static IAddress of(@Nullable SocketAddress address) {
        if (address == null) {
            return new UNIXAddress(null);
        }
        if (address instanceof InetSocketAddress inet) {
            InetAddress ip = inet.getAddress();
            if (ip instanceof Inet6Address v6) {
                return new IPv6Address(AddressType.TCP, hostOf(v6), inet.getPort(), 0, v6.getScopeId());
            }
            if (ip == null) {
                return IPv4Address.tcp(inet.getHostString(), inet.getPort());
            }
            return IPv4Address.tcp(ip.getHostAddress(), inet.getPort());
        }
        if (address instanceof UnixDomainSocketAddress unix) {
            String path = unix.getPath().toString();
            return new UNIXAddress(path.isEmpty() ? null : path);
        }
        throw new IllegalArgumentException("not an IP or UNIX-domain socket address: " + address);
    }

    /** {@return the address as Twisted writes it: dotted quad, or RFC 5952 short form for IPv6} */
    public static String hostOf(InetAddress ip) {
        if (ip instanceof Inet4Address) {
            return ip.getHostAddress();
        }
        return compressIPv6(ip.getAddress());
    }

    /** {@return whether {@code host} is an IPv4 or IPv6 literal} */
    public static boolean isLiteral(String host) {
        return host.indexOf(':') >= 0 || IPV4_LITERAL.matcher(host).matches();
    }

    /** Parses an IP literal (IPv6 may be bracketed) without lookup; throws IllegalArgumentException if invalid. */
    public static InetAddress parseLiteral(String host) {
        if (!isLiteral(host)) {
            throw new IllegalArgumentException("not an IP address literal: \"" + host + "\"");
        }
        try {
            // For literals InetAddress parses and never consults a name service.
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not a valid IP address literal: \"" + host + "\"", e);
        }
    }

    /** {@return whether {@code host} is an IPv6 literal (IPv4-mapped and {@code %scope} included); never resolves} */
    public static boolean isIPv6Literal(String host) {
        if (host.indexOf(':') < 0) {
            return false;
        }
        int percent = host.indexOf('%');
        String literal = percent < 0 ? host : host.substring(0, percent);
        if (literal.isEmpty() || (Character.digit(literal.charAt(0), 16) < 0 && literal.charAt(0) != ':')) {
            return false;
        }
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (Character.digit(c, 16) < 0 && c != ':' && c != '.') {
                return false;
            }
        }
        try {
            // Hex digits, colons and dots with a colon: getByName parses it as a literal, with no lookup,
            // and throws if it is not a valid IPv6 address.
            InetAddress.getByName(literal);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** {@return the TCP address of {@code host:port} as written, unresolved: IPv6 for an IPv6 literal, else IPv4} */
    public static IAddress tcp(String host, int port) {
        return isIPv6Literal(host) ? IPv6Address.tcp(host, port) : IPv4Address.tcp(host, port);
    }

    /** {@return the address as a log line shows it: {@code [::1]:53422}, a socket path, or {@code unix}} */
    public static String text(IAddress address) {
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

    /** {@return the server endpoint string that listens on {@code address} again, e.g. {@code tcp:41234}} */
    public static String serverEndpoint(IAddress address) {
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

    /** {@return the client endpoint string that reaches a listening address; a wildcard becomes loopback} */
    public static String clientEndpoint(IAddress address) {
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

    static String compressIPv6(byte[] bytes) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder text = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }
}
