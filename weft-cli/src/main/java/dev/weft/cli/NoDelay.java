package dev.weft.cli;

import dev.weft.internet.ITCPTransport;
import dev.weft.internet.ITransport;
import dev.weft.internet.UNIXAddress;

/**
 * Sends each write at once where the connection could hold it back: sets {@code TCP_NODELAY} on a TCP
 * connection, and nothing on a UNIX-domain one, which has no Nagle delay and whose transport refuses
 * TCP options. Confined to the reactor thread.
 */
final class NoDelay {
    private NoDelay() {}

    /** Turns Nagle's algorithm off on {@code transport} if it is a TCP connection (plain or under TLS). */
    static void set(ITransport transport) {
        if (transport instanceof ITCPTransport tcp && !(transport.getHost() instanceof UNIXAddress)) {
            tcp.setTcpNoDelay(true);
        }
    }
}
