package dev.weft.internet.endpoints;

import dev.weft.internet.Addresses;
import dev.weft.internet.IReactorTCP;
import dev.weft.internet.IReactorUNIX;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Twisted's {@code serverFromString} and {@code clientFromString}: endpoints from endpoint strings.
 *
 * <p>Syntax: {@code type:arg:arg...}, each argument positional or {@code key=value}; a backslash escapes the next
 * character ({@code \:}, {@code \=}). Types are case-insensitive:
 *
 * <ul>
 *   <li>server {@code tcp:PORT[:interface=IP][:backlog=N]}, {@code tcp6:} likewise on IPv6;
 *   <li>server {@code unix:PATH[:mode=OCTAL][:backlog=N]}: the socket file gets {@code mode} (default {@code 666},
 *       as Twisted's), whatever the umask;
 *   <li>client {@code tcp:HOST:PORT[:timeout=S][:bindAddress=IP]}, IPv6 hosts as {@code [::1]} (an IPv6 address
 *       without brackets is refused, naming the string with them);
 *   <li>client {@code unix:PATH[:timeout=S]}.
 * </ul>
 *
 * <p>Thread-safe to parse; the endpoints are confined to the reactor thread. The {@code reactor} of {@code unix:} must
 * also be an {@link IReactorUNIX}. A malformed string, or a reactor lacking its type, throws {@link
 * IllegalArgumentException}.
 */
public final class Endpoints {
    private static final String SERVER_EXAMPLES =
            "\"tcp:8080\", \"tcp:0:interface=127.0.0.1\" or \"unix:/run/app.sock\"";
    private static final String CLIENT_EXAMPLES =
            "\"tcp:example.org:80\", \"tcp:host=[::1]:port=80\" or \"unix:/run/app.sock\"";

    /** The server endpoint types {@link #serverFromString} reads, in the order its errors list them. */
    public static final List<String> SERVER_TYPES = List.of("tcp", "tcp6", "unix");

    /** The client endpoint types {@link #clientFromString} reads, in the order its errors list them. */
    public static final List<String> CLIENT_TYPES = List.of("tcp", "tcp6", "unix");

    private Endpoints() {}

    /**
     * Returns the error for a string whose type no parser takes: it names the type and every type
     * accepted, so that a parser built on this one ({@code TlsEndpoints}) lists its own types too.
     *
     * @param role {@code "server"} or {@code "client"}
     * @param type the type the string has, e.g. {@code "foo"}
     * @param description the whole string
     * @param types the types accepted, e.g. {@link #SERVER_TYPES}
     * @param examples strings that parse, quoted, e.g. {@code "tcp:8080" or "unix:/run/app.sock"}
     * @return the error to throw
     */
    public static IllegalArgumentException unknownType(
            String role, String type, String description, List<String> types, String examples) {
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < types.size(); i++) {
            expected.append(i == 0 ? "" : i == types.size() - 1 ? " or " : ", ")
                    .append('"')
                    .append(types.get(i))
                    .append('"');
        }
        return new IllegalArgumentException("unknown " + role + " endpoint type \"" + type + "\" in \"" + description
                + "\"; expected " + expected + ", e.g. " + examples);
    }

    /** Parses a server endpoint string, e.g. {@code "tcp:8000:interface=127.0.0.1"}. */
    public static IStreamServerEndpoint serverFromString(IReactorTCP reactor, String description) {
        return serverFromString(reactor, description, "");
    }

    /** Parses a server endpoint string, binding {@code defaultInterface} when it names none. */
    public static IStreamServerEndpoint serverFromString(
            IReactorTCP reactor, String description, String defaultInterface) {
        Objects.requireNonNull(reactor, "reactor");
        Objects.requireNonNull(defaultInterface, "defaultInterface");
        return serverFromString(reactor, description, defaultInterface, IReactorTCP.DEFAULT_BACKLOG);
    }

    /**
     * Parses a server endpoint string with a default interface (for {@code tcp6:}, its IPv6 counterpart) and backlog.
     */
    public static IStreamServerEndpoint serverFromString(
            IReactorTCP reactor, String description, String defaultInterface, int defaultBacklog) {
        Objects.requireNonNull(reactor, "reactor");
        Objects.requireNonNull(defaultInterface, "defaultInterface");
        EndpointDescription d = EndpointDescription.parse(Objects.requireNonNull(description, "description"), "server");
        switch (d.type()) {
            case "tcp":
            case "tcp6": {
                boolean six = d.type().equals("tcp6");
                d.allow(1, "port", "interface", "backlog");
                int port = d.integer("port", d.require(0, "port", six ? "tcp6:8080" : "tcp:8080"), 0, 65535, 10);
                String given = d.get(-1, "interface");
                if (given != null && unbracket(given).isEmpty()) {
                    throw d.error("has an empty interface=; give the address to listen on, e.g. interface=127.0.0.1,"
                            + " or interface=0.0.0.0 for every IPv4 interface");
                }
                String iface =
                        given != null ? unbracket(given) : six ? ipv6Counterpart(defaultInterface) : defaultInterface;
                if (six && !(Addresses.isLiteral(iface) && iface.contains(":"))) {
                    throw d.error(
                            "needs an IPv6 interface, e.g. interface=[::1] (or, escaped as in Twisted, interface=\\:\\:1),"
                                    + " not \"" + iface + "\"");
                }
                int backlog = backlog(d, defaultBacklog);
                return tcpServer(reactor, port, backlog, iface);
            }
            case "unix": {
                d.allow(1, "path", "address", "mode", "backlog", "lockfile");
                String path = unixPath(d, "unix:/run/app.sock");
                int mode = d.integer("mode", orDefault(d.get(-1, "mode"), "666"), 0, 0777, 8);
                flagMustBeZero(d, "lockfile", "PID lock files are not supported; remove it or use lockfile=0");
                return unixServer(unix(reactor, d), path, backlog(d, defaultBacklog), mode);
            }
            default:
                throw unknownType("server", d.type(), description, SERVER_TYPES, SERVER_EXAMPLES);
        }
    }

    /** Parses a client endpoint string, e.g. {@code "tcp:host=example.org:port=80:timeout=5"}. */
    public static IStreamClientEndpoint clientFromString(IReactorTCP reactor, String description) {
        Objects.requireNonNull(reactor, "reactor");
        EndpointDescription d = EndpointDescription.parse(Objects.requireNonNull(description, "description"), "client");
        switch (d.type()) {
            case "tcp":
            case "tcp6": {
                d.allow(2, "host", "port", "timeout", "bindAddress");
                String host = unbracket(d.require(0, "host", "tcp:host=example.org:port=80"));
                if (host.isEmpty()) {
                    throw d.error("has an empty host; expected e.g. \"tcp:host=127.0.0.1:port=80\"");
                }
                int port = d.integer("port", d.require(1, "port", "tcp:host=example.org:port=80"), 1, 65535, 10);
                double timeout = timeout(d);
                String bind = d.get(-1, "bindAddress") == null ? null : unbracket(d.get(-1, "bindAddress"));
                InetSocketAddress bindAddress = null;
                if (bind != null) {
                    if (!Addresses.isLiteral(bind)) {
                        throw d.error(
                                "bindAddress must be an IP address literal, e.g. 127.0.0.1, not \"" + bind + "\"");
                    }
                    InetAddress ip;
                    try {
                        ip = Addresses.parseLiteral(bind);
                    } catch (IllegalArgumentException e) {
                        throw d.error("has a bindAddress that is not a valid IP address: \"" + bind + "\"");
                    }
                    bindAddress = new InetSocketAddress(ip, 0);
                }
                return tcpClient(reactor, host, port, timeout, bindAddress);
            }
            case "unix": {
                d.allow(1, "path", "address", "timeout", "checkPID");
                String path = unixPath(d, "unix:path=/run/app.sock");
                flagMustBeZero(d, "checkPID", "PID checks are not supported; remove it or use checkPID=0");
                return unixClient(unix(reactor, d), path, timeout(d));
            }
            default:
                throw unknownType("client", d.type(), description, CLIENT_TYPES, CLIENT_EXAMPLES);
        }
    }

    /** Makes a TCP server endpoint on {@code port} (0: a free one) and {@code iface} ({@code ""}: all IPv4). */
    public static IStreamServerEndpoint tcpServer(IReactorTCP reactor, int port, int backlog, String iface) {
        Objects.requireNonNull(reactor, "reactor");
        Objects.requireNonNull(iface, "iface");
        return new ServerEndpoint(
                factory -> reactor.listenTCP(port, factory, backlog, iface),
                "TCP server endpoint " + (iface.isEmpty() ? "*" : iface) + ":" + port);
    }

    /** Makes a TCP client endpoint to {@code host}'s first address, timing out after {@code timeout} seconds. */
    public static IStreamClientEndpoint tcpClient(
            IReactorTCP reactor, String host, int port, double timeout, @Nullable InetSocketAddress bindAddress) {
        Objects.requireNonNull(reactor, "reactor");
        Objects.requireNonNull(host, "host");
        return new ClientEndpoint(
                factory -> reactor.connectTCP(host, port, factory, timeout, bindAddress),
                "TCP client endpoint " + host + ":" + port);
    }

    /** Makes a UNIX-domain server endpoint; {@code mode} holds the file's permission bits, e.g. {@code 0666}. */
    public static IStreamServerEndpoint unixServer(IReactorUNIX reactor, String path, int backlog, int mode) {
        Objects.requireNonNull(reactor, "reactor");
        Objects.requireNonNull(path, "path");
        return new ServerEndpoint(
                factory -> reactor.listenUNIX(path, factory, backlog, mode), "UNIX server endpoint " + path);
    }

    /** Makes a UNIX-domain client endpoint failing after {@code timeout} seconds. */
    public static IStreamClientEndpoint unixClient(IReactorUNIX reactor, String path, double timeout) {
        Objects.requireNonNull(reactor, "reactor");
        Objects.requireNonNull(path, "path");
        return new ClientEndpoint(
                factory -> reactor.connectUNIX(path, factory, timeout), "UNIX client endpoint " + path);
    }

    private static IReactorUNIX unix(IReactorTCP reactor, EndpointDescription d) {
        if (reactor instanceof IReactorUNIX unix) {
            return unix;
        }
        throw d.error("needs a reactor that supports UNIX-domain sockets (IReactorUNIX), and "
                + reactor.getClass().getName() + " does not");
    }

    private static String unixPath(EndpointDescription d, String example) {
        String byPath = d.get(0, "path");
        String byAddress = d.get(-1, "address");
        if (byPath != null && byAddress != null) {
            throw d.error("gives the socket path twice, as path (or positionally) and as address");
        }
        String path = byPath != null ? byPath : byAddress;
        if (path == null || path.isEmpty()) {
            throw d.error("has no socket path; expected e.g. \"" + example + "\"");
        }
        return path;
    }

    private static int backlog(EndpointDescription d, int defaultBacklog) {
        String text = d.get(-1, "backlog");
        return text == null ? defaultBacklog : d.integer("backlog", text, 1, Integer.MAX_VALUE, 10);
    }

    /** Returns an address without the brackets of {@code [::1]}. */
    private static String unbracket(String address) {
        return address.length() >= 2 && address.startsWith("[") && address.endsWith("]")
                ? address.substring(1, address.length() - 1)
                : address;
    }

    /** Returns the IPv6 address that plays the role of an IPv4 default interface. */
    private static String ipv6Counterpart(String defaultInterface) {
        if (defaultInterface.isEmpty() || defaultInterface.equals("0.0.0.0")) {
            return "::";
        }
        if (defaultInterface.startsWith("127.")) {
            return "::1";
        }
        return defaultInterface;
    }

    private static double timeout(EndpointDescription d) {
        String text = d.get(-1, "timeout");
        return text == null ? IReactorTCP.DEFAULT_TIMEOUT : d.seconds("timeout", text);
    }

    private static void flagMustBeZero(EndpointDescription d, String name, String why) {
        String text = d.get(-1, name);
        if (text != null && !text.equals("0")) {
            throw d.error("has " + name + "=" + text + ": " + why);
        }
    }

    private static String orDefault(@Nullable String value, String fallback) {
        return value == null ? fallback : value;
    }
}
