package dev.weft.internet.nio.internal;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import org.jspecify.annotations.Nullable;

/**
 * Readies a connection's TCP socket for its plain {@code close()}, and closes a socket no connection took over.
 *
 * <p>To ready a TCP socket's close, an aborted connection sets {@code SO_LINGER 0}, so the close resets it and the
 * peer gets {@code ConnectionLost}. Any other connection whose peer has not ended its side (and whose socket has not
 * failed) is shut down for output first: a close with unread input sends a reset, and the shutdown makes the peer read
 * the end of stream (a clean {@code ConnectionDone}) before it. A connection that read end of stream, the usual end of
 * a server's connection, is closed with nothing more. UNIX-domain sockets get neither: they cannot be reset, and on
 * Linux their peer gets {@code ECONNRESET} for a close with unread input whether or not the output was shut down
 * first.
 */
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

    /**
     * Closes a connected socket that no connection took over (its factory made no protocol): shuts
     * a TCP socket's output down, so the peer reads a clean end of stream even if it has sent bytes
     * nobody read, and hands the socket to the loop to close after its key is deregistered.
     *
     * @param loop the loop whose selector holds {@code key}
     * @param key the socket's key, or null if it was never registered
     * @param channel the connected socket
     * @param unix whether it is a UNIX-domain socket (not shut down: see the class comment)
     */
    static void closeUnused(EventLoop loop, @Nullable SelectionKey key, SocketChannel channel, boolean unix) {
        if (!unix) {
            try {
                channel.shutdownOutput();
            } catch (IOException | RuntimeException e) {
                // The peer has gone already: the close alone will do.
            }
        }
        loop.closeChannel(key, channel);
    }
}
