package dev.weft.protocols.tls;

import dev.weft.internet.IAddress;
import java.time.Duration;
import javax.net.ssl.SSLEngine;
import org.jspecify.annotations.Nullable;

/**
 * Makes the {@link SSLEngine} for each new TLS connection: Twisted's {@code
 * IOpenSSLClientConnectionCreator} and {@code IOpenSSLServerConnectionCreator} in one.
 * {@link TLSClientOptions} and {@link TLSServerOptions} implement it.
 *
 * <p>Implementations are called on the reactor thread and must not block.
 */
@FunctionalInterface
public interface TLSConnectionCreator {
    /** How long a connection waits for the peer's {@code close_notify} unless told otherwise: 30 s. */
    Duration DEFAULT_CLOSE_NOTIFY_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Creates the engine for one connection, already in client or server mode and configured.
     *
     * @param peer the address of the other end
     * @return a new engine that has not started its handshake
     */
    SSLEngine createEngine(IAddress peer);

    /**
     * Returns how long a connection waits for the peer's {@code close_notify} after sending its own
     * before it aborts (on the clock the connection was given; see {@link
     * TLSServerOptions#withCloseNotifyTimeout}).
     *
     * @return the timeout, or null to wait for ever; {@link #DEFAULT_CLOSE_NOTIFY_TIMEOUT} unless
     *     overridden
     */
    default @Nullable Duration closeNotifyTimeout() {
        return DEFAULT_CLOSE_NOTIFY_TIMEOUT;
    }
}
