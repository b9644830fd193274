package dev.weft.protocols.tls;

import dev.weft.internet.IAddress;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.jspecify.annotations.Nullable;

/**
 * How a TLS server presents itself and what it asks of clients: Twisted's {@code
 * CertificateOptions} for a server. Each {@code with...} returns a new object; the JDK context is
 * built at once, so a bad key fails here, as Twisted's {@code listenSSL} does.
 *
 * <p>Defaults: TLS 1.3 and 1.2, the JDK's suites in the server's order, no client certificate, no
 * ALPN. Immutable; thread-safe.
 */
public final class TLSServerOptions implements TLSConnectionCreator {
    private final KeyAndChain identity;
    private final ClientAuth clientAuth;
    private final @Nullable TrustRoots clientTrust;
    private final EngineSettings settings;
    private final SSLContext context;

    private TLSServerOptions(
            KeyAndChain identity, ClientAuth clientAuth, @Nullable TrustRoots clientTrust, EngineSettings settings) {
        this.identity = identity;
        this.clientAuth = clientAuth;
        this.clientTrust = clientTrust;
        this.settings = settings;
        this.context = EngineSettings.context(identity, clientTrust == null ? null : clientTrust.trustManagers());
    }

    /** {@return options that serve with {@code identity} and the defaults} */
    public static TLSServerOptions of(KeyAndChain identity) {
        return new TLSServerOptions(
                Objects.requireNonNull(identity, "identity"), ClientAuth.NONE, null, EngineSettings.defaults());
    }

    /**
     * Asks clients for a certificate issued by one of {@code trust}.
     *
     * @param auth {@link ClientAuth#REQUEST} or {@link ClientAuth#REQUIRE} ({@link ClientAuth#NONE} turns it off)
     * @param trust the authorities client certificates must chain to
     * @return new options
     */
    public TLSServerOptions withClientCertificates(ClientAuth auth, TrustRoots trust) {
        Objects.requireNonNull(trust, "trust");
        return new TLSServerOptions(identity, auth, auth == ClientAuth.NONE ? null : trust, settings);
    }

    /**
     * Aborts a connection whose peer has not answered this end's {@code close_notify} within {@code
     * timeout} (default {@link TLSConnectionCreator#DEFAULT_CLOSE_NOTIFY_TIMEOUT}); runs on the clock
     * given to the factory, protocol or {@link StartTLS}, else the transport's reactor; none without either.
     *
     * @param timeout how long to wait; positive
     * @return new options
     */
    public TLSServerOptions withCloseNotifyTimeout(Duration timeout) {
        return new TLSServerOptions(
                identity,
                clientAuth,
                clientTrust,
                settings.withCloseNotifyTimeout(Objects.requireNonNull(timeout, "timeout")));
    }

    /** {@return new options that wait for the peer's {@code close_notify} for ever, as Twisted does} */
    public TLSServerOptions withoutCloseNotifyTimeout() {
        return new TLSServerOptions(identity, clientAuth, clientTrust, settings.withCloseNotifyTimeout(null));
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
     * @throws IllegalArgumentException for any other name
     */
    public TLSServerOptions withProtocols(String... versions) {
        return new TLSServerOptions(identity, clientAuth, clientTrust, settings.withProtocols(versions));
    }

    /**
     * Offers ALPN protocols in the server's order of preference. A client that offers none still
     * connects, with no protocol negotiated ({@code negotiatedProtocol()} is null), as in Twisted; one
     * that offers only others is refused ({@link TLSErrorKind#NO_APPLICATION_PROTOCOL}).
     *
     * @param names e.g. {@code "h2", "http/1.1"}
     * @return new options
     */
    public TLSServerOptions withApplicationProtocols(String... names) {
        return new TLSServerOptions(identity, clientAuth, clientTrust, settings.withApplicationProtocols(names));
    }

    /**
     * Enables only the given cipher suites (JDK names), in order of preference.
     *
     * @param suites e.g. {@code "TLS_AES_128_GCM_SHA256"}
     * @return new options
     */
    public TLSServerOptions withCipherSuites(String... suites) {
        return new TLSServerOptions(identity, clientAuth, clientTrust, settings.withCipherSuites(suites));
    }

    /** {@return the server's key and certificate chain} */
    public KeyAndChain identity() {
        return identity;
    }

    /** {@return the JDK context these options built} */
    public SSLContext sslContext() {
        return context;
    }

    /** Creates a server-mode engine. */
    @Override
    public SSLEngine createEngine(IAddress peer) {
        SSLEngine e = context.createSSLEngine();
        e.setUseClientMode(false);
        SSLParameters p = e.getSSLParameters();
        settings.apply(p);
        p.setUseCipherSuitesOrder(true);
        if (clientAuth == ClientAuth.REQUIRE) {
            p.setNeedClientAuth(true);
        } else if (clientAuth == ClientAuth.REQUEST) {
            p.setWantClientAuth(true);
        }
        e.setSSLParameters(p);
        return e;
    }

    /** {@return the certificate's subject, the client-certificate policy and the versions} */
    @Override
    public String toString() {
        return "TLSServerOptions[" + identity.chain().get(0).getSubjectX500Principal() + ", clientAuth=" + clientAuth
                + ", " + settings.protocols() + "]";
    }
}
