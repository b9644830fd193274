package dev.weft.internet.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Reads a fixed list of chunks in order, without copying them first.
 *
 * <p>Confined to the thread that reads it.
 */
final class ChunkInputStream extends InputStream {
    private final byte[][] arrays;
    private final int[] lengths;
    private int chunk;
    private int offset;
    private long remaining;

    ChunkInputStream(byte[][] arrays, int[] lengths) {
        this.arrays = arrays;
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
        return arrays[chunk][offset++] & 0xff;
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
            System.arraycopy(arrays[chunk], offset, b, off + total, n);
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

    @Override
    public long transferTo(OutputStream out) throws IOException {
        long total = 0;
        while (advance()) {
            int n = lengths[chunk] - offset;
            out.write(arrays[chunk], offset, n);
            offset += n;
            total += n;
        }
        remaining -= total;
        return total;
    }

    /** Moves past used-up chunks; returns whether a byte is left to read. */
    private boolean advance() {
        while (chunk < arrays.length && offset == lengths[chunk]) {
            chunk++;
            offset = 0;
        }
        return chunk < arrays.length;
    }
}
