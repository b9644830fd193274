package dev.weft.internet.testing.pcap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Puts one direction of a TCP connection back in order, keeping the first copy of overlapping bytes and counting the
 * retransmissions whose bytes differ from it; follows the peer's acknowledgments to tell what was sent but never
 * captured. Of a segment cut in its payload (at the snapshot length) it keeps the captured beginning, and skips the
 * rest as soon as the stream reaches it (unless a copy captured whole already filled it), counting it as cut.
 */
final class TcpStream {
    private static final long MOD = 1L << 32;
    /** The delivered bytes kept to compare retransmissions with, besides those the peer has not acknowledged. */
    static final long HISTORY = 4 << 20;

    private long base = -1; // the sequence number of byte 0
    private long next; // offset of the next byte expected
    private long fin = -1; // offset of the FIN, once seen
    private boolean finDelivered;
    private NavigableMap<Long, Chunk> pending = Collections.emptyNavigableMap(); // never overlapping
    private long pendingBytes;
    private long finMicros; // when the FIN was captured (or, for one inferred, acknowledged)
    private boolean finInferred; // the FIN was not captured, but the peer's acknowledgment tells it was sent
    // kept to compare retransmissions with: the last HISTORY bytes, and all the peer has not acknowledged
    private NavigableMap<Long, byte[]> delivered = Collections.emptyNavigableMap();
    private NavigableMap<Long, Long> cut =
            Collections.emptyNavigableMap(); // start -> end of bytes cut from their frame
    private long cutBytes; // bytes skipped because their frame was cut
    private int cutHoles; // the holes they made
    private long firstCutOffset = -1;
    private long firstCutLength;
    private int cutSnapLength; // the snapshot length that cut them all, -1 when unknown or not one for all
    private boolean cutSeen;
    private NavigableMap<Long, Long> skippedCuts = Collections.emptyNavigableMap(); // start -> end of cut holes skipped
    private long lateCutBytes; // bytes a later copy carried into a cut hole already skipped: not kept
    private NavigableMap<Long, Long> skippedGaps = Collections.emptyNavigableMap(); // start -> end of holes given up on
    private long lateGapBytes; // bytes a later copy carried into a hole already given up on: not kept
    private long firstAck = -1; // the first acknowledgment number the peer sent, once it sent one
    private long furthestAck;
    private long ackAdvance; // how far furthestAck moved on from firstAck, across wraps of the sequence numbers
    private long beforeFurthestAck = -1; // the furthest acknowledgment before the last step forward
    private long stepBefore = -1; // the size of the step forward before the last one
    private int conflicts; // retransmissions whose bytes differ from the first copy
    private long conflictOffset; // where the first of them first differs
    private int conflictDiffering; // how many of its bytes differ
    private int conflictShared; // of how many it shares with the first copy

    /**
     * {@return {@code map}, or a new map in place of the empty one every map of a stream starts as: most streams need
     * few of their maps (none is made until written), and an import holds two streams per open connection}
     */
    private static <V> NavigableMap<Long, V> writable(NavigableMap<Long, V> map) {
        return map instanceof TreeMap ? map : new TreeMap<>();
    }

    /** Bytes that came out of order, with the time their frame was captured. */
    private record Chunk(byte[] bytes, long micros) {}

    /** Takes what the stream puts in order and the holes it gives up waiting for. */
    interface Output {
        /** Takes bytes now in order, captured at {@code micros}. */
        void data(long offset, byte[] bytes, long micros);

        /** Takes a hole skipped: {@code length} bytes at {@code offset}, the last before the FIN if {@code beforeFin}. */
        void gap(long offset, long length, boolean beforeFin);
    }

    /** Delivers to {@code deliver} and drops the holes. */
    private static Output output(BiConsumer<Long, byte[]> deliver) {
        return new Output() {
            @Override
            public void data(long offset, byte[] bytes, long micros) {
                deliver.accept(offset, bytes);
            }

            @Override
            public void gap(long offset, long length, boolean beforeFin) {}
        };
    }

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

    /** Takes one segment captured whole, as {@link #add(long, byte[], int, int, boolean, boolean, BiConsumer)}. */
    boolean add(long seq, byte[] payload, boolean finFlag, boolean synFlag, BiConsumer<Long, byte[]> deliver) {
        return add(seq, payload, 0, -1, finFlag, synFlag, 0, output(deliver));
    }

    /** Takes one segment, as {@link #add(long, byte[], int, int, boolean, boolean, long, Output)} at time 0. */
    boolean add(
            long seq,
            byte[] payload,
            int missing,
            int snapLength,
            boolean finFlag,
            boolean synFlag,
            BiConsumer<Long, byte[]> deliver) {
        return add(seq, payload, missing, snapLength, finFlag, synFlag, 0, output(deliver));
    }

    /**
     * Takes one segment captured at {@code micros} whose last {@code missing} payload bytes were not captured (cut at
     * {@code snapLength}, -1 if unknown); hands bytes now in order to {@code out} once; returns whether the FIN is
     * reached. A hole the peer has acknowledged past, or one that holds more than {@link #HISTORY} bytes waiting
     * behind it, is given up on: skipped and reported to {@code out}.
     */
    boolean add(
            long seq,
            byte[] payload,
            int missing,
            int snapLength,
            boolean finFlag,
            boolean synFlag,
            long micros,
            Output out) {
        if (base < 0) {
            base = synFlag ? (seq + 1) % MOD : seq; // a connection captured mid-stream starts where we came in
        }
        long first = synFlag ? (seq + 1) % MOD : seq;
        long offset = next + (int) ((first - (base + next) % MOD + MOD) % MOD);
        long length = (long) payload.length + missing;
        boolean keepAlive = length <= 1 && offset == next - 1 && !finFlag && !synFlag;
        if (payload.length > 0 && !keepAlive) {
            insert(offset, payload, micros);
        }
        if (missing > 0 && !keepAlive) {
            long from = offset + payload.length;
            cut = writable(cut);
            cut.merge(from, from + missing, Math::max);
            cutSnapLength = !cutSeen || cutSnapLength == snapLength ? snapLength : -1;
            cutSeen = true;
        }
        if (finFlag && fin < 0) {
            fin = offset + length;
            finMicros = micros;
        }
        drain(out);
        boolean reached = false;
        while (pendingBytes > HISTORY && hasHole()) {
            reached |= skipHole(out);
        }
        reached |= skipAcknowledgedHoles(out);
        return finReached() || reached;
    }

    /**
     * Keeps the bytes of a segment that no earlier segment carried (the first copy stands) and compares the rest with
     * that first copy.
     */
    private void insert(long offset, byte[] payload, long micros) {
        long end = offset + payload.length;
        long[] differing = {0, 0, -1}; // bytes that differ, bytes compared, offset of the first that differs
        lateCutBytes += overlap(skippedCuts, offset, Math.min(end, next));
        lateGapBytes += overlap(skippedGaps, offset, Math.min(end, next));
        compare(delivered, offset, Math.min(end, next), payload, offset, differing);
        long at = Math.max(offset, next);
        if (at < end) {
            List<Map.Entry<Long, Chunk>> held = new ArrayList<>();
            Map.Entry<Long, Chunk> before = pending.floorEntry(at);
            if (before != null && before.getKey() + before.getValue().bytes().length > at) {
                held.add(before);
            }
            held.addAll(pending.subMap(at, false, end, false).entrySet());
            for (Map.Entry<Long, Chunk> h : held) {
                long start = h.getKey();
                long stop = start + h.getValue().bytes().length;
                if (start > at) {
                    hold(at, slice(payload, offset, at, start), micros);
                }
                compare(
                        Map.entry(start, h.getValue().bytes()),
                        Math.max(at, start),
                        Math.min(end, stop),
                        payload,
                        offset,
                        differing);
                at = Math.max(at, stop);
            }
            if (at < end) {
                hold(at, slice(payload, offset, at, end), micros);
            }
        }
        if (differing[0] > 0) {
            if (conflicts == 0) {
                conflictOffset = differing[2];
                conflictDiffering = (int) differing[0];
                conflictShared = (int) differing[1];
            }
            conflicts++;
        }
    }

    private void hold(long offset, byte[] bytes, long micros) {
        pending = writable(pending);
        pending.put(offset, new Chunk(bytes, micros));
        pendingBytes += bytes.length;
    }

    /** Counts the bytes of [from, to) inside the ranges of {@code ranges} (start -> end, not overlapping). */
    private static long overlap(NavigableMap<Long, Long> ranges, long from, long to) {
        if (from >= to) {
            return 0;
        }
        Long start = ranges.floorKey(from);
        long n = 0;
        for (Map.Entry<Long, Long> r :
                ranges.tailMap(start == null ? from : start, true).entrySet()) {
            if (r.getKey() >= to) {
                break;
            }
            n += Math.max(0, Math.min(to, r.getValue()) - Math.max(from, r.getKey()));
        }
        return n;
    }

    /** Compares {@code payload} (starting at {@code offset}) over [from, to) with the chunks that cover it. */
    private static void compare(
            NavigableMap<Long, byte[]> chunks, long from, long to, byte[] payload, long offset, long[] differing) {
        if (from >= to) {
            return;
        }
        Long start = chunks.floorKey(from);
        for (Map.Entry<Long, byte[]> e :
                chunks.tailMap(start == null ? from : start, true).entrySet()) {
            if (e.getKey() >= to) {
                break;
            }
            compare(
                    e,
                    Math.max(from, e.getKey()),
                    Math.min(to, e.getKey() + e.getValue().length),
                    payload,
                    offset,
                    differing);
        }
    }

    private static void compare(
            Map.Entry<Long, byte[]> chunk, long from, long to, byte[] payload, long offset, long[] differing) {
        for (long i = from; i < to; i++) {
            if (chunk.getValue()[(int) (i - chunk.getKey())] != payload[(int) (i - offset)]) {
                if (differing[0]++ == 0 || i < differing[2]) {
                    differing[2] = i;
                }
            }
            differing[1]++;
        }
    }

    private static byte[] slice(byte[] payload, long offset, long from, long to) {
        return from == offset && to == offset + payload.length
                ? payload
                : Arrays.copyOfRange(payload, (int) (from - offset), (int) (to - offset));
    }

    private void drain(Output out) {
        while (true) {
            Map.Entry<Long, Chunk> e = pending.firstEntry();
            if (e != null && e.getKey() <= next) {
                pending.pollFirstEntry();
                if (pending.isEmpty()) {
                    pending = Collections.emptyNavigableMap(); // in order again: no map held while none is needed
                }
                long offset = e.getKey();
                byte[] bytes = e.getValue().bytes();
                pendingBytes -= bytes.length;
                long end = offset + bytes.length;
                if (end <= next) {
                    continue;
                }
                int skip = (int) (next - offset);
                byte[] fresh = skip == 0 ? bytes : Arrays.copyOfRange(bytes, skip, bytes.length);
                out.data(next, fresh, e.getValue().micros());
                delivered = writable(delivered);
                delivered.put(next, fresh);
                next = end;
                forget();
            } else if (!skipCut(e == null ? Long.MAX_VALUE : e.getKey())) {
                return;
            }
        }
    }

    /**
     * Drops the delivered bytes a retransmission is no longer compared with: those more than {@link #HISTORY} behind
     * the stream's front that the peer has acknowledged (all of them, when no acknowledgment was captured).
     */
    private void forget() {
        long floor = next - HISTORY;
        if (firstAck >= 0 && base >= 0) {
            long acked = next + (int) ((furthestAck - (base + next) % MOD + MOD) % MOD); // behind next: negative
            floor = Math.min(floor, acked);
        }
        while (!delivered.isEmpty()) {
            Map.Entry<Long, byte[]> first = delivered.firstEntry();
            if (first.getKey() + first.getValue().length > floor) {
                return;
            }
            delivered.pollFirstEntry();
        }
    }

    /** Drops every byte kept for comparisons, once the connection has ended and takes no more segments. */
    void release() {
        delivered = Collections.emptyNavigableMap();
    }

    /** {@return the payload bytes held: out of order, waiting for a hole to fill, and kept for comparisons} */
    long held() {
        long n = pendingBytes;
        for (byte[] b : delivered.values()) {
            n += b.length;
        }
        return n;
    }

    /**
     * Skips the bytes cut from their frame that the stream has reached, up to {@code before} (where bytes captured
     * whole take over); returns whether it skipped any.
     */
    private boolean skipCut(long before) {
        if (!cut.isEmpty()) {
            cut.headMap(next, false).entrySet().removeIf(c -> c.getValue() <= next); // behind the stream: passed
        }
        Map.Entry<Long, Long> c = cut.floorEntry(next);
        if (c == null || c.getValue() <= next) {
            return false;
        }
        long end = Math.min(c.getValue(), before);
        if (firstCutOffset < 0) {
            firstCutOffset = next;
            firstCutLength = end - next;
        }
        cutBytes += end - next;
        cutHoles++;
        skippedCuts = writable(skippedCuts);
        skippedCuts.put(next, end);
        next = end;
        return true;
    }

    private boolean finReached() {
        if (!finDelivered && fin >= 0 && next >= fin && pending.isEmpty()) {
            finDelivered = true;
            return true;
        }
        return false;
    }

    /** Tells whether bytes or a FIN captured wait behind a hole. */
    boolean hasHole() {
        return !pending.isEmpty() || cut.ceilingKey(next) != null || (!finDelivered && fin > next);
    }

    /**
     * Skips the first hole, reporting it to {@code out}, up to the next bytes captured, cut from their frame (which
     * are then skipped and counted as cut) or the FIN; returns whether the FIN is reached.
     */
    boolean skipHole(Output out) {
        Long cutAt = cut.ceilingKey(next);
        long to;
        if (!pending.isEmpty()) {
            to = cutAt == null ? pending.firstKey() : Math.min(cutAt, pending.firstKey());
        } else if (cutAt != null) {
            to = cutAt;
        } else if (!finDelivered && fin > next) {
            to = fin;
        } else {
            return false;
        }
        if (to > next) {
            out.gap(next, to - next, pending.isEmpty() && to == fin);
            skippedGaps = writable(skippedGaps);
            skippedGaps.put(next, to);
            next = to;
        }
        drain(out);
        return finReached();
    }

    /** Skips the holes the peer acknowledged past: it had their bytes, so the capture lost them. */
    private boolean skipAcknowledgedHoles(Output out) {
        long acked = acknowledgedOffset();
        boolean reached = false;
        while (!finDelivered && hasHole() && acked >= holeEnd()) {
            reached |= skipHole(out);
        }
        return reached;
    }

    /** {@return where the bytes (or FIN) after the first hole start} */
    private long holeEnd() {
        Long cutAt = cut.ceilingKey(next);
        long end = pending.isEmpty() ? (cutAt != null ? cutAt : fin) : pending.firstKey();
        return end < 0 ? Long.MAX_VALUE : end;
    }

    /** {@return the offset the peer acknowledged up to (unwrapped), or -1 before its first acknowledgment} */
    private long acknowledgedOffset() {
        if (firstAck < 0 || base < 0) {
            return -1;
        }
        return (int) (firstAck - base) + ackAdvance;
    }

    /**
     * Tells about the bytes skipped because their frame was cut: {@code {bytes, holes, the first hole's offset, its
     * length, the snapshot length that cut them (-1 if unknown or not one for all), bytes of them that a later copy
     * (a retransmission cut elsewhere) carried once the stream had passed them, not kept}}, or null when none were.
     */
    long @Nullable [] cut() {
        return cutHoles == 0
                ? null
                : new long[] {cutBytes, cutHoles, firstCutOffset, firstCutLength, cutSnapLength, lateCutBytes};
    }

    /** Takes an acknowledgment number the peer sent for this stream, as {@link #acknowledged(long, long, Output)}. */
    void acknowledged(long ack) {
        acknowledged(ack, 0, output((o, b) -> {}));
    }

    /**
     * Takes an acknowledgment number the peer sent for this stream at {@code micros}: skips the holes it passes
     * (reported to {@code out}, the bytes after them delivered), and returns whether it tells the FIN was sent though
     * not captured: a step forward of one past every byte captured, nothing held, when the step before was not one
     * too (a lost last byte looks the same; see {@link #finInferred()}).
     */
    boolean acknowledged(long ack, long micros, Output out) {
        if (firstAck < 0) {
            firstAck = ack;
            furthestAck = ack;
            return false;
        }
        if ((int) (ack - furthestAck) <= 0) {
            return false; // not ahead, across a wrap of the sequence numbers too
        }
        stepBefore = beforeFurthestAck < 0 ? -1 : (furthestAck - beforeFurthestAck + MOD) % MOD;
        ackAdvance += (int) (ack - furthestAck);
        beforeFurthestAck = furthestAck;
        furthestAck = ack;
        if (base < 0 || finDelivered) {
            return false;
        }
        if (skipAcknowledgedHoles(out) || finReached()) {
            return true;
        }
        if (fin < 0
                && pending.isEmpty()
                && cut.ceilingKey(next) == null
                && acknowledgedOffset() == next + 1
                && (int) (furthestAck - beforeFurthestAck) == 1
                && stepBefore != 1) {
            fin = next;
            finMicros = micros;
            finInferred = true;
            return finReached();
        }
        return false;
    }

    /**
     * Takes back a FIN inferred from the peer's acknowledgment ({@link #finInferred()}) when a segment of this direction
     * at {@code seq} with {@code length} bytes (captured or cut) carries bytes past it, or a FIN after it: the step of
     * one was a byte the capture lost, which is now a hole the peer acknowledged. Returns whether it took the FIN back.
     */
    boolean retractInferredFin(long seq, long length, boolean finFlag, boolean synFlag) {
        if (!finInferred) {
            return false;
        }
        long first = synFlag ? (seq + 1) % MOD : seq;
        long offset = next + (int) ((first - (base + next) % MOD + MOD) % MOD);
        if (!(length > 0 && offset + length > fin) && !(finFlag && offset > fin)) {
            return false; // an old byte again, or a pure acknowledgment at the FIN's next sequence number
        }
        fin = -1;
        finDelivered = false;
        finInferred = false;
        finMicros = 0;
        return true;
    }

    /** {@return whether the FIN was captured, or is among what the peer acknowledged (see {@link #unacknowledgedTail})} */
    boolean finAcknowledged() {
        long[] tail = unacknowledgedTail();
        return fin >= 0 || (tail != null && (tail[1] == 0 || tail[2] == 1));
    }

    /** {@return the bytes that came into a hole after it was given up on (and were not kept)} */
    long lateGapBytes() {
        return lateGapBytes;
    }

    /** {@return whether a FIN was captured or inferred} */
    boolean finSeen() {
        return fin >= 0;
    }

    /** {@return whether the FIN was not captured but taken from the peer's acknowledgment of it} */
    boolean finInferred() {
        return finInferred;
    }

    /** {@return when the FIN was captured, or acknowledged if it was inferred} */
    long finMicros() {
        return finMicros;
    }

    /**
     * Tells what the peer acknowledged beyond the last byte (and FIN) captured, once every segment is in: {@code
     * {offset, bytes, 1 if a FIN was among them}}, or null when nothing acknowledged is missing. A stream with no
     * segment counts from the peer's first acknowledgment (of the SYN, when the handshake was captured). A last step
     * forward of one sequence number is taken for a FIN's (a lost last byte and a lost FIN look alike), unless the
     * step before it was one too (a conversation of single bytes).
     */
    long @Nullable [] unacknowledgedTail() {
        if (firstAck < 0 || !pending.isEmpty()) {
            return null;
        }
        long acked = base >= 0 ? acknowledgedOffset() : ackAdvance; // with no segment, from the first acknowledgment
        long captured = fin >= 0 ? fin + 1 : next;
        if (acked <= captured) {
            return null;
        }
        boolean finToo =
                fin < 0 && beforeFurthestAck >= 0 && (int) (furthestAck - beforeFurthestAck) == 1 && stepBefore != 1;
        return new long[] {next, acked - captured - (finToo ? 1 : 0), finToo ? 1 : 0};
    }

    /**
     * Tells about the retransmissions that differ from the first copy: {@code {count, the offset where the first one
     * first differs, how many of its bytes differ, of how many it shares with the first copy}}, or null when none
     * did.
     */
    long @Nullable [] conflicts() {
        return conflicts == 0 ? null : new long[] {conflicts, conflictOffset, conflictDiffering, conflictShared};
    }
}
