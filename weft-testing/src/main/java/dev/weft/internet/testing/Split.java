package dev.weft.internet.testing;

import dev.weft.internet.BaseProtocol;
import dev.weft.internet.IBufferedProtocol;
import dev.weft.internet.IProtocol;
import dev.weft.internet.ITransport;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Says how to cut an input into the pieces a protocol receives: whole, at one offset, in fixed-size pieces, in seeded
 * random pieces, or in given sizes; one value of the {@link Chunking} harness. Its {@link #toString()} is the Java
 * expression that creates it (e.g. {@code Split.random(42L)}), so a failure can be replayed. Empty pieces are never
 * delivered. {@link #withEmptyReads()} also performs the reads of a real transport that find nothing: {@code
 * getBuffer} with no {@code bufferUpdated}. Immutable and thread-safe.
 */
public final class Split {
    /** The largest piece {@link #random(long)} produces: 64 KiB. */
    public static final int DEFAULT_MAX_RANDOM_PIECE = 64 * 1024;

    /** The {@code sizeHint} of an empty read: the least, unlike the delivery's own hint (what is left). */
    static final int EMPTY_READ_HINT = 1;

    private enum Kind {
        WHOLE,
        AT,
        EVERY,
        RANDOM,
        SIZES
    }

    private static final Split WHOLE = new Split(Kind.WHOLE, 0, 0, new int[0], false);

    private final Kind kind;
    private final int size;
    private final long seed;
    private final int[] sizes;
    private final boolean emptyReads;

    private Split(Kind kind, int size, long seed, int[] sizes, boolean emptyReads) {
        this.kind = kind;
        this.size = size;
        this.seed = seed;
        this.sizes = sizes;
        this.emptyReads = emptyReads;
    }

    /** {@return the split that delivers the input in one piece} */
    public static Split whole() {
        return WHOLE;
    }

    /**
     * Returns the split cutting the input in two before {@code offset}, 1 or more; at the input's length it is whole.
     * @throws IllegalArgumentException for 0 or less: a first piece of nothing is not delivered (a reactor never
     *     calls {@code dataReceived} with nothing), and a read that finds nothing is {@link #withEmptyReads()}
     */
    public static Split at(int offset) {
        if (offset == 0) {
            throw new IllegalArgumentException("Split.at(0) cuts off nothing, and an empty piece is never delivered:"
                    + " for the input in one piece write Split.whole(); for a read that finds nothing before the"
                    + " input, as a real transport can make, write Split.whole().withEmptyReads()");
        }
        if (offset < 0) {
            throw new IllegalArgumentException("split offset must be 1 or more, not " + offset);
        }
        return new Split(Kind.AT, offset, 0, new int[0], false);
    }

    /** Returns the split into pieces of {@code size} (at least 1) bytes, the last maybe shorter. */
    public static Split every(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("piece size must be 1 or more, not " + size);
        }
        return new Split(Kind.EVERY, size, 0, new int[0], false);
    }

    /** {@return the split that delivers one byte at a time: {@code every(1)}} */
    public static Split oneByteAtATime() {
        return every(1);
    }

    /** Returns a split into pseudo-random pieces of 1 to {@value #DEFAULT_MAX_RANDOM_PIECE} bytes, set by the seed. */
    public static Split random(long seed) {
        return random(seed, DEFAULT_MAX_RANDOM_PIECE);
    }

    /** Returns a split into pseudo-random pieces of 1 to {@code maxPiece} (at least 1) bytes, mostly small ones. */
    public static Split random(long seed, int maxPiece) {
        if (maxPiece < 1) {
            throw new IllegalArgumentException("largest piece must be 1 or more, not " + maxPiece);
        }
        return new Split(Kind.RANDOM, maxPiece, seed, new int[0], false);
    }

    /** Returns the split into pieces of the given sizes (not negative); the rest of the input is one last piece. */
    public static Split sizes(int... sizes) {
        for (int s : sizes) {
            if (s < 0) {
                throw new IllegalArgumentException("piece sizes must be 0 or more: " + Arrays.toString(sizes));
            }
        }
        return new Split(Kind.SIZES, 0, 0, sizes.clone(), false);
    }

    /**
     * Returns this split with empty reads: to a protocol that {@linkplain IBufferedProtocol#bufferPathOf takes the
     * buffer path}, {@link #deliver} first calls {@code getBuffer(1)} with no {@code bufferUpdated} before every piece
     * (a read that found nothing) and once after the last (the read that finds the end of the stream), as a real
     * transport does. A protocol must then keep every byte, once, in order.
     */
    public Split withEmptyReads() {
        return emptyReads ? this : new Split(kind, size, seed, sizes, true);
    }

    /** Tells whether {@link #deliver} performs empty reads ({@link #withEmptyReads()}). */
    public boolean hasEmptyReads() {
        return emptyReads;
    }

    /**
     * Delivers {@code input} piece by piece, each a new array, with {@link IBufferedProtocol#deliver}, and the empty
     * reads of {@link #withEmptyReads()} if this split has them.
     * @throws IllegalArgumentException if this split does not fit {@code input}; nothing is delivered then
     * @throws IllegalStateException if a buffered protocol's {@code getBuffer} returns a buffer with no room
     */
    public void deliver(byte[] input, IProtocol protocol) {
        Objects.requireNonNull(protocol, "protocol");
        deliver(input, protocol, null);
    }

    /**
     * Delivers as {@link #deliver} but, as a reactor does, nothing more (no piece, no empty read) once the protocol's
     * transport {@linkplain ITransport#isDisconnecting() is disconnecting}: after {@code loseConnection} or {@code
     * abortConnection}. The rest of a piece that was being delivered stays the protocol's to skip.
     * @throws IllegalArgumentException if {@code protocol} is not a {@link BaseProtocol} connected to a transport, or
     *     if this split does not fit {@code input}; nothing is delivered then
     */
    public void deliverUntilDisconnecting(byte[] input, IProtocol protocol) {
        Objects.requireNonNull(protocol, "protocol");
        if (!(protocol instanceof BaseProtocol base) || !base.isConnected()) {
            throw new IllegalArgumentException("deliverUntilDisconnecting needs a protocol whose transport it can ask"
                    + " isDisconnecting(): " + protocol.getClass().getName()
                    + (protocol instanceof BaseProtocol
                            ? " has not been connected; call makeConnection(transport) first"
                            : " is not a BaseProtocol; use deliver, or extend Protocol"));
        }
        deliver(input, protocol, base.transport());
    }

    private void deliver(byte[] input, IProtocol protocol, @Nullable ITransport watched) {
        forEachPiece(input.length, (offset, length) -> {
            if (watched != null && watched.isDisconnecting()) {
                return;
            }
            if (emptyReads) {
                emptyRead(protocol);
            }
            IBufferedProtocol.deliver(protocol, Arrays.copyOfRange(input, offset, offset + length));
        });
        if (emptyReads && (watched == null || !watched.isDisconnecting())) {
            emptyRead(protocol);
        }
    }

    /** Lends a buffered protocol a buffer and reads nothing into it, as a transport whose read returned 0 or -1. */
    static void emptyRead(IProtocol protocol) {
        IBufferedProtocol buffered = IBufferedProtocol.bufferPathOf(protocol);
        if (buffered == null) {
            return;
        }
        ByteBuffer buffer = buffered.getBuffer(EMPTY_READ_HINT);
        if (!buffer.hasRemaining() || buffer.isReadOnly()) {
            throw new IllegalStateException(
                    protocol.getClass().getName() + ".getBuffer returned a buffer with no writable space: " + buffer);
        }
    }

    /** Returns the non-empty pieces {@link #deliver} would deliver, as new arrays; throws if the split does not fit. */
    public List<byte[]> pieces(byte[] input) {
        List<byte[]> pieces = new ArrayList<>();
        forEachPiece(input.length, (offset, length) -> pieces.add(Arrays.copyOfRange(input, offset, offset + length)));
        return pieces;
    }

    /** Returns how many non-empty pieces {@code length} bytes are cut into; throws if the split does not fit. */
    public int pieceCount(int length) {
        int[] count = {0};
        forEachPiece(length, (offset, n) -> count[0]++);
        return count[0];
    }

    /**
     * Returns the plainest split that cuts {@code length} bytes where this one does, with its empty reads: {@code
     * whole()}, {@code at(k)}, {@code every(k)} or {@code sizes(...)}; two splits that cut alike give equal ones.
     * Copies nothing; for a random split or given sizes, it goes through the pieces.
     */
    Split plainCut(int length) {
        checkFits(length);
        Split plain = switch (kind) {
            case WHOLE -> WHOLE;
            case AT -> size >= length ? WHOLE : this;
            case EVERY -> {
                long pieces = ((long) length + size - 1) / size;
                yield pieces <= 1 ? WHOLE : pieces == 2 ? at(size) : this;
            }
            case RANDOM, SIZES -> plainOf(length);
        };
        return emptyReads ? plain.withEmptyReads() : plain;
    }

    private Split plainOf(int length) {
        List<Integer> sizes = new ArrayList<>();
        forEachPiece(length, (offset, n) -> sizes.add(n));
        int count = sizes.size();
        if (count <= 1) {
            return WHOLE;
        }
        if (count == 2) {
            return at(sizes.get(0));
        }
        int first = sizes.get(0);
        boolean even = sizes.get(count - 1) <= first;
        for (int i = 1; even && i < count - 1; i++) {
            even = sizes.get(i) == first;
        }
        return even
                ? every(first)
                : sizes(sizes.subList(0, count - 1).stream()
                        .mapToInt(Integer::intValue)
                        .toArray());
    }

    @FunctionalInterface
    private interface PieceConsumer {
        void accept(int offset, int length);
    }

    private void forEachPiece(int length, PieceConsumer consumer) {
        checkFits(length);
        switch (kind) {
            case WHOLE -> piece(0, length, consumer);
            case AT -> {
                piece(0, size, consumer);
                piece(size, length - size, consumer);
            }
            case EVERY -> {
                for (int offset = 0; offset < length; offset += size) {
                    piece(offset, Math.min(size, length - offset), consumer);
                }
            }
            case RANDOM -> {
                SplittableRandom random = new SplittableRandom(seed);
                int bits = 32 - Integer.numberOfLeadingZeros(size);
                for (int offset = 0; offset < length; ) {
                    int bound = (int) Math.min(size, 1L << random.nextInt(bits));
                    int n = Math.min(1 + random.nextInt(bound), length - offset);
                    piece(offset, n, consumer);
                    offset += n;
                }
            }
            case SIZES -> {
                int offset = 0;
                for (int s : sizes) {
                    piece(offset, s, consumer);
                    offset += s;
                }
                piece(offset, length - offset, consumer);
            }
        }
    }

    private void checkFits(int length) {
        long needed = switch (kind) {
            case AT -> size;
            case SIZES -> Arrays.stream(sizes).asLongStream().sum();
            default -> 0;
        };
        if (needed > length) {
            throw new IllegalArgumentException(
                    this + " needs at least " + needed + " bytes of input, but it has " + length);
        }
    }

    private static void piece(int offset, int length, PieceConsumer consumer) {
        if (length > 0) {
            consumer.accept(offset, length);
        }
    }

    /** {@return the Java expression that creates this split, e.g. {@code Split.at(17).withEmptyReads()}} */
    @Override
    public String toString() {
        return base() + (emptyReads ? ".withEmptyReads()" : "");
    }

    private String base() {
        return switch (kind) {
            case WHOLE -> "Split.whole()";
            case AT -> "Split.at(" + size + ")";
            case EVERY -> "Split.every(" + size + ")";
            case RANDOM ->
                size == DEFAULT_MAX_RANDOM_PIECE
                        ? "Split.random(" + seed + "L)"
                        : "Split.random(" + seed + "L, " + size + ")";
            case SIZES ->
                Arrays.stream(sizes).mapToObj(Integer::toString).collect(Collectors.joining(", ", "Split.sizes(", ")"));
        };
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof Split that
                && kind == that.kind
                && size == that.size
                && seed == that.seed
                && Arrays.equals(sizes, that.sizes)
                && emptyReads == that.emptyReads;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, size, seed, Arrays.hashCode(sizes), emptyReads);
    }
}
