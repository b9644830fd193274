package dev.weft.protocols.tls;

import dev.weft.defer.Deferred;
import dev.weft.defer.Failure;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.jspecify.annotations.Nullable;

/**
 * What the wrapped protocol can learn about its TLS session: whether the handshake is done, who
 * the peer is, what was agreed, and the Deferreds waiting for the handshake. The engine's answers
 * are hidden until the handshake completes (before it the JDK shows a placeholder session).
 *
 * <p>Confined to the reactor thread.
 */
final class Session {
    private final List<Deferred<ISSLTransport>> waiters = new ArrayList<>();
    private @Nullable SSLEngine engine;
    private boolean done;
    private @Nullable Failure lostReason;

    void started(SSLEngine e) {
        engine = e;
    }

    boolean isDone() {
        return done;
    }

    /** Marks the handshake done; returns false if it already was (the JDK can say FINISHED twice). */
    boolean markDone() {
        if (done) {
            return false;
        }
        done = true;
        return true;
    }

    /** Fires the Deferreds waiting for the handshake. */
    void fireDone(ISSLTransport transport) {
        for (Deferred<ISSLTransport> d : List.copyOf(waiters)) {
            d.callback(transport);
        }
        waiters.clear();
    }

    /** Fails the Deferreds still waiting; later ones fail at once with the same reason. */
    void lost(Failure reason) {
        lostReason = reason;
        for (Deferred<ISSLTransport> d : List.copyOf(waiters)) {
            d.errback(reason);
        }
        waiters.clear();
    }

    Deferred<ISSLTransport> whenDone(ISSLTransport transport) {
        Deferred<ISSLTransport> d = new Deferred<>();
        Failure r = lostReason;
        if (done) {
            d.callback(transport);
        } else if (r != null) {
            d.errback(r);
        } else {
            waiters.add(d);
        }
        return d;
    }

    List<X509Certificate> peerCertificates() {
        SSLEngine e = engine;
        if (e == null || !done) {
            return List.of();
        }
        try {
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate c : e.getSession().getPeerCertificates()) {
                if (c instanceof X509Certificate x) {
                    chain.add(x);
                }
            }
            return List.copyOf(chain);
        } catch (SSLPeerUnverifiedException none) {
            return List.of();
        }
    }

    @Nullable
    String applicationProtocol() {
        SSLEngine e = engine;
        String p = e == null || !done ? null : e.getApplicationProtocol();
        return p == null || p.isEmpty() ? null : p;
    }

    @Nullable
    String version() {
        SSLEngine e = engine;
        return e == null || !done ? null : e.getSession().getProtocol();
    }

    @Nullable
    String cipherSuite() {
        SSLEngine e = engine;
        return e == null || !done ? null : e.getSession().getCipherSuite();
    }
}
