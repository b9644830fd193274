package dev.weft.internet.endpoints;

import dev.weft.internet.Addresses;
import dev.weft.internet.IReactorTCP;
import dev.weft.internet.IReactorTime;
import dev.weft.internet.IReactorUNIX;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Makes endpoints from Twisted's endpoint strings, so that programs and the command line name
 * listeners and peers the same way: Twisted's {@code serverFromString} and {@code clientFromString}.
 *
 * <h2>Syntax</h2>
 *
 * <p>{@code type:arg:arg...}; each argument is positional (in its place) or {@code key=value}. A
 * backslash makes the next character literal: {@code \:} and {@code \=} inside a path or an IPv6
 * address. After an argument's first {@code =}, further {@code =} belong to the value.
 *
 * <table>
 *   <caption>Endpoint types</caption>
 *   <tr><th>string</th><th>meaning</th></tr>
 *   <tr><td>{@code tcp:PORT[:interface=IP][:backlog=N]}</td>
 *       <td>server: {@code listenTCP}; {@code port} may be named; {@code 0} picks a free port; the
 *       default interface is all IPv4 ({@code ""}), the default backlog 50</td></tr>
 *   <tr><td>{@code unix:PATH[:mode=OCTAL][:backlog=N]} or {@code unix:path=PATH}</td>
 *       <td>server: {@code listenUNIX}; {@code address=} is Twisted's name for the path; mode
 *       defaults to 666; {@code lockfile=0} is accepted, PID lock files are not supported</td></tr>
 *   <tr><td>{@code tcp:HOST:PORT[:timeout=S][:bindAddress=IP]} or {@code tcp:host=H:port=P}</td>
 *       <td>client: {@code connectTCP}; timeout defaults to 30 seconds</td></tr>
 *   <tr><td>{@code unix:PATH[:timeout=S]} or {@code unix:path=PATH}</td>
 *       <td>client: {@code connectUNIX}; {@code checkPID=0} is accepted</td></tr>
 * </table>
 *
 * <p>A malformed string throws {@link IllegalArgumentException} naming the string, the part that is
 * wrong and what was expected. Thread-safe to parse; the endpoints are confined to the reactor thread.
 */
public final class Endpoints {
    private static final String SERVER_EXAMPLES =
            "\"tcp:8080\", \"tcp:0:interface=127.0.0.1\" or \"unix:/run/app.sock\"";
    private static final String CLIENT_EXAMPLES =
            "\"tcp:example.org:80\", \"tcp:host=::1:port=80\" or \"unix:/run/app.sock\"";

    private Endpoints() {}

    /**
     * Parses a server endpoint string.
     *
     * @param reactor the reactor to listen with; for {@code unix:} it must also be an {@link
     *     IReactorUNIX}
     * @param description e.g. {@code "tcp:8000:interface=127.0.0.1"}
     * @return the endpoint
     * @throws IllegalArgumentException if the string is malformed (the message says where and what was
     *     expected), or names a type the reactor does not support
     */
    public static IStreamServerEndpoint serverFromString(IReactorTCP reactor, String description) {
        return serverFromString(reactor, description, "");
    }

    /**
     * Parses a server endpoint string, with the interface a {@code tcp:} endpoint binds when the
     * string names none: Twisted's default is {@code ""} (all IPv4 interfaces); a tool that must never
     * listen wider than asked passes {@code "127.0.0.1"}.
     *
     * @param reactor the reactor to listen with; for {@code unix:} it must also be an {@link
     *     IReactorUNIX}
     * @param description e.g. {@code "tcp:8000"}
     * @param defaultInterface the address bound when the string has no {@code interface=}
     * @return the endpoint
     * @throws IllegalArgumentException if the string is malformed (the message says where and what was
     *     expected), or names a type the reactor does not support
     */
    public static IStreamServerEndpoint serverFromString(
            IReactorTCP reactor, String description, String defaultInterface) {
        Objects.requireNonNull(reactor, "reactor");
        Objects.requireNonNull(defaultInterface, "defaultInterface");
        EndpointDescription d = EndpointDescription.parse(Objects.requireNonNull(description, "description"), "server");
        switch (d.type()) {
            case "tcp": {
                d.allow(1, "port", "interface", "backlog");
                int port = d.integer("port", d.require(0, "port", "tcp:8080"), 0, 65535, 10);
                String iface = orDefault(d.get(-1, "interface"), defaultInterface);
                int backlog = backlog(d);
                return tcpServer(reactor, port, backlog, iface);
            }
            case "unix": {
                d.allow(1, "path", "address", "mode", "backlog", "lockfile");
                String path = unixPath(d, "unix:/run/app.sock");
                int mode = d.integer("mode", orDefault(d.get(-1, "mode"), "666"), 0, 0777, 8);
                flagMustBeZero(d, "lockfile", "PID lock files are not supported; remove it or use lockfile=0");
                return unixServer(unix(reactor, d), path, backlog(d), mode);
            }
            default:
                throw new IllegalArgumentException("unknown server endpoint type \"" + d.type() + "\" in \""
                        + description + "\"; expected \"tcp\" or \"unix\", e.g. " + SERVER_EXAMPLES);
        }
    }

    /**
     * Parses a client endpoint string.
     *
     * @param reactor the reactor to connect with; for {@code unix:} it must also be an {@link
     *     IReactorUNIX}
     * @param description e.g. {@code "tcp:host=example.org:port=80:timeout=5"}
     * @return the endpoint
     * @throws IllegalArgumentException if the string is malformed (the message says where and what was
     *     expected), or names a type the reactor does not support
     */
    public static IStreamClientEndpoint clientFromString(IReactorTCP reactor, String description) {
        Objects.requireNonNull(reactor, "reactor");
        EndpointDescription d = EndpointDescription.parse(Objects.requireNonNull(description, "description"), "client");
        switch (d.type()) {
            case "tcp": {
                d.allow(2, "host", "port", "timeout", "bindAddress");
                String host = d.require(0, "host", "tcp:host=example.org:port=80");
                int port = d.integer("port", d.require(1, "port", "tcp:host=example.org:port=80"), 1, 65535, 10);
                double timeout = timeout(d);
                String bind = d.get(-1, "bindAddress");
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
                throw new IllegalArgumentException("unknown client endpoint type \"" + d.type() + "\" in \""
                        + description + "\"; expected \"tcp\" or \"unix\", e.g. " + CLIENT_EXAMPLES);
        }
    }

    /**
     * Makes a TCP server endpoint (Twisted's {@code TCP4ServerEndpoint}).
     *
     * @param reactor the reactor
     * @param port the port, 0 for a free one
     * @param backlog the listen queue's length
     * @param iface the address to bind, {@code ""} for all IPv4 interfaces
     * @return the endpoint
     */
    public static IStreamServerEndpoint tcpServer(IReactorTCP reactor, int port, int backlog, String iface) {
        Objects.requireNonNull(reactor, "reactor");
        Objects.requireNonNull(iface, "iface");
        return new ServerEndpoint(
                factory -> reactor.listenTCP(port, factory, backlog, iface),
                "TCP server endpoint " + (iface.isEmpty() ? "*" : iface) + ":" + port);
    }

    /**
     * Makes a TCP client endpoint (Twisted's {@code TCP4ClientEndpoint}/{@code HostnameEndpoint}
     * without happy eyeballs: the first address the name resolves to is used).
     *
     * @param reactor the reactor
     * @param host the server's name or address literal
     * @param port the server's port
     * @param timeout seconds before an attempt fails
     * @param bindAddress the local address to bind first, or null
     * @return the endpoint
     */
    public static IStreamClientEndpoint tcpClient(
            IReactorTCP reactor, String host, int port, double timeout, @Nullable InetSocketAddress bindAddress) {
        Objects.requireNonNull(reactor, "reactor");
        Objects.requireNonNull(host, "host");
        return new ClientEndpoint(
                factory -> reactor.connectTCP(host, port, factory, timeout, bindAddress),
                clockOf(reactor),
                "TCP client endpoint " + host + ":" + port);
    }

    /**
     * Makes a UNIX-domain server endpoint (Twisted's {@code UNIXServerEndpoint}).
     *
     * @param reactor the reactor
     * @param path the socket file to create
     * @param backlog the listen queue's length
     * @param mode the file's permission bits, e.g. {@code 0666}; passed to {@link IReactorUNIX#listenUNIX(String,
     *     dev.weft.internet.IProtocolFactory, int, int)}
     * @return the endpoint
     */
    public static IStreamServerEndpoint unixServer(IReactorUNIX reactor, String path, int backlog, int mode) {
        Objects.requireNonNull(reactor, "reactor");
        Objects.requireNonNull(path, "path");
        return new ServerEndpoint(
                factory -> reactor.listenUNIX(path, factory, backlog, mode), "UNIX server endpoint " + path);
    }

    /**
     * Makes a UNIX-domain client endpoint (Twisted's {@code UNIXClientEndpoint}).
     *
     * @param reactor the reactor
     * @param path the socket file
     * @param timeout seconds before an attempt fails
     * @return the endpoint
     */
    public static IStreamClientEndpoint unixClient(IReactorUNIX reactor, String path, double timeout) {
        Objects.requireNonNull(reactor, "reactor");
        Objects.requireNonNull(path, "path");
        return new ClientEndpoint(
                factory -> reactor.connectUNIX(path, factory, timeout),
                clockOf(reactor),
                "UNIX client endpoint " + path);
    }

    private static @Nullable IReactorTime clockOf(Object reactor) {
        return reactor instanceof IReactorTime time ? time : null;
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

    private static int backlog(EndpointDescription d) {
        String text = d.get(-1, "backlog");
        return text == null ? IReactorTCP.DEFAULT_BACKLOG : d.integer("backlog", text, 1, Integer.MAX_VALUE, 10);
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
