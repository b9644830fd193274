package dev.weft.internet.nio;

import dev.weft.internet.IPushProducer;
import dev.weft.internet.ITLSTransport;

/**
 * The transport {@link NioReactor} gives each TCP or UNIX-domain connection: an {@link ITLSTransport}
 * that is also the {@link IPushProducer} of the bytes it reads, and shows its state as Twisted's
 * {@code connected}/{@code disconnecting}/{@code disconnected} flags.
 *
 * <h2>Reading</h2>
 *
 * <p>{@link #pauseProducing()} stops reading from the socket (the kernel's buffers then fill and the
 * peer's writes stall: backpressure); {@link #resumeProducing()} starts again unless the connection
 * is closing; {@link #stopProducing()} is {@link #loseConnection()}. A peer close that arrives while
 * reading is paused is noticed after {@code resumeProducing}.
 *
 * <h2>Writing and producers</h2>
 *
 * <p>{@code write} buffers and returns; the bytes go out after the current callback returns, before
 * the reactor sleeps. A streaming producer gets {@code pauseProducing} from each {@code write} or
 * {@code writeSequence} call (one per call, however many pieces) that leaves more than {@value
 * #HIGH_WATER_MARK} bytes buffered, and one {@code resumeProducing} when the
 * buffer has drained completely; a pull producer gets {@code resumeProducing} when it registers and
 * each time the buffer drains. {@link #loseConnection()} waits for a registered producer, streaming
 * or pull, to unregister, as Twisted's {@code ITransport} documents (DEVIATIONS.md).
 *
 * <h2>startTLS</h2>
 *
 * <p>{@link #startTLS} puts a TLS layer under the protocol (see {@link ITLSTransport}): bytes
 * written before it, even those still buffered, go out first and in clear; after it, the protocol's
 * writes, closes and producer calls on this transport go through the layer. Reading, pausing and the
 * buffer size ({@link #bufferedBytes()}: ciphertext) stay this transport's.
 *
 * <h2>UNIX-domain sockets</h2>
 *
 * <p>The same class serves UNIX-domain connections; there {@link #getHost()} and {@link #getPeer()}
 * return {@code UNIXAddress}es, the TCP option getters return {@code false} and the setters throw
 * {@link UnsupportedOperationException}, and {@link #abortConnection()} cannot force a reset: the
 * peer sees a clean end of stream unless unread data was pending.
 *
 * <p>Confined to the reactor thread.
 */
public interface INioTransport extends ITLSTransport, IPushProducer {
    /** The write-buffer size above which a streaming producer is paused: 65536 bytes, as Twisted. */
    int HIGH_WATER_MARK = 65536;

    /**
     * Tells whether the connection is up: true from before {@code connectionMade} until just before
     * {@code connectionLost} (Twisted's {@code connected}).
     *
     * @return {@code false} inside and after {@code connectionLost}
     */
    boolean isConnected();

    /**
     * Tells whether {@link #loseConnection()} has been called (Twisted's {@code disconnecting}).
     *
     * @return {@code true} once the connection is closing cleanly
     */
    boolean isDisconnecting();

    /**
     * Tells whether the connection has been lost (Twisted's {@code disconnected}).
     *
     * @return {@code true} inside and after {@code connectionLost}
     */
    boolean isDisconnected();

    /**
     * Tells whether the transport is reading from its socket: connected, not paused, not closing and
     * not half-closed for reading.
     *
     * @return {@code true} while incoming bytes are delivered
     */
    boolean isReading();

    /**
     * Returns how many written bytes wait to be sent.
     *
     * @return the size of the write buffer
     */
    long bufferedBytes();
}
