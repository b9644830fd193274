package dev.weft.internet.testing;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * One direction of a connection with its faults applied: bytes offered with the time they were written come out as
 * timed {@link Event}s, which the caller delivers when {@link #poll due}. It holds no clock, so {@link FaultyPump} and
 * real sockets share it; equal {@link Faults} and offers give equal events. Times are in the offering clock's seconds.
 * Confined to one thread (the test's, or the reactor's).
 *
 * <p>Events come out in the order they went in, each due no earlier than the one before: a {@code latency=MS~JITTER}
 * draws one delay per offer (per write in memory, per read on a socket, as Toxiproxy's jitter is per chunk), and an
 * offer whose draw would overtake the one before is due with it instead (as Toxiproxy's serial delay does). The draws
 * come from their own stream of the seed, so adding a jitter does not change where a {@code slice} cuts.
 */
public final class FaultLink {
    /** Two times this close are the same instant. */
    static final double EPSILON = 1e-9;

    /** What an event tells the receiving side. */
    public enum Type {
        /** A piece of bytes, delivered as one read. */
        DATA,
        /** End of stream in this direction (the sender's own, or a {@code half-close-after}). */
        END,
        /** A clean close of the whole connection ({@code close-after}). */
        CLOSE,
        /** A reset of the whole connection ({@code reset-after}, or the sender's own reset). */
        RESET
    }

    /** One timed event; the bytes of a {@link Type#DATA} event are owned by the receiver, empty otherwise. */
    public record Event(double due, Type type, byte[] data) {
        /** Checks that the fields are not null. */
        public Event {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(data, "data");
        }

        /** Prints the event for a trace, e.g. {@code 50000us DATA 3}. */
        @Override
        public String toString() {
            return Math.round(due * 1e6) + "us " + type + (type == Type.DATA ? " " + data.length : "");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Event e && e.due == due && e.type == type && Arrays.equals(e.data, data);
        }

        @Override
        public int hashCode() {
            return Objects.hash(due, type, Arrays.hashCode(data));
        }
    }

    private final Direction direction;
    private final long latencyMillis;
    private final long jitterMillis;
    private final long rate;
    private final double slowClose;
    private final int sliceMin;
    private final int sliceMax;
    private final @Nullable Fault limit;
    private final SplittableRandom random;
    private final SplittableRandom jitterRandom;
    private final ArrayDeque<Event> queue = new ArrayDeque<>();
    private double lastDue = Double.NEGATIVE_INFINITY;
    private long passed;
    private long queued;
    private long held;
    private long dropped;
    private boolean ended;
    private boolean stalled;

    /** Creates the link for one direction of one connection (not {@link Direction#BOTH}). */
    public FaultLink(Faults faults, Direction oneWay) {
        if (oneWay == Direction.BOTH) {
            throw new IllegalArgumentException("a link carries one direction: CLIENT_TO_SERVER or SERVER_TO_CLIENT");
        }
        this.direction = oneWay;
        Fault l = faults.find(oneWay, Fault.Kind.LATENCY);
        this.latencyMillis = l == null ? 0 : l.value();
        this.jitterMillis = l == null ? 0 : l.jitter();
        Fault b = faults.find(oneWay, Fault.Kind.BANDWIDTH);
        this.rate = b == null ? 0 : b.value();
        Fault c = faults.find(oneWay, Fault.Kind.SLOW_CLOSE);
        this.slowClose = c == null ? 0 : c.value() / 1000.0;
        Fault s = faults.find(oneWay, Fault.Kind.SLICE);
        this.sliceMin = s == null ? 0 : (int) s.value();
        this.sliceMax = s == null ? 0 : (int) s.max();
        Fault smallest = null;
        for (Fault f : faults.on(oneWay)) {
            if (f.kind().isLimit() && (smallest == null || f.value() < smallest.value())) {
                smallest = f;
            }
        }
        this.limit = smallest;
        long seed = faults.seed() * 0x9E3779B97F4A7C15L + oneWay.ordinal();
        this.random = new SplittableRandom(seed);
        this.jitterRandom = new SplittableRandom(seed).split();
    }

    /** Starts the link: a limit of 0 bytes acts now. */
    public void start(double now) {
        Fault l = limit;
        if (l != null && l.value() == 0 && !ended) {
            trigger(l, now + delay());
        }
    }

    /** Offers bytes the sender wrote at {@code now}; the array is not kept (pieces are copies). */
    public void offer(byte[] data, double now) {
        if (ended) {
            discard(data.length);
            return;
        }
        Fault l = limit;
        long room = l == null ? Long.MAX_VALUE : l.value() - passed;
        int pass = (int) Math.min(data.length, room);
        double arrival = now + delay();
        double ready = Math.max(arrival, lastDue);
        int offset = 0;
        while (offset < pass) {
            int n = pass - offset;
            if (sliceMin > 0) {
                n = Math.min(n, sliceMin + random.nextInt(sliceMax - sliceMin + 1));
            }
            if (rate > 0) {
                n = (int) Math.min(n, Math.max(1, rate / 10));
                ready += (double) n / rate;
            }
            schedule(ready, Type.DATA, Arrays.copyOfRange(data, offset, offset + n));
            offset += n;
        }
        passed += pass;
        if (l != null && passed == l.value()) {
            trigger(l, arrival);
        }
        discard(data.length - pass);
    }

    /** Offers the sender's end of stream (its close or half-close); a stalled link holds it. */
    public void offerEnd(double now) {
        if (ended) {
            return;
        }
        ended = true;
        schedule(Math.max(now + delay(), lastDue) + slowClose, Type.END, new byte[0]);
    }

    /**
     * Offers the sender's reset: due at once, and what is still queued is dropped, an end of stream, close or reset
     * not yet taken included (the reset replaces it).
     */
    public void offerReset(double now) {
        boolean endQueued = false;
        for (Event e : queue) {
            dropped += e.data().length;
            endQueued |= e.type() != Type.DATA;
        }
        queue.clear();
        queued = 0;
        if (ended && !stalled && !endQueued) {
            return; // an end of stream, close or reset has been taken already
        }
        ended = true;
        stalled = false;
        lastDue = now; // the queue is empty: nothing left to overtake
        schedule(now, Type.RESET, new byte[0]);
    }

    /** Takes the next event if it is due, else returns null. */
    public @Nullable Event poll(double now) {
        Event head = queue.peekFirst();
        if (head == null || head.due() > now + EPSILON) {
            return null;
        }
        queued -= head.data().length;
        return queue.pollFirst();
    }

    /** Returns when the next event is due, or {@link Double#NaN} when nothing is queued. */
    public double nextDue() {
        Event head = queue.peekFirst();
        return head == null ? Double.NaN : head.due();
    }

    /** Returns how many bytes have passed the limits (queued or delivered). */
    public long passed() {
        return passed;
    }

    /**
     * Returns how many bytes are queued: passed, not yet polled. A proxy keeps them in memory, so this is what it bounds
     * by reading the sender less; the bytes a {@code stall-after} holds are only counted ({@link #held()}), not kept.
     */
    public long queued() {
        return queued;
    }

    /** Returns how many bytes a {@code stall-after} is holding; they are never delivered. */
    public long held() {
        return held;
    }

    /** Returns how many bytes were dropped (after a close, reset or half-close). */
    public long dropped() {
        return dropped;
    }

    /** Tells whether a {@code stall-after} has stopped this direction. */
    public boolean isStalled() {
        return stalled;
    }

    /** Returns the direction this link carries. */
    public Direction direction() {
        return direction;
    }

    /**
     * Returns the delay of one offer in seconds: the latency, or with a jitter a whole number of milliseconds drawn
     * evenly from latency - jitter to latency + jitter, both included (Toxiproxy leaves out the top one).
     */
    private double delay() {
        if (jitterMillis == 0) {
            return latencyMillis / 1000.0;
        }
        return (latencyMillis - jitterMillis + jitterRandom.nextLong(2 * jitterMillis + 1)) / 1000.0;
    }

    /** Ends the link by limit {@code l}, its event due at {@code arrival} or after what is queued. */
    private void trigger(Fault l, double arrival) {
        ended = true;
        double due = Math.max(arrival, lastDue);
        switch (l.kind()) {
            case STALL_AFTER -> stalled = true;
            case CLOSE_AFTER -> schedule(due, Type.CLOSE, new byte[0]);
            case RESET_AFTER -> schedule(due, Type.RESET, new byte[0]);
            case HALF_CLOSE_AFTER -> schedule(due, Type.END, new byte[0]);
            default -> throw new AssertionError(l);
        }
    }

    private void discard(int n) {
        if (stalled) {
            held += n;
        } else {
            dropped += n;
        }
    }

    private void schedule(double due, Type type, byte[] data) {
        lastDue = Math.max(lastDue, due);
        queued += data.length;
        queue.addLast(new Event(lastDue, type, data));
    }
}
