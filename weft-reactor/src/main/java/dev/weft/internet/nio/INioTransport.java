package dev.weft.internet.nio;

import dev.weft.internet.IPushProducer;
import dev.weft.internet.IReactorBound;
import dev.weft.internet.ITLSTransport;
import dev.weft.internet.IWriteBuffered;
import dev.weft.internet.nio.internal.Connection;

/**
 * The transport {@link NioReactor} gives each TCP or UNIX-domain connection: an {@link ITLSTransport}
 * that is also the {@link IPushProducer} of the bytes it reads, with Twisted's {@code connected},
 * {@code disconnecting} and {@code disconnected} flags.
 *
 * <p>Reading: {@link #pauseProducing()} stops reading from the socket (backpressure); {@link
 * #resumeProducing()} starts again unless closing; {@link #stopProducing()} is {@link
 * #loseConnection()}. When a write finds that the peer reset the connection, what the peer sent
 * before the reset is still delivered, paused or not, before {@code connectionLost}.
 *
 * <p>Writing: {@code write} buffers and returns; the bytes go out before the reactor sleeps. A
 * streaming producer is paused by each write that leaves more than {@value #HIGH_WATER_MARK} bytes
 * buffered and resumed once the buffer has drained; a pull producer is resumed when it registers and
 * at each drain. {@link #loseConnection()} closes once the bytes are sent; a pull producer, or a
 * streaming producer paused for a full buffer, is resumed then and holds the close until it
 * unregisters, while a streaming producer left running is stopped (Twisted's transports). After
 * {@link #startTLS} the protocol's writes, closes and producer calls go through the TLS layer;
 * reading and {@link #bufferedBytes()} (ciphertext) stay here. {@link #reactor()} is the {@code NioReactor}
 * itself, whose clock a TLS layer given none uses.
 *
 * <p>On UNIX-domain sockets the addresses are {@code UNIXAddress}es, the TCP option getters return
 * {@code false}, the setters throw {@link UnsupportedOperationException}, and {@link
 * #abortConnection()} cannot force a reset.
 *
 * <p>Confined to the reactor thread.
 */
public interface INioTransport extends ITLSTransport, IPushProducer, IReactorBound, IWriteBuffered {
    /** The write-buffer size above which a streaming producer is paused: 65536 bytes, as Twisted. */
    int HIGH_WATER_MARK = Connection.HIGH_WATER_MARK;

    /** {@return whether the connection is up (Twisted's {@code connected}): false inside {@code connectionLost}} */
    boolean isConnected();

    /** {@return whether {@link #loseConnection()} has been called (Twisted's {@code disconnecting})} */
    boolean isDisconnecting();

    /** {@return whether the connection has been lost (Twisted's {@code disconnected})} */
    boolean isDisconnected();

    /** {@return whether incoming bytes are delivered: connected, not paused, not closing, not half-closed} */
    boolean isReading();

    /** {@return how many written bytes wait to be sent} */
    @Override
    long bufferedBytes();
}
