package dev.weft.protocols.tls;

import dev.weft.internet.IAddress;
import dev.weft.internet.IProtocol;
import dev.weft.internet.ITLSLayer;
import dev.weft.internet.ITLSStarter;
import java.time.Duration;
import javax.net.ssl.SSLEngine;
import org.jspecify.annotations.Nullable;

/**
 * Makes the {@link SSLEngine} for each TLS connection: Twisted's {@code
 * IOpenSSLClientConnectionCreator} and {@code IOpenSSLServerConnectionCreator} in one. Also what
 * {@code ITLSTransport.startTLS} takes: the engine's mode decides whether this end is the TLS client.
 *
 * <p>Called on the reactor thread; must not block.
 */
@FunctionalInterface
public interface TLSConnectionCreator extends ITLSStarter<ISSLTransport> {
    /** How long a connection waits for the peer's {@code close_notify} unless told otherwise: 30 s. */
    Duration DEFAULT_CLOSE_NOTIFY_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Creates the engine for one connection, in client or server mode, before its handshake.
     *
     * @param peer the address of the other end
     * @return a new engine
     */
    SSLEngine createEngine(IAddress peer);

    /**
     * {@return how long to wait for the peer's {@code close_notify} before aborting, or null for ever;
     * {@link #DEFAULT_CLOSE_NOTIFY_TIMEOUT} unless overridden}
     */
    default @Nullable Duration closeNotifyTimeout() {
        return DEFAULT_CLOSE_NOTIFY_TIMEOUT;
    }

    /**
     * Makes the layer {@code startTLS} puts under {@code connected}: tasks inline, and no clock of its
     * own, so it takes the clock of the reactor the transport runs on ({@link
     * dev.weft.internet.IReactorBound}) when it connects.
     */
    @Override
    default ITLSLayer<ISSLTransport> layerOver(IProtocol connected) {
        return new TLSMemoryBIOProtocol(this, connected, DelegatedTasks.inline(), false);
    }
}
