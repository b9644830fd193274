package dev.weft.protocols.basic;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The bytes a receiver holds between reads: the region {@code [start, end)} of one array, which grows by
 * doubling and is compacted only when that is safe. While a receiver is inside its loop ({@code nested}),
 * user code may hold a view of the array and feed bytes re-entrantly, so its bytes are never moved; outside
 * it, an empty buffer restarts at 0 and a full one is compacted, so the steady state allocates nothing.
 * Confined to the reactor thread.
 */
final class ReceiveBuffer {
    private static final int INITIAL_CAPACITY = 4096;
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 16;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private byte[] array = new byte[0];
    private int start;
    private int end;
    private ByteBuffer view = ByteBuffer.wrap(array);

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

    /** Makes {@code [start, end)} of {@code newArray} the held bytes (a receiver restoring its view). */
    void set(byte[] newArray, int newStart, int newEnd) {
        if (newArray != array) {
            array = newArray;
            view = ByteBuffer.wrap(newArray);
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
        if (data.length == 0) {
            return;
        }
        reserve(data.length, nested);
        System.arraycopy(data, 0, array, end, data.length);
        end += data.length;
    }

    /**
     * Returns a buffer positioned at {@link #end()} with at least one byte (up to {@code sizeHint} or more)
     * remaining.
     */
    ByteBuffer writable(int sizeHint, boolean nested) {
        int want = sizeHint <= 0 ? INITIAL_CAPACITY : Math.min(sizeHint, 1 << 20);
        if (array.length - end < want) {
            reserve(want, nested);
        }
        view.limit(array.length).position(end);
        return view;
    }

    /** Adds the {@code n} bytes just written after {@link #end()} through {@link #writable}. */
    void commit(int n) {
        if (n < 0 || n > array.length - end) {
            throw new IllegalArgumentException(
                    "bufferUpdated(" + n + ") but only " + (array.length - end) + " bytes were writable");
        }
        end += n;
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
            long capacity = Math.max(INITIAL_CAPACITY, array.length);
            while (capacity < 2 * needed && capacity < MAX_ARRAY) {
                capacity *= 2;
            }
            byte[] bigger = new byte[(int) Math.max(needed, Math.min(capacity, MAX_ARRAY))];
            System.arraycopy(array, start, bigger, 0, held);
            array = bigger;
            view = ByteBuffer.wrap(bigger);
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
