package dev.weft.protocols.tls;

import dev.weft.internet.IAddress;
import dev.weft.internet.IProtocol;
import dev.weft.internet.ITLSLayer;
import dev.weft.internet.ITLSStarter;
import java.time.Duration;
import javax.net.ssl.SSLEngine;
import org.jspecify.annotations.Nullable;

/**
 * Makes the {@link SSLEngine} for each new TLS connection: Twisted's {@code
 * IOpenSSLClientConnectionCreator} and {@code IOpenSSLServerConnectionCreator} in one.
 * {@link TLSClientOptions} and {@link TLSServerOptions} implement it. It is also what {@code
 * ITLSTransport.startTLS} takes: the engine's mode (not which end connected) decides whether this end
 * is the TLS client or server; {@link StartTLS} adds a clock and a task policy.
 *
 * <p>Implementations are called on the reactor thread and must not block.
 */
@FunctionalInterface
public interface TLSConnectionCreator extends ITLSStarter<ISSLTransport> {
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

    /**
     * Makes the TLS layer {@code startTLS} puts under {@code connected}: a {@link
     * TLSMemoryBIOProtocol} that does not connect it again, with tasks inline and no clock (so no
     * timers; use {@link StartTLS} for those).
     *
     * @param connected the protocol already connected to the transport
     * @return the layer
     */
    @Override
    default ITLSLayer<ISSLTransport> layerOver(IProtocol connected) {
        return new TLSMemoryBIOProtocol(this, connected, DelegatedTasks.inline(), false);
    }
}
