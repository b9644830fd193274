package dev.weft.internet;

import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * A transport that lets another thread write to its socket while its own thread has nothing queued
 * and writes nothing: a TLS layer's worker sends the handshake flight its delegated task made without
 * waiting for the reactor thread to wake.
 */
public interface IOffThreadWrite {
    /**
     * Asked on the transport's own thread. The caller must not write to this transport until the other
     * thread is done with the writer.
     *
     * @return a writer that one other thread may use once, or {@code null} when bytes are queued or the
     *     transport is closing
     */
    @Nullable
    Writer offThreadWriter();

    /** Writes to the socket from any thread, once. */
    interface Writer {
        /**
         * Writes as much of {@code data} as the socket takes now, without blocking. An error (the peer
         * gone, the connection closed meanwhile) is left for the transport's own thread to meet.
         *
         * @param data the bytes, in order
         * @return how many bytes the socket took; 0 after an error
         */
        long write(ByteBuffer[] data);
    }
}
