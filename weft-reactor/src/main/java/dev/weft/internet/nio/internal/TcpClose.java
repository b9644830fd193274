package dev.weft.internet.nio.internal;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;

/** Readies a connection's TCP socket for its plain {@code close()} (see {@link Connection}'s closing). */
final class TcpClose {
    private TcpClose() {}

    /**
     * Sets {@code SO_LINGER 0} if {@code aborted}, so the close resets the connection; else, if {@code
     * shutOutput} (the peer has not ended, the write side is open and the socket has not failed), shuts
     * the output down, so the peer reads the end of stream before the reset that a close with unread
     * input sends. A socket already gone is left to the close alone.
     */
    static void prepare(SocketChannel channel, boolean aborted, boolean shutOutput) {
        try {
            if (aborted) {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            } else if (shutOutput) {
                channel.shutdownOutput();
            }
        } catch (IOException | RuntimeException e) {
            // The connection is gone already: the close alone will do.
        }
    }
}
