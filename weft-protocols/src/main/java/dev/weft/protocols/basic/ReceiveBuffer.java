package dev.weft.protocols.basic;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The bytes a receiver holds between reads: the region {@code [start, end)} of one array. A read goes into
 * the receiver's own array when that holds a partial frame and has room for the read wished for, or for more
 * than the last read brought; otherwise into a buffer shared by the receivers of this thread, in front of which the held bytes are copied
 * if they are no more than the read brought (else the read is appended to the own array, which grows by
 * doubling). When the parse ends ({@link #settle()}), only what is left over is kept: in the own array if it
 * fits there and the array is at most four times its size plus 4 KiB, else in a new array of its size (at
 * least 256 bytes). An own array of at most 256 KiB that is larger than that is kept for up to eight
 * settles in a row, so frames that keep spanning reads do not reallocate it each time; a larger one is
 * given back at once. An empty receiver keeps at most 256 bytes. So an idle connection costs its leftover
 * bytes (up to 256 KiB if it stops within eight reads of frames spanning reads), and each read copies no more bytes than it brought. The shared buffer starts at
 * the size first asked for and doubles up to 256 KiB; it is not taken while lent to another receiver's
 * {@link #writable}, whose bytes it holds. While a receiver is inside its loop ({@code nested}), user code
 * may hold a view of the array and feed bytes re-entrantly, so its bytes are never moved. Confined to the
 * reactor thread.
 */
final class ReceiveBuffer {
    /** The most an empty receiver keeps, and the least array it allocates. */
    static final int KEEP = 256;
    /** Room an own array may keep beyond four times what it holds. */
    static final int SLACK = 4096;
    /** The largest shared buffer: held bytes and read together; a larger read goes to the own array. */
    static final int SHARED_MAX = 256 * 1024;
    /** Settles in a row that may find the own array oversized before it is given back. */
    static final int SHRINK_AFTER = 8;

    private static final int MAX_ARRAY = Integer.MAX_VALUE - 16;
    private static final byte[] EMPTY = new byte[0];
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final ThreadLocal<Shared> SHARED = ThreadLocal.withInitial(Shared::new);

    /** The buffer one thread's receivers read into, lent to one receiver at a time. */
    private static final class Shared {
        final Thread thread = Thread.currentThread();
        byte[] array = EMPTY;
        ByteBuffer view = ByteBuffer.wrap(EMPTY);
        /** The receiver whose latest {@link #writable} returned this buffer, until its {@link #commit}. */
        @Nullable
        ReceiveBuffer lessee;
        /** Whether a receiver is parsing from this buffer (from its commit or append to its settle). */
        boolean held;

        /**
         * Makes room for {@code n} bytes unless that is above {@link #SHARED_MAX}, doubling the buffer (at
         * least {@link #KEEP}, at most {@link #SHARED_MAX}); returns whether it did.
         */
        boolean ensure(long n) {
            if (n > SHARED_MAX) {
                return false;
            }
            if (array.length < n) {
                array = new byte[(int) Math.max(n, Math.min(SHARED_MAX, Math.max(KEEP, 2L * array.length)))];
                view = ByteBuffer.wrap(array);
            }
            return true;
        }
    }

    private byte[] array = EMPTY;
    /** This thread's shared buffer, looked up once per thread. */
    private @Nullable Shared cached;

    private int start;
    private int end;
    private @Nullable ByteBuffer view;
    /** The receiver's own array and its view while {@link #array} is the shared buffer. */
    private byte[] own = EMPTY;

    private @Nullable ByteBuffer ownView;
    /** How many bytes the last {@link #commit} added. */
    private int lastRead;
    /** The shared buffer the latest {@link #writable} returned, if it did. */
    private @Nullable Shared lent;
    /** The shared buffer {@link #array} is, until {@link #settle()}. */
    private @Nullable Shared holding;
    /** Settles in a row that found the own array larger than its leftover needs. */
    private int oversized;

    byte[] array() {
        return array;
    }

    int start() {
        return start;
    }

    int end() {
        return end;
    }

    int size() {
        return end - start;
    }

    boolean isEmpty() {
        return end == start;
    }

    /** Returns the length of the array this buffer keeps of its own. */
    int ownCapacity() {
        return holding != null && array == holding.array ? own.length : array.length;
    }

    /** Returns the length of this thread's shared buffer (0 until a receiver on it reads). */
    static int sharedCapacity() {
        return SHARED.get().array.length;
    }

    /** Makes {@code [start, end)} of {@code newArray} the held bytes (a receiver restoring its view). */
    void set(byte[] newArray, int newStart, int newEnd) {
        if (newArray != array) {
            array = newArray;
            view = null;
        }
        start = newStart;
        end = newEnd;
    }

    /** Drops the first {@code n} held bytes. */
    void skip(int n) {
        start += n;
    }

    /** Forgets every held byte. */
    void clear() {
        start = end;
    }

    /** Returns a copy of the held bytes and forgets them. */
    byte[] takeAll() {
        byte[] out = Arrays.copyOfRange(array, start, end);
        start = end;
        return out;
    }

    /** Appends {@code data}. */
    void append(byte[] data, boolean nested) {
        Shared was = lent;
        lent = null;
        if (was != null && was.lessee == this) {
            was.lessee = null;
        }
        if (data.length == 0) {
            return;
        }
        int held = size();
        if (!nested && holding == null && held <= data.length && array.length - end < data.length) {
            Shared shared = shared();
            // Not while lent: the lessee may have written its read there and not yet called bufferUpdated.
            if (!shared.held && shared.lessee == null && shared.ensure((long) held + data.length)) {
                System.arraycopy(array, start, shared.array, 0, held);
                System.arraycopy(data, 0, shared.array, held, data.length);
                hold(shared, held + data.length);
                return;
            }
        }
        reserve(data.length, nested);
        System.arraycopy(data, 0, array, end, data.length);
        end += data.length;
    }

    /**
     * Returns a buffer positioned after the held bytes with at least one byte (up to {@code sizeHint} or more)
     * remaining.
     */
    ByteBuffer writable(int sizeHint, boolean nested) {
        int want = sizeHint <= 0 ? KEEP : Math.min(sizeHint, 1 << 20);
        int held = size();
        // A partial frame reads in place if the room after it takes the read wished for, or more than the last
        // read brought (reads of a few bytes); anything else reads into the shared buffer.
        int room = array.length - end;
        boolean inPlace = !nested && holding == null && held > 0 && (room >= want || room > lastRead);
        if (!nested && holding == null && !inPlace) {
            Shared shared = shared();
            if (!shared.held && shared.ensure((long) held + want)) {
                // Room is left for the held bytes; commit copies them in, or the read out, whichever is shorter.
                shared.lessee = this;
                lent = shared;
                shared.view.limit(shared.array.length).position(held);
                return shared.view;
            }
        }
        lent = null;
        if (!inPlace && array.length - end < want) {
            reserve(want, nested);
        }
        ByteBuffer v = view;
        if (v == null) {
            v = ByteBuffer.wrap(array);
            view = v;
        }
        v.limit(array.length).position(end);
        return v;
    }

    /** Adds the {@code n} bytes just written after the held bytes through {@link #writable}. */
    void commit(int n) {
        Shared shared = lent;
        lent = null;
        if (shared != null) {
            if (shared.lessee != this || shared.held) {
                throw new IllegalStateException("bufferUpdated(" + n + ") after another receiver's getBuffer on this"
                        + " thread: call bufferUpdated right after the getBuffer whose buffer was written");
            }
            shared.lessee = null;
            lastRead = n;
            int held = size();
            if (n < 0 || n > shared.array.length - held) {
                throw new IllegalArgumentException(
                        "bufferUpdated(" + n + ") but only " + (shared.array.length - held) + " bytes were writable");
            }
            if (held <= n) {
                System.arraycopy(array, start, shared.array, 0, held);
                hold(shared, held + n);
            } else {
                reserve(n, false);
                System.arraycopy(shared.array, held, array, end, n);
                end += n;
            }
            return;
        }
        if (n < 0 || n > array.length - end) {
            throw new IllegalArgumentException(
                    "bufferUpdated(" + n + ") but only " + (array.length - end) + " bytes were writable");
        }
        lastRead = n;
        end += n;
    }

    private Shared shared() {
        Shared s = cached;
        if (s == null || s.thread != Thread.currentThread()) {
            s = SHARED.get();
            cached = s;
        }
        return s;
    }

    private void hold(Shared shared, int size) {
        shared.held = true;
        holding = shared;
        own = array;
        ownView = view;
        array = shared.array;
        view = shared.view;
        start = 0;
        end = size;
    }

    /**
     * Ends a parse (call it when the receiver's outermost loop returns): gives the shared buffer back,
     * keeping what is left over, and gives back memory the held bytes no longer need.
     */
    void settle() {
        int held = size();
        Shared shared = holding;
        if (shared != null) {
            holding = null;
            shared.held = false;
            byte[] kept = own;
            ByteBuffer keptView = ownView;
            own = EMPTY;
            ownView = null;
            if (array == shared.array) {
                if (!keeps(kept.length, held)) {
                    kept = held == 0 ? EMPTY : new byte[Math.max(held, KEEP)];
                    keptView = null;
                }
                System.arraycopy(array, start, kept, 0, held);
                array = kept;
                view = keptView;
                start = 0;
                end = held;
                return;
            }
        }
        if (held == 0) {
            start = 0;
            end = 0;
            if (!keeps(array.length, 0)) {
                set(EMPTY, 0, 0);
            }
        } else if (!keeps(array.length, held)) {
            byte[] kept = new byte[Math.max(held, KEEP)];
            System.arraycopy(array, start, kept, 0, held);
            set(kept, 0, held);
        }
    }

    /**
     * Returns whether an own array of {@code length} bytes is kept for {@code held} leftover bytes: it must
     * fit them; an empty receiver keeps at most {@link #KEEP}; an array larger than four times the leftover
     * plus {@link #SLACK} is kept only if at most {@link #SHARED_MAX} and for fewer than {@link #SHRINK_AFTER}
     * settles in a row.
     */
    private boolean keeps(int length, int held) {
        if (held == 0 || length < held || length > SHARED_MAX) {
            oversized = 0;
            return held == 0 ? length <= KEEP : length >= held && length <= 4L * held + SLACK;
        }
        if (length <= 4L * held + SLACK) {
            oversized = 0;
            return true;
        }
        if (++oversized < SHRINK_AFTER) {
            return true;
        }
        oversized = 0;
        return false;
    }

    /** Makes room for {@code n} more bytes after {@link #end()}. */
    private void reserve(int n, boolean nested) {
        if (!nested && start == end) {
            start = 0;
            end = 0;
        }
        if (array.length - end >= n) {
            return;
        }
        int held = end - start;
        long needed = (long) held + n;
        if (needed > MAX_ARRAY) {
            throw new IllegalStateException("cannot hold " + needed + " bytes in one receive buffer: the peer sent "
                    + held + " bytes without completing a frame; lower the receiver's maximum length");
        }
        if (!nested && needed <= array.length / 2) {
            // At least half the array is free afterwards, so compacting costs O(1) per byte.
            System.arraycopy(array, start, array, 0, held);
        } else {
            long capacity = Math.max(KEEP, 2L * array.length);
            while (capacity < needed && capacity < MAX_ARRAY) {
                capacity *= 2;
            }
            byte[] bigger = new byte[(int) Math.max(needed, Math.min(capacity, MAX_ARRAY))];
            System.arraycopy(array, start, bigger, 0, held);
            array = bigger;
            view = null;
        }
        start = 0;
        end = held;
    }

    /**
     * Returns the index of the first {@code delimiter} starting at or after {@code from} and ending by {@link
     * #end()}, or -1.
     */
    int indexOf(byte[] delimiter, int from) {
        int last = end - delimiter.length;
        byte[] a = array;
        byte first = delimiter[0];
        int i = from;
        while (i <= last) {
            i = indexOfByte(a, first, i, last + 1);
            if (i < 0) {
                return -1;
            }
            int k = 1;
            while (k < delimiter.length && a[i + k] == delimiter[k]) {
                k++;
            }
            if (k == delimiter.length) {
                return i;
            }
            i++;
        }
        return -1;
    }

    /** Finds {@code b} in {@code a[from, to)}, eight bytes per step (SWAR), or returns -1. */
    static int indexOfByte(byte[] a, byte b, int from, int to) {
        long pattern = (b & 0xFFL) * 0x0101010101010101L;
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long x = (long) LONGS.get(a, i) ^ pattern;
            long zero = (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
            if (zero != 0) {
                // The lowest flagged byte is exact (a borrow can only flag bytes above a real match).
                return i + (Long.numberOfTrailingZeros(zero) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
