package dev.weft.protocols.tls;

import dev.weft.internet.IAddress;
import javax.net.ssl.SSLEngine;

/**
 * Makes the {@link SSLEngine} for each new TLS connection: Twisted's {@code
 * IOpenSSLClientConnectionCreator} and {@code IOpenSSLServerConnectionCreator} in one.
 * {@link TLSClientOptions} and {@link TLSServerOptions} implement it.
 *
 * <p>Implementations are called on the reactor thread and must not block.
 */
@FunctionalInterface
public interface TLSConnectionCreator {
    /**
     * Creates the engine for one connection, already in client or server mode and configured.
     *
     * @param peer the address of the other end
     * @return a new engine that has not started its handshake
     */
    SSLEngine createEngine(IAddress peer);
}
