package dev.weft.protocols.tls;

import dev.weft.internet.IAddress;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.IPv6Address;
import java.net.IDN;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.jspecify.annotations.Nullable;

/**
 * How a TLS client checks the server and presents itself: Twisted's {@code optionsForClientTLS}.
 * Each {@code with...} returns a new object.
 *
 * <p>Defaults, as Twisted's: the platform's trust roots, the certificate checked against {@code
 * hostname}, SNI for names (IDNA) but not IP literals, no client certificate, no ALPN, TLS 1.3 and
 * 1.2. A name mismatch fails inside the handshake, not after it (see DEVIATIONS.md).
 *
 * <p>Immutable; thread-safe.
 */
public final class TLSClientOptions implements TLSConnectionCreator {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final String hostname;
    private final TrustRoots trust;
    private final boolean verifyHostname;
    private final @Nullable KeyAndChain identity;
    private final EngineSettings settings;
    private final SSLContext context;

    private TLSClientOptions(
            String hostname,
            TrustRoots trust,
            boolean verifyHostname,
            @Nullable KeyAndChain identity,
            EngineSettings settings) {
        this.hostname = hostname;
        this.trust = trust;
        this.verifyHostname = verifyHostname;
        this.identity = identity;
        this.settings = settings;
        this.context = EngineSettings.context(identity, trust.trustManagers());
    }

    /**
     * Connects to {@code hostname}, trusting the platform's roots and checking the name.
     *
     * @param hostname the name (or IP literal) the server's certificate must carry; also the SNI
     * @return the options
     * @throws IllegalArgumentException if the name is empty
     */
    public static TLSClientOptions forHost(String hostname) {
        if (hostname.isEmpty()) {
            throw new IllegalArgumentException("the host name to verify is empty");
        }
        return new TLSClientOptions(hostname, TrustRoots.platform(), true, null, EngineSettings.defaults());
    }

    /** {@return new options that trust {@code roots} instead of the platform's} */
    public TLSClientOptions withTrustRoots(TrustRoots roots) {
        return new TLSClientOptions(
                hostname, Objects.requireNonNull(roots, "roots"), verifyHostname, identity, settings);
    }

    /** {@return new options that present {@code identity} when the server asks for a client certificate} */
    public TLSClientOptions withClientCertificate(KeyAndChain identity) {
        return new TLSClientOptions(hostname, trust, verifyHostname, Objects.requireNonNull(identity), settings);
    }

    /** {@return new options that check the chain but not the name (tests, pinned peers)} */
    public TLSClientOptions withoutHostnameVerification() {
        return new TLSClientOptions(hostname, trust, false, identity, settings);
    }

    /**
     * Aborts a connection whose peer has not answered this end's {@code close_notify} within {@code
     * timeout} (default {@link TLSConnectionCreator#DEFAULT_CLOSE_NOTIFY_TIMEOUT}); runs on the clock
     * given to the factory, protocol or {@link StartTLS}, else the transport's reactor; none without either.
     *
     * @param timeout how long to wait; positive
     * @return new options
     */
    public TLSClientOptions withCloseNotifyTimeout(Duration timeout) {
        return new TLSClientOptions(
                hostname,
                trust,
                verifyHostname,
                identity,
                settings.withCloseNotifyTimeout(Objects.requireNonNull(timeout, "timeout")));
    }

    /** {@return new options that wait for the peer's {@code close_notify} for ever, as Twisted does} */
    public TLSClientOptions withoutCloseNotifyTimeout() {
        return new TLSClientOptions(hostname, trust, verifyHostname, identity, settings.withCloseNotifyTimeout(null));
    }

    /** {@return how long to wait for the peer's {@code close_notify}, or null for ever} */
    @Override
    public @Nullable Duration closeNotifyTimeout() {
        return settings.closeNotifyTimeout();
    }

    /**
     * Enables only the given TLS versions.
     *
     * @param versions {@code "TLSv1.3"} and/or {@code "TLSv1.2"}
     * @return new options
     */
    public TLSClientOptions withProtocols(String... versions) {
        return new TLSClientOptions(hostname, trust, verifyHostname, identity, settings.withProtocols(versions));
    }

    /**
     * Offers ALPN protocols, in order of preference.
     *
     * @param names e.g. {@code "h2", "http/1.1"}
     * @return new options
     */
    public TLSClientOptions withApplicationProtocols(String... names) {
        return new TLSClientOptions(
                hostname, trust, verifyHostname, identity, settings.withApplicationProtocols(names));
    }

    /**
     * Enables only the given cipher suites (JDK names).
     *
     * @param suites e.g. {@code "TLS_AES_128_GCM_SHA256"}
     * @return new options
     */
    public TLSClientOptions withCipherSuites(String... suites) {
        return new TLSClientOptions(hostname, trust, verifyHostname, identity, settings.withCipherSuites(suites));
    }

    /** {@return the host name or IP literal the server's certificate is checked against} */
    public String hostname() {
        return hostname;
    }

    /** Creates a client-mode engine; the peer's port keys session resumption. */
    @Override
    public SSLEngine createEngine(IAddress peer) {
        int port = peer instanceof IPv4Address a ? a.port() : peer instanceof IPv6Address b ? b.port() : -1;
        boolean ip = isIpLiteral(hostname);
        String ascii = ip ? hostname : IDN.toASCII(hostname, IDN.ALLOW_UNASSIGNED);
        SSLEngine e = context.createSSLEngine(ascii, port);
        e.setUseClientMode(true);
        SSLParameters p = e.getSSLParameters();
        settings.apply(p);
        if (verifyHostname) {
            p.setEndpointIdentificationAlgorithm("HTTPS");
        }
        p.setServerNames(ip ? List.of() : List.of(new SNIHostName(ascii)));
        e.setSSLParameters(p);
        return e;
    }

    static boolean isIpLiteral(String host) {
        return IPV4.matcher(host).matches() || host.indexOf(':') >= 0;
    }

    /** {@return the host name, the trust roots and the versions} */
    @Override
    public String toString() {
        return "TLSClientOptions[" + hostname + (verifyHostname ? "" : " (name not checked)") + ", " + trust + ", "
                + settings.protocols() + "]";
    }
}
