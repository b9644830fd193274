package dev.weft.protocols.tls;

import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import org.jspecify.annotations.Nullable;

/**
 * What the client and server options share: versions, ALPN, suites, how long to wait for the peer's
 * {@code close_notify} (null: for ever), and building the context.
 */
record EngineSettings(
        List<String> protocols,
        List<String> applicationProtocols,
        @Nullable List<String> cipherSuites,
        @Nullable Duration closeNotifyTimeout) {
    static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    private static final Set<String> KNOWN = Set.of("TLSv1.3", "TLSv1.2");

    static EngineSettings defaults() {
        return new EngineSettings(
                DEFAULT_PROTOCOLS, List.of(), null, TLSConnectionCreator.DEFAULT_CLOSE_NOTIFY_TIMEOUT);
    }

    EngineSettings withProtocols(String... versions) {
        if (versions.length == 0) {
            throw new IllegalArgumentException("name at least one TLS version (TLSv1.2, TLSv1.3)");
        }
        for (String v : versions) {
            if (!KNOWN.contains(v)) {
                throw new IllegalArgumentException(
                        "unknown or unsupported TLS version '" + v + "': use TLSv1.2 or TLSv1.3");
            }
        }
        return new EngineSettings(List.of(versions), applicationProtocols, cipherSuites, closeNotifyTimeout);
    }

    EngineSettings withApplicationProtocols(String... names) {
        for (String n : names) {
            if (n.isEmpty() || n.length() > 255) {
                throw new IllegalArgumentException(
                        "an ALPN protocol name must be 1 to 255 bytes long, not '" + n + "'");
            }
        }
        return new EngineSettings(protocols, List.of(names), cipherSuites, closeNotifyTimeout);
    }

    EngineSettings withCipherSuites(String... suites) {
        if (suites.length == 0) {
            throw new IllegalArgumentException("name at least one cipher suite");
        }
        return new EngineSettings(protocols, applicationProtocols, List.of(suites), closeNotifyTimeout);
    }

    EngineSettings withCloseNotifyTimeout(@Nullable Duration timeout) {
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("the close_notify timeout must be positive, not " + timeout
                    + "; use withoutCloseNotifyTimeout() to wait for ever");
        }
        return new EngineSettings(protocols, applicationProtocols, cipherSuites, timeout);
    }

    void apply(SSLParameters p) {
        p.setProtocols(protocols.toArray(new String[0]));
        if (!applicationProtocols.isEmpty()) {
            p.setApplicationProtocols(applicationProtocols.toArray(new String[0]));
        }
        if (cipherSuites != null) {
            p.setCipherSuites(cipherSuites.toArray(new String[0]));
        }
    }

    static SSLContext context(@Nullable KeyAndChain identity, TrustManager @Nullable [] trust) {
        try {
            KeyManager[] keys = null;
            if (identity != null) {
                char[] password = new char[0];
                KeyManagerFactory f = KeyManagerFactory.getInstance("SunX509");
                f.init(identity.toKeyStore(password), password);
                keys = f.getKeyManagers();
            }
            SSLContext c = SSLContext.getInstance("TLS");
            c.init(keys, trust, null);
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot build the TLS context: " + e.getMessage(), e);
        }
    }
}
