package dev.weft.internet;

import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * Lets a protocol receive bytes straight into its own buffer, with no intermediate array: Python
 * asyncio's {@code BufferedProtocol} on weft's {@link IProtocol}.
 *
 * <p>A transport that honours this interface delivers every read in three steps instead of calling
 * {@link IProtocol#dataReceived}:
 *
 * <ol>
 *   <li>it calls {@link #getBuffer(int)} and gets a writable buffer with at least one byte
 *       remaining;
 *   <li>it writes between 1 and {@code remaining()} bytes into that buffer, starting at its
 *       position, and advances the position by the number written ({@code n}); it changes neither
 *       the limit nor the contents outside {@code [position, position + n)}, and it keeps no
 *       reference to the buffer afterwards;
 *   <li>it calls {@link #bufferUpdated(int) bufferUpdated(n)}: the new bytes are at {@code
 *       [position - n, position)}.
 * </ol>
 *
 * <p>A read that returns no bytes (or end of stream) calls neither method. A transport that does not
 * know this interface, and every caller of {@code dataReceived}, keeps working: an implementation's
 * {@code dataReceived(data)} must have the same effect as {@link #deliver(IProtocol, byte[])
 * delivering} {@code data} through {@code getBuffer}/{@code bufferUpdated}. Fakes (string
 * transports, pumps) should call {@link #deliver(IProtocol, byte[])}, which uses the buffer path when
 * the protocol has one, so tests exercise the same code the real reactor does.
 *
 * <p>A subclass that overrides {@code dataReceived} to watch or react to the bytes is never bypassed:
 * transports ask {@link #bufferPathOf(IProtocol)}, which sends such a class's bytes through {@code
 * dataReceived}, as Twisted's transports always do, unless the same subclass (or one below it) also
 * overrides {@code getBuffer} or {@code bufferUpdated}, taking charge of both paths.
 *
 * <p>Confined to the reactor thread.
 */
public interface IBufferedProtocol extends IProtocol {
    /**
     * Returns the buffer the next bytes are to be written into.
     *
     * @param sizeHint how many bytes the caller would like to write, a positive number, or -1 when it
     *     has no preference; the returned buffer may have more or fewer bytes remaining
     * @return a writable buffer (heap or direct) with at least one byte between position and limit;
     *     the caller writes from its position on
     */
    ByteBuffer getBuffer(int sizeHint);

    /**
     * Handles {@code nbytes} new bytes that were just written into the buffer last returned by {@link
     * #getBuffer(int)}, ending at its current position.
     *
     * @param nbytes how many bytes were written, at least 1
     */
    void bufferUpdated(int nbytes);

    /**
     * Returns {@code protocol} as the {@code IBufferedProtocol} a transport may read into, or null if
     * its bytes must go through {@link IProtocol#dataReceived(byte[])}: when it does not implement
     * this interface, or when its {@code dataReceived} is overridden in a subclass of the class that
     * declares its {@code getBuffer} and {@code bufferUpdated} (that override would otherwise never
     * run). Decided once per class.
     *
     * <p>Thread-safe.
     *
     * @param protocol any protocol
     * @return the protocol itself, or null for the {@code dataReceived} path
     */
    static @Nullable IBufferedProtocol bufferPathOf(IProtocol protocol) {
        return BufferPath.of(protocol);
    }

    /**
     * Delivers {@code data} to {@code protocol} the way a reactor would: through {@link
     * #getBuffer(int)} and {@link #bufferUpdated(int)}, as many times as the buffers' sizes require,
     * if {@link #bufferPathOf(IProtocol)} allows it, or else through one {@link
     * IProtocol#dataReceived(byte[]) dataReceived(data)}. An empty array delivers nothing.
     *
     * <p>Runs on the caller's thread; meant for fakes and tests on the reactor (or test) thread.
     *
     * @param protocol the receiver
     * @param data the bytes; for a plain protocol the array is handed over, for a buffered one it is
     *     copied and not kept
     * @throws IllegalStateException if a buffered protocol returns a buffer with nothing remaining
     */
    static void deliver(IProtocol protocol, byte[] data) {
        if (data.length == 0) {
            return;
        }
        IBufferedProtocol buffered = bufferPathOf(protocol);
        if (buffered == null) {
            protocol.dataReceived(data);
            return;
        }
        int offset = 0;
        while (offset < data.length) {
            int left = data.length - offset;
            ByteBuffer buffer = buffered.getBuffer(left);
            int n = Math.min(buffer.remaining(), left);
            if (n <= 0) {
                throw new IllegalStateException(protocol.getClass().getName()
                        + ".getBuffer returned a buffer with no space remaining: " + buffer);
            }
            buffer.put(data, offset, n);
            offset += n;
            buffered.bufferUpdated(n);
        }
    }
}
