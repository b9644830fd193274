package dev.weft.internet;

import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * asyncio's {@code BufferedProtocol}: a protocol that receives bytes straight into its own buffer.
 *
 * <p>A transport calls {@link #getBuffer(int)}, writes 1 to {@code remaining()} bytes from the buffer's position
 * (advancing it), then calls {@link #bufferUpdated(int)}; it keeps no reference to the buffer. {@code
 * dataReceived(data)} must have the same effect. Transports and fakes use {@link #deliver(IProtocol, byte[])}. Confined
 * to the reactor thread.
 *
 * <p>{@code getBuffer} may be called with no {@code bufferUpdated} after it: a read that returns nothing (a spurious
 * wake-up) or finds the end of the stream (then {@code connectionLost} follows), or a read that fails. Nothing was
 * written then, so no byte may be counted, and the buffer lent must not be stranded or leaked. A {@code bufferUpdated}
 * always refers to the buffer of the latest {@code getBuffer}, whatever the calls before it returned. weft-testing's
 * {@code Split.withEmptyReads()} performs such reads.
 */
public interface IBufferedProtocol extends IProtocol {
    /**
     * Returns a writable buffer, at least one byte remaining, for the next bytes; {@code sizeHint} is wished for, or
     * -1.
     */
    ByteBuffer getBuffer(int sizeHint);

    /** Handles {@code nbytes} (at least 1) new bytes written into the last buffer, ending at its position. */
    void bufferUpdated(int nbytes);

    /**
     * Returns {@code protocol} if a transport may read into it, or null if its {@code dataReceived} is overridden.
     * Thread-safe.
     */
    static @Nullable IBufferedProtocol bufferPathOf(IProtocol protocol) {
        return BufferPath.of(protocol);
    }

    /**
     * Delivers {@code data} as a reactor would: through the buffer path if {@link #bufferPathOf(IProtocol)} allows it
     * (copied), else to {@code dataReceived} (handed over).
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
