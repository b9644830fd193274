package dev.weft.internet.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;

/**
 * Holds a byte sequence as a list of arrays, each used from index 0 up to its own length, so that
 * appending never copies what is already held. {@link #join()} copies once, on demand, and then
 * keeps the joined array as the only chunk, so a second call without new data returns the same
 * array and the old chunks become garbage.
 *
 * <p>Confined to one thread (the reactor thread, or the test thread).
 */
final class ChunkList {
    /** The largest array the JVM reliably allocates. */
    static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private static final byte[] EMPTY = new byte[0];

    private byte[][] arrays = new byte[8][];
    private int[] lengths = new int[8];
    private int count;
    private long size;

    /** Returns how many bytes are held. */
    long size() {
        return size;
    }

    /** Returns how many chunks are held. */
    int chunkCount() {
        return count;
    }

    /** Appends all of {@code chunk}, which is kept (not copied). */
    void add(byte[] chunk) {
        append(chunk, chunk.length);
        size += chunk.length;
    }

    /** Appends {@code chunk} as a chunk that holds no bytes yet; {@link #grewLast} fills it. */
    void addEmpty(byte[] chunk) {
        append(chunk, 0);
    }

    /** Returns the last chunk's array. */
    byte[] lastArray() {
        return arrays[count - 1];
    }

    /** Returns how many bytes of the last chunk are in use. */
    int lastLength() {
        return lengths[count - 1];
    }

    /** Counts {@code n} more bytes of the last chunk as held. */
    void grewLast(int n) {
        lengths[count - 1] += n;
        size += n;
    }

    /** Drops everything. */
    void clear() {
        arrays = new byte[8][];
        lengths = new int[8];
        count = 0;
        size = 0;
    }

    /**
     * Returns all bytes as one array: the held array itself when there is exactly one, fully used;
     * otherwise a new array, which then replaces the chunks.
     *
     * @throws IllegalStateException if more bytes are held than one array can take
     */
    byte[] join() {
        if (count == 0) {
            return EMPTY;
        }
        if (count == 1 && lengths[0] == arrays[0].length) {
            return arrays[0];
        }
        if (size > MAX_ARRAY) {
            throw new IllegalStateException("cannot join " + size
                    + " bytes into one array (the limit is " + MAX_ARRAY
                    + "): read them through asInputStream() or writeTo(...) instead");
        }
        byte[] joined = new byte[(int) size];
        int at = 0;
        for (int i = 0; i < count; i++) {
            System.arraycopy(arrays[i], 0, joined, at, lengths[i]);
            at += lengths[i];
        }
        clear();
        add(joined);
        return joined;
    }

    /** Returns a stream over the bytes held now; later appends and joins do not affect it. */
    InputStream inputStream() {
        return new ChunkInputStream(Arrays.copyOf(arrays, count), Arrays.copyOf(lengths, count));
    }

    /** Writes every held byte to {@code channel}, a chunk at a time, with no copy. */
    long writeTo(WritableByteChannel channel) throws IOException {
        if (channel instanceof SelectableChannel selectable && !selectable.isBlocking()) {
            throw new IllegalArgumentException("writeTo needs a blocking channel, and " + channel
                    + " is non-blocking: configureBlocking(true) first");
        }
        int n = count;
        byte[][] held = arrays;
        int[] used = lengths;
        long written = 0;
        for (int i = 0; i < n; i++) {
            ByteBuffer buffer = ByteBuffer.wrap(held[i], 0, used[i]);
            while (buffer.hasRemaining()) {
                written += channel.write(buffer);
            }
        }
        return written;
    }

    /** Writes every held byte to {@code out}, a chunk at a time, with no copy. */
    long writeTo(OutputStream out) throws IOException {
        int n = count;
        byte[][] held = arrays;
        int[] used = lengths;
        for (int i = 0; i < n; i++) {
            out.write(held[i], 0, used[i]);
        }
        return size;
    }

    private void append(byte[] chunk, int used) {
        if (count == arrays.length) {
            arrays = Arrays.copyOf(arrays, count * 2);
            lengths = Arrays.copyOf(lengths, count * 2);
        }
        arrays[count] = chunk;
        lengths[count] = used;
        count++;
    }
}
