package dev.weft.protocols.tls;

import dev.weft.defer.Deferred;
import dev.weft.internet.IProtocol;
import dev.weft.internet.IReactorTCP;
import dev.weft.internet.IReactorThreads;
import dev.weft.internet.IReactorTime;
import dev.weft.internet.endpoints.EndpointDescription;
import dev.weft.internet.endpoints.Endpoints;
import dev.weft.internet.endpoints.IStreamClientEndpoint;
import dev.weft.internet.endpoints.IStreamServerEndpoint;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.IDN;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Twisted's TLS endpoint strings, on top of {@link Endpoints}: the server {@code ssl:} and the
 * client {@code tls:}. Other types are passed to {@link Endpoints}.
 *
 * <table>
 *   <caption>TLS endpoint types</caption>
 *   <tr><th>string</th><th>meaning</th></tr>
 *   <tr><td>{@code ssl:PORT:privateKey=KEY.pem[:certKey=CERT.pem][:interface=IP][:backlog=N]
 *       [:extraCertChain=CHAIN.pem][:handshakeTimeout=S]}</td>
 *       <td>server: TLS over {@code tcp:PORT}; positional order {@code port, privateKey, certKey,
 *       sslmethod, interface, backlog, extraCertChain, dhParameters}; {@code privateKey} defaults to
 *       {@code server.pem}, {@code certKey} to the key file; {@code sslmethod} and {@code
 *       dhParameters} are ignored with a warning</td></tr>
 *   <tr><td>{@code tls:host=HOST:port=PORT[:trustRoots=PATH][:certificate=CERT.pem]
 *       [:privateKey=KEY.pem][:timeout=S][:bindAddress=IP][:endpoint=NESTED][:handshakeTimeout=S]}</td>
 *       <td>client: TLS over {@code tcp:host:port} (or the nested endpoint); the certificate is
 *       checked against {@code host} and {@code trustRoots} (a PEM file or directory; default: the
 *       platform's); the connect Deferred fires at TCP connect, before the handshake</td></tr>
 * </table>
 *
 * <p>{@code handshakeTimeout=S} (both; weft's own, Twisted has no handshake timeout) fails a connection
 * whose TLS handshake has not completed {@code S} seconds ({@code 5}, {@code 2.5}) after the TCP connect
 * with {@link TLSErrorKind#HANDSHAKE_TIMEOUT}, and aborts it; {@code 0} or {@code none}, the default,
 * waits for ever. {@code timeout=} bounds the TCP connect only, as in Twisted.
 *
 * <p>Errors name the string and the part that is wrong. Thread-safe to parse; the endpoints are
 * confined to the reactor thread.
 */
public final class TlsEndpoints {
    private static final System.Logger LOG = System.getLogger(TlsEndpoints.class.getName());

    /** The server endpoint types {@link #serverFromString} reads: {@link Endpoints#SERVER_TYPES} and {@code ssl}. */
    public static final List<String> SERVER_TYPES = with(Endpoints.SERVER_TYPES, "ssl");

    /** The client endpoint types {@link #clientFromString} reads: {@link Endpoints#CLIENT_TYPES} and {@code tls}. */
    public static final List<String> CLIENT_TYPES = with(Endpoints.CLIENT_TYPES, "tls");

    /** What {@code handshakeTimeout=} takes besides {@code none}: digits with an optional fraction. */
    private static final Pattern SECONDS = Pattern.compile("[0-9]+(\\.[0-9]*)?|\\.[0-9]+");

    /** The longest handshake timeout: a year of 366 days, the command line's longest duration. */
    private static final BigDecimal MOST_SECONDS = BigDecimal.valueOf(366L * 24 * 3600);

    private TlsEndpoints() {}

    private static List<String> with(List<String> types, String type) {
        List<String> all = new ArrayList<>(types);
        all.add(type);
        return List.copyOf(all);
    }

    /**
     * Parses a server endpoint string; {@code ssl:} is TLS, anything else goes to {@link
     * Endpoints#serverFromString(IReactorTCP, String, String)}.
     *
     * @param reactor the reactor to listen with
     * @param description e.g. {@code "ssl:8443:privateKey=key.pem:certKey=cert.pem"}
     * @param defaultInterface the address bound when the string names none ({@code ""}: all IPv4)
     * @return the endpoint
     * @throws IllegalArgumentException if the string is malformed or a key or certificate is unusable
     * @throws UncheckedIOException if a key or certificate file cannot be read
     */
    public static IStreamServerEndpoint serverFromString(
            IReactorTCP reactor, String description, String defaultInterface) {
        return serverFromString(reactor, description, defaultInterface, IReactorTCP.DEFAULT_BACKLOG, null);
    }

    /**
     * Parses a server endpoint string with a default backlog and, optionally, the identity given
     * rather than named in the string.
     *
     * @param reactor the reactor to listen with
     * @param description e.g. {@code "ssl:8443"} when {@code identity} is given
     * @param defaultInterface the address bound when the string names none ({@code ""}: all IPv4)
     * @param defaultBacklog the listen backlog when the string sets no {@code backlog=}
     * @param identity the key and chain for {@code ssl:}, or null to read the files the string names
     * @return the endpoint
     * @throws IllegalArgumentException if the string is malformed or a key or certificate is unusable
     * @throws UncheckedIOException if a key or certificate file cannot be read
     */
    public static IStreamServerEndpoint serverFromString(
            IReactorTCP reactor,
            String description,
            String defaultInterface,
            int defaultBacklog,
            @Nullable KeyAndChain identity) {
        EndpointDescription d = EndpointDescription.parse(Objects.requireNonNull(description), "server");
        if (!SERVER_TYPES.contains(d.type())) {
            throw Endpoints.unknownType(
                    "server",
                    d.type(),
                    description,
                    SERVER_TYPES,
                    "\"tcp:8080\", \"unix:/run/app.sock\" or \"ssl:8443:privateKey=key.pem\"");
        }
        if (!d.type().equals("ssl")) {
            return Endpoints.serverFromString(reactor, description, defaultInterface, defaultBacklog);
        }
        d.allow(
                8,
                "port",
                "privateKey",
                "certKey",
                "sslmethod",
                "interface",
                "backlog",
                "extraCertChain",
                "dhParameters",
                "handshakeTimeout");
        int port = d.integer("port", d.require(0, "port", "ssl:8443:privateKey=key.pem"), 0, 65535, 10);
        String key = orDefault(d.get(1, "privateKey"), "server.pem");
        String cert = orDefault(d.get(2, "certKey"), key);
        ignored(d, d.get(3, "sslmethod"), "sslmethod");
        String iface = orDefault(d.get(4, "interface"), defaultInterface);
        int backlog = d.integer(
                "backlog", orDefault(d.get(5, "backlog"), Integer.toString(defaultBacklog)), 1, Integer.MAX_VALUE, 10);
        String chain = d.get(6, "extraCertChain");
        ignored(d, d.get(7, "dhParameters"), "dhParameters");
        TLSServerOptions options;
        if (identity != null) {
            if (d.get(1, "privateKey") != null || d.get(2, "certKey") != null || chain != null) {
                throw d.error("names a key or certificate file, but one was given already; leave out privateKey=,"
                        + " certKey= and extraCertChain=");
            }
            options = TLSServerOptions.of(identity);
        } else {
            options = TLSServerOptions.of(readIdentity(d, key, cert, chain));
        }
        Duration handshake = handshakeTimeout(d, reactor);
        IStreamServerEndpoint tcp = Endpoints.tcpServer(reactor, port, backlog, iface);
        DelegatedTasks tasks = tasksFor(reactor);
        return factory -> tcp.listen(withTimers(reactor, new TLSMemoryBIOFactory(options, factory, tasks), handshake));
    }

    private static KeyAndChain readIdentity(EndpointDescription d, String key, String cert, @Nullable String chain) {
        try {
            return KeyAndChain.fromPem(Path.of(key), Path.of(cert), chain == null ? null : Path.of(chain));
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException(
                    d.error("cannot read its key or certificate: " + e.getMessage())
                            .getMessage(),
                    e.getCause());
        } catch (IllegalArgumentException e) {
            throw d.error("has an unusable privateKey/certKey: " + e.getMessage());
        }
    }

    /**
     * Parses a client endpoint string; {@code tls:} is TLS, anything else goes to {@link
     * Endpoints#clientFromString}.
     *
     * @param reactor the reactor to connect with
     * @param description e.g. {@code "tls:host=example.org:port=443:trustRoots=ca.pem"}
     * @return the endpoint
     * @throws IllegalArgumentException if the string is malformed or a file is unusable
     * @throws UncheckedIOException if a file cannot be read
     */
    public static IStreamClientEndpoint clientFromString(IReactorTCP reactor, String description) {
        return clientFromString(reactor, description, UnaryOperator.identity());
    }

    /**
     * Parses a client endpoint string, letting the caller adjust the {@code tls:} options (to pin a
     * certificate, say) before any connection uses them.
     *
     * @param reactor the reactor to connect with
     * @param description e.g. {@code "tls:host=localhost:port=8443"}
     * @param adjust applied once to the options of a {@code tls:} string
     * @return the endpoint
     * @throws IllegalArgumentException if the string is malformed or a file is unusable
     * @throws UncheckedIOException if a file cannot be read
     */
    public static IStreamClientEndpoint clientFromString(
            IReactorTCP reactor, String description, UnaryOperator<TLSClientOptions> adjust) {
        EndpointDescription d = EndpointDescription.parse(Objects.requireNonNull(description), "client");
        if (!CLIENT_TYPES.contains(d.type())) {
            throw Endpoints.unknownType(
                    "client",
                    d.type(),
                    description,
                    CLIENT_TYPES,
                    "\"tcp:example.org:80\", \"unix:/run/app.sock\" or \"tls:host=example.org:port=443\"");
        }
        if (!d.type().equals("tls")) {
            return Endpoints.clientFromString(reactor, description);
        }
        d.allow(
                2,
                "host",
                "port",
                "timeout",
                "bindAddress",
                "certificate",
                "privateKey",
                "trustRoots",
                "endpoint",
                "handshakeTimeout");
        // [::1] (what a listener's "connect with" hint prints) is checked and connected to as ::1.
        String host = unbracket(d.require(0, "host", "tls:host=example.org:port=443"));
        int port = d.integer("port", d.require(1, "port", "tls:host=example.org:port=443"), 1, 65535, 10);
        TLSClientOptions options = TLSClientOptions.forHost(host);
        String roots = d.get(-1, "trustRoots");
        String certificate = d.get(-1, "certificate");
        String key = d.get(-1, "privateKey");
        // An empty name would be the current directory: trustRoots= would trust whatever PEM files lie there.
        notEmpty(d, "trustRoots", roots, "a PEM file or a directory of them, or leave it out for the platform's CAs");
        notEmpty(d, "certificate", certificate, "the client certificate's PEM file, or leave it out");
        notEmpty(d, "privateKey", key, "the client key's PEM file, or leave it out");
        try {
            if (roots != null) {
                options = options.withTrustRoots(TrustRoots.fromPem(Path.of(roots)));
            }
            if (certificate != null) {
                options = options.withClientCertificate(
                        KeyAndChain.fromPem(Path.of(key == null ? certificate : key), Path.of(certificate)));
            } else if (key != null) {
                LOG.log(
                        Level.WARNING,
                        "tls: endpoint \"" + description
                                + "\": privateKey is ignored without certificate (as in Twisted)");
            }
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException(
                    d.error("cannot read a file: " + e.getMessage()).getMessage(), e.getCause());
        } catch (IllegalArgumentException e) {
            throw d.error("has an unusable trustRoots/certificate/privateKey: " + e.getMessage());
        }
        Duration handshake = handshakeTimeout(d, reactor);
        String nested = d.get(-1, "endpoint");
        IStreamClientEndpoint tcp;
        if (nested != null) {
            tcp = Endpoints.clientFromString(reactor, nested);
        } else {
            StringBuilder s = new StringBuilder("tcp:host=")
                    .append(hostArgument(TLSClientOptions.isIpLiteral(host) ? host : IDN.toASCII(host)))
                    .append(":port=")
                    .append(port);
            String timeout = d.get(-1, "timeout");
            if (timeout != null) {
                s.append(":timeout=").append(escape(timeout));
            }
            String bind = d.get(-1, "bindAddress");
            if (bind != null) {
                s.append(":bindAddress=").append(hostArgument(unbracket(bind)));
            }
            tcp = Endpoints.clientFromString(reactor, s.toString());
        }
        TLSClientOptions finalOptions = Objects.requireNonNull(adjust.apply(options), "adjusted options");
        DelegatedTasks tasks = tasksFor(reactor);
        return factory -> {
            Deferred<IProtocol> d2 =
                    tcp.connect(withTimers(reactor, new TLSMemoryBIOFactory(finalOptions, factory, tasks), handshake));
            return d2.addCallback(p -> p instanceof TLSMemoryBIOProtocol t ? t.wrappedProtocol() : p);
        };
    }

    /**
     * Gives the connections the reactor's clock, so the close_notify wait is bounded, and the handshake
     * timeout if there is one.
     */
    private static TLSMemoryBIOFactory withTimers(
            IReactorTCP reactor, TLSMemoryBIOFactory f, @Nullable Duration handshakeTimeout) {
        if (!(reactor instanceof IReactorTime clock)) {
            return f;
        }
        TLSMemoryBIOFactory timed = f.withClock(clock);
        return handshakeTimeout == null ? timed : timed.withHandshakeTimeout(clock, handshakeTimeout);
    }

    /**
     * Reads {@code handshakeTimeout=}: seconds as {@code timeout=} takes them ({@code 5}, {@code 2.5}), at most
     * a year; {@code 0} or {@code none} (the default) for no timeout, as in Twisted, which has no such option.
     */
    private static @Nullable Duration handshakeTimeout(EndpointDescription d, IReactorTCP reactor) {
        String text = d.get(-1, "handshakeTimeout");
        if (text == null || text.equalsIgnoreCase("none")) {
            return null;
        }
        if (!SECONDS.matcher(text).matches()) {
            throw d.error("has handshakeTimeout=" + text + "; give a number of seconds such as 5 or 2.5, or 0 or"
                    + " none for no handshake timeout");
        }
        BigDecimal seconds = new BigDecimal(text.startsWith(".") ? "0" + text : text);
        if (seconds.compareTo(MOST_SECONDS) > 0) {
            throw d.error("has handshakeTimeout=" + text + "; give at most " + MOST_SECONDS
                    + " seconds (a year), or 0 or none for no handshake timeout");
        }
        if (seconds.signum() == 0) {
            return null;
        }
        if (!(reactor instanceof IReactorTime)) {
            throw d.error("sets handshakeTimeout=, but the reactor it was given has no clock to time it");
        }
        long nanos = seconds.movePointRight(9).setScale(0, RoundingMode.CEILING).longValueExact();
        return Duration.ofNanos(nanos);
    }

    private static DelegatedTasks tasksFor(IReactorTCP reactor) {
        return reactor instanceof IReactorThreads threads
                ? DelegatedTasks.offReactor(threads)
                : DelegatedTasks.inline();
    }

    private static void notEmpty(EndpointDescription d, String name, @Nullable String value, String give) {
        if (value != null && value.isEmpty()) {
            throw d.error("has an empty " + name + "=; give " + give);
        }
    }

    private static void ignored(EndpointDescription d, @Nullable String value, String name) {
        if (value != null) {
            LOG.log(
                    Level.WARNING,
                    d.error("sets " + name + "=" + value + ", which weft ignores")
                            .getMessage());
        }
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace(":", "\\:").replace("=", "\\=");
    }

    /** Writes an address for the nested {@code tcp:} string: an IPv6 one in brackets, which keep its colons. */
    private static String hostArgument(String host) {
        return host.indexOf(':') >= 0 && host.indexOf(']') < 0 ? "[" + host + "]" : escape(host);
    }

    private static String unbracket(String address) {
        return address.length() >= 2 && address.startsWith("[") && address.endsWith("]")
                ? address.substring(1, address.length() - 1)
                : address;
    }

    private static String orDefault(@Nullable String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }
}
