package dev.weft.buffer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/** Reads a fixed list of chunks in order, without copying them. Confined to the reading thread. */
final class ChunkInputStream extends InputStream {
    /** The most bytes of a direct chunk {@link #transferTo} copies out at a time. */
    private static final int COPY_OUT = 64 * 1024;

    private final ByteBuffer[] chunks;
    private final int[] lengths;
    private int chunk;
    private int offset;
    private long remaining;

    ChunkInputStream(ByteBuffer[] chunks, int[] lengths) {
        this.chunks = chunks;
        this.lengths = lengths;
        long total = 0;
        for (int length : lengths) {
            total += length;
        }
        this.remaining = total;
    }

    @Override
    public int read() {
        if (!advance()) {
            return -1;
        }
        remaining--;
        return chunks[chunk].get(offset++) & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        int total = 0;
        while (total < len && advance()) {
            int n = Math.min(len - total, lengths[chunk] - offset);
            chunks[chunk].get(offset, b, off + total, n);
            offset += n;
            total += n;
        }
        remaining -= total;
        return total == 0 ? -1 : total;
    }

    @Override
    public long skip(long n) {
        long skipped = 0;
        while (skipped < n && advance()) {
            int step = (int) Math.min(n - skipped, lengths[chunk] - offset);
            offset += step;
            skipped += step;
        }
        remaining -= skipped;
        return skipped;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, remaining);
    }

    /** Writes the rest to {@code out}, copying only direct chunks, {@value #COPY_OUT} bytes at a time. */
    @Override
    public long transferTo(OutputStream out) throws IOException {
        long total = 0;
        byte[] copy = null;
        while (advance()) {
            ByteBuffer current = chunks[chunk];
            int end = lengths[chunk];
            if (current.hasArray()) {
                out.write(current.array(), current.arrayOffset() + offset, end - offset);
                total += end - offset;
                offset = end;
                continue;
            }
            if (copy == null) {
                copy = new byte[(int) Math.min(COPY_OUT, remaining)];
            }
            while (offset < end) {
                int step = Math.min(copy.length, end - offset);
                current.get(offset, copy, 0, step);
                out.write(copy, 0, step);
                offset += step;
                total += step;
            }
        }
        remaining -= total;
        return total;
    }

    /** Moves past used-up chunks; returns whether a byte is left to read. */
    private boolean advance() {
        while (chunk < chunks.length && offset == lengths[chunk]) {
            chunk++;
            offset = 0;
        }
        return chunk < chunks.length;
    }
}
