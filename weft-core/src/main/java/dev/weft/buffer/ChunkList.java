package dev.weft.buffer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/**
 * A byte sequence held as a list of heap or direct buffers, so that appending never copies; {@link #join()} copies
 * once, on demand. Chunks are read by absolute index from 0. Confined to one thread (the reactor or test thread).
 */
public final class ChunkList {
    /** The largest array the JVM reliably allocates. */
    public static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private static final byte[] EMPTY = new byte[0];

    private ByteBuffer[] chunks = new ByteBuffer[8];
    private int[] lengths = new int[8];
    private int count;
    private long size;
    private long capacity;

    /** Makes an empty list. */
    public ChunkList() {}

    /** {@return how many bytes are held} */
    public long size() {
        return size;
    }

    /** {@return the capacity of all chunks together, in bytes} */
    public long capacity() {
        return capacity;
    }

    /** {@return how many chunks are held} */
    public int chunkCount() {
        return count;
    }

    /** Appends all of {@code array}, which is kept (not copied): the caller must not change it. */
    public void add(byte[] array) {
        append(ByteBuffer.wrap(array), array.length);
        size += array.length;
    }

    /** Appends {@code chunk}, holding no bytes yet, written from index 0; {@link #grewLast} counts what is written. */
    public void addEmpty(ByteBuffer chunk) {
        append(chunk, 0);
    }

    /** Returns the last chunk itself, not a copy; throws {@link ArrayIndexOutOfBoundsException} if there is none. */
    public ByteBuffer last() {
        return chunks[count - 1];
    }

    /** Returns how many bytes of the last chunk are in use; throws {@link ArrayIndexOutOfBoundsException} if none. */
    public int lastLength() {
        return lengths[count - 1];
    }

    /**
     * Removes the last chunk and returns it, with the bytes it held; throws {@link java.util.NoSuchElementException}
     * if there is none.
     */
    public ByteBuffer removeLast() {
        if (count == 0) {
            throw new NoSuchElementException("removeLast on an empty ChunkList: check chunkCount() first");
        }
        count--;
        ByteBuffer chunk = chunks[count];
        size -= lengths[count];
        capacity -= chunk.capacity();
        chunks[count] = null;
        lengths[count] = 0;
        return chunk;
    }

    /** Counts {@code n} more bytes, written after the last chunk's used part, as held. */
    public void grewLast(int n) {
        lengths[count - 1] += n;
        size += n;
    }

    /** Hands every chunk to {@code sink} (e.g. {@link ChunkPool#give}), in order, then drops everything. */
    public void drainTo(Consumer<ByteBuffer> sink) {
        for (int i = 0; i < count; i++) {
            sink.accept(chunks[i]);
        }
        clear();
    }

    /** Drops everything. */
    public void clear() {
        chunks = new ByteBuffer[8];
        lengths = new int[8];
        count = 0;
        size = 0;
        capacity = 0;
    }

    /**
     * Returns all bytes as one array: the only, full heap chunk itself, or a new array that then replaces the chunks.
     * @throws IllegalStateException if more bytes are held than one array can take
     */
    public byte[] join() {
        if (count == 0) {
            return EMPTY;
        }
        if (count == 1 && isWholeArray(chunks[0], lengths[0])) {
            return chunks[0].array();
        }
        if (size > MAX_ARRAY) {
            throw new IllegalStateException("cannot join " + size
                    + " bytes into one array (the limit is " + MAX_ARRAY
                    + "): read them through asInputStream() or writeTo(...) instead");
        }
        byte[] joined = new byte[(int) size];
        int at = 0;
        for (int i = 0; i < count; i++) {
            chunks[i].get(0, joined, at, lengths[i]);
            at += lengths[i];
        }
        clear();
        add(joined);
        return joined;
    }

    /** {@return a stream over the bytes held now}; later appends and joins do not affect it. */
    public InputStream inputStream() {
        return new ChunkInputStream(Arrays.copyOf(chunks, count), Arrays.copyOf(lengths, count));
    }

    /**
     * Writes every held byte to the blocking {@code channel} with no copy, returning the count (non-blocking: {@link
     * IllegalArgumentException}).
     */
    public long writeTo(WritableByteChannel channel) throws IOException {
        if (channel instanceof SelectableChannel selectable && !selectable.isBlocking()) {
            throw new IllegalArgumentException("writeTo needs a blocking channel, and " + channel
                    + " is non-blocking: configureBlocking(true) first");
        }
        int n = count;
        long written = 0;
        for (int i = 0; i < n; i++) {
            ByteBuffer view = used(chunks[i], lengths[i]);
            while (view.hasRemaining()) {
                written += channel.write(view);
            }
        }
        return written;
    }

    /** Writes every held byte to {@code out} and returns the count. */
    public long writeTo(OutputStream out) throws IOException {
        return inputStream().transferTo(out);
    }

    /** Returns a new buffer over bytes 0..length of {@code chunk}, sharing its content. */
    static ByteBuffer used(ByteBuffer chunk, int length) {
        return chunk.duplicate().limit(length).position(0);
    }

    /** Tells whether {@code chunk} is a heap buffer whose whole array holds exactly its length bytes. */
    static boolean isWholeArray(ByteBuffer chunk, int length) {
        return chunk.hasArray() && chunk.arrayOffset() == 0 && chunk.array().length == length;
    }

    private void append(ByteBuffer chunk, int used) {
        if (count == chunks.length) {
            chunks = Arrays.copyOf(chunks, count * 2);
            lengths = Arrays.copyOf(lengths, count * 2);
        }
        chunks[count] = chunk;
        lengths[count] = used;
        capacity += chunk.capacity();
        count++;
    }
}
