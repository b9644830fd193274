package dev.weft.buffer;

/**
 * Says how large the next chunk of a {@link ChunkList} should be: 1/{@value #GROWTH_DIVISOR} of what is held, rounded
 * down to a power of two, from {@value #MIN_CHUNK} to {@value #MAX_CHUNK} bytes, so released chunks fit a {@link
 * ChunkPool}. Thread-safe (stateless).
 */
public final class ChunkGrowth {
    /** The size of the first chunk, and the least of any chunk. */
    public static final int MIN_CHUNK = 16 * 1024;

    /** The largest chunk, 4 MiB. */
    public static final int MAX_CHUNK = 4 * 1024 * 1024;

    /** Each new chunk holds this fraction of what is already held. */
    public static final int GROWTH_DIVISOR = 32;

    private ChunkGrowth() {}

    /** Returns the size of the next chunk when {@code held} (at least 0) bytes are held. */
    public static int nextChunkSize(long held) {
        int share = (int) Math.min(MAX_CHUNK, held / GROWTH_DIVISOR);
        return Math.max(MIN_CHUNK, Integer.highestOneBit(share));
    }
}
