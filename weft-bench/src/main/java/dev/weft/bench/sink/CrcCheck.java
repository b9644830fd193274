package dev.weft.bench.sink;

import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.zip.CRC32;

/**
 * Checks one connection's bytes, fed in order, against the sink benchmark's content rule: bytes 4..7 hold,
 * little-endian, the CRC-32 (IEEE) of bytes 8 to the end.
 *
 * <p>It is a {@link WritableByteChannel} so that a holder of chunks can stream them through it without copying ({@code
 * AccumulatingProtocol.writeTo(channel)}, a {@code CompositeByteBuf}'s NIO buffers): {@link CRC32#update(ByteBuffer)}
 * reads heap and direct buffers in place.
 *
 * <p>Confined to one thread.
 */
public final class CrcCheck implements WritableByteChannel {
    private static final int HEADER = 8;

    private final CRC32 crc = new CRC32();
    private long seen;
    private long expected;
    private boolean open = true;

    /** Creates a check that has seen no bytes. */
    public CrcCheck() {}

    /**
     * Consumes {@code src} from its position to its limit (where its position ends) as the next bytes; returns how
     * many.
     */
    @Override
    public int write(ByteBuffer src) {
        int n = src.remaining();
        while (seen < HEADER && src.hasRemaining()) {
            int b = src.get() & 0xff;
            if (seen >= 4) {
                expected |= (long) b << (8 * (seen - 4));
            }
            seen++;
        }
        seen += src.remaining();
        crc.update(src);
        return n;
    }

    /** Consumes {@code len} bytes of {@code bytes} from {@code offset} as the next bytes. */
    public void update(byte[] bytes, int offset, int len) {
        write(ByteBuffer.wrap(bytes, offset, len));
    }

    /** {@return whether at least 8 bytes were seen and the CRC-32 of bytes 8.. equals the header's} */
    public boolean ok() {
        return seen >= HEADER && crc.getValue() == expected;
    }

    /** {@return how many bytes were consumed} */
    public long size() {
        return seen;
    }

    /** Reports whether {@link #close()} has not been called; writing works either way. */
    @Override
    public boolean isOpen() {
        return open;
    }

    /** Marks the channel closed; the result stays readable. */
    @Override
    public void close() {
        open = false;
    }
}
