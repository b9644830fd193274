package dev.weft.internet.testing.pcap;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/** Puts one direction of a TCP connection back in order, keeping the first copy of overlapping bytes. */
final class TcpStream {
    private static final long MOD = 1L << 32;

    private long base = -1; // the sequence number of byte 0
    private long next; // offset of the next byte expected
    private long fin = -1; // offset of the FIN, once seen
    private boolean finDelivered;
    private final TreeMap<Long, byte[]> pending = new TreeMap<>();

    boolean started() {
        return base >= 0;
    }

    /** Starts the stream at a SYN: data begins one past its sequence number. */
    void syn(long seq) {
        base = (seq + 1) % MOD;
        next = 0;
    }

    long next() {
        return next;
    }

    /** Takes one segment; hands bytes now in order to {@code deliver} once; returns whether the FIN is reached. */
    boolean add(long seq, byte[] payload, boolean finFlag, boolean synFlag, BiConsumer<Long, byte[]> deliver) {
        if (base < 0) {
            base = synFlag ? (seq + 1) % MOD : seq; // a connection captured mid-stream starts where we came in
        }
        long first = synFlag ? (seq + 1) % MOD : seq;
        long offset = next + (int) ((first - (base + next) % MOD + MOD) % MOD);
        boolean keepAlive = payload.length <= 1 && offset == next - 1 && !finFlag && !synFlag;
        if (payload.length > 0 && !keepAlive) {
            insert(offset, payload);
        }
        if (finFlag && fin < 0) {
            fin = offset + payload.length;
        }
        drain(deliver);
        return finReached();
    }

    private void insert(long offset, byte[] payload) {
        long end = offset + payload.length;
        if (end <= next) {
            return; // a retransmission of bytes already delivered: the first copy stands
        }
        byte[] held = pending.get(offset);
        if (held == null || held.length < payload.length) {
            pending.put(offset, payload);
        }
    }

    private void drain(BiConsumer<Long, byte[]> deliver) {
        for (Map.Entry<Long, byte[]> e = pending.firstEntry();
                e != null && e.getKey() <= next;
                e = pending.firstEntry()) {
            pending.pollFirstEntry();
            long offset = e.getKey();
            byte[] bytes = e.getValue();
            long end = offset + bytes.length;
            if (end <= next) {
                continue;
            }
            int skip = (int) (next - offset);
            byte[] fresh = skip == 0 ? bytes : java.util.Arrays.copyOfRange(bytes, skip, bytes.length);
            deliver.accept(next, fresh);
            next = end;
        }
    }

    private boolean finReached() {
        if (!finDelivered && fin >= 0 && next >= fin && pending.isEmpty()) {
            finDelivered = true;
            return true;
        }
        return false;
    }

    boolean hasHole() {
        return !pending.isEmpty();
    }

    /** Skips the first hole, reporting it to {@code gap}; returns whether the FIN is reached. */
    boolean skipHole(BiConsumer<Long, Long> gap, BiConsumer<Long, byte[]> deliver) {
        if (pending.isEmpty()) {
            return false;
        }
        long hole = pending.firstKey() - next;
        gap.accept(next, hole);
        next = pending.firstKey();
        drain(deliver);
        return finReached();
    }

    /** Reports the bytes before a FIN that never arrived (a FIN beyond the last byte seen). */
    long missingBeforeFin() {
        return fin >= 0 && !finDelivered && pending.isEmpty() && next < fin ? fin - next : 0;
    }
}
