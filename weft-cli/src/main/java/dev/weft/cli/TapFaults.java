package dev.weft.cli;

import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.IDelayedCall;
import dev.weft.internet.IReactorTime;
import dev.weft.internet.testing.Direction;
import dev.weft.internet.testing.Fault;
import dev.weft.internet.testing.FaultLink;
import dev.weft.internet.testing.Faults;
import dev.weft.internet.testing.capture.CloseKind;
import dev.weft.internet.testing.capture.FaultRecord;
import dev.weft.internet.testing.capture.Side;
import java.util.EnumMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Applies {@code weft tap --fault} to one connection: each direction goes through a {@link
 * FaultLink} (weft-testing's schedule of the fault values), whose events are delivered on the
 * reactor's timers to the {@link TapConnection} as if the bytes, half-closes and closes had just
 * arrived. So the capture records what was delivered, when, plus a {@link FaultRecord} for each
 * limit that acted.
 *
 * <p>A peer's clean close or half-close waits behind the bytes held from it, and so does a TLS peer's close without
 * a close_notify (a truncation: its bytes were sent, only its end was no clean one). A peer's reset is an abort:
 * it passes at once and the bytes held from that peer are dropped. Bytes held for a leg that has
 * closed meanwhile are dropped when the connection ends. Either drop is recorded as a {@link
 * FaultRecord} naming how many bytes, and every leg still gets its close record.
 *
 * <p>A {@code stall-after} holds the end of stream too: a peer's clean close or half-close that reaches a stalled
 * direction (behind the bytes passed before the stall) is recorded as a {@link FaultRecord} and never passed on, and
 * {@link TapConnection#endHeld} decides what becomes of the connection.
 *
 * <p>Back-pressure: once a link holds more than {@link #HELD_BOUND} bytes, the tap stops reading their sender until
 * it holds less than {@link #HELD_LOW}, so a fast sender behind a slow {@code bandwidth} fills its own TCP window,
 * not the tap's memory. A {@code stall-after} keeps nothing (what follows it is only counted), so it does not hold
 * the sender back.
 *
 * <p>Confined to the reactor thread.
 */
final class TapFaults {
    /**
     * The bytes a fault may hold from one sender before the tap stops reading it: 1 MiB. A {@code latency} of L
     * seconds holds what the sender sends in L, so this caps such a link at about 1 MiB per L (10 MiB/s behind
     * 100 ms), as a TCP window caps a real one; and memory stays bounded, as without faults.
     */
    static final int HELD_BOUND = 1 << 20;

    /**
     * The bytes held below which the tap reads the sender again: 512 KiB, so the sender has half a mebibyte of time
     * to refill before a {@code bandwidth} runs dry, and a pause costs at least that many bytes delivered.
     */
    static final int HELD_LOW = HELD_BOUND / 2;

    private final TapConnection connection;
    private final Faults faults;
    private final IReactorTime clock;
    private final CaptureLog log;
    private final Map<Side, FaultLink> links = new EnumMap<>(Side.class);
    private final Map<Side, Failure> lostPending = new EnumMap<>(Side.class);
    private final Map<Side, Boolean> endOffered = new EnumMap<>(Side.class);
    private final Map<Side, Boolean> endDelivered = new EnumMap<>(Side.class);
    private final Map<Side, Boolean> stallReported = new EnumMap<>(Side.class);
    /**
     * The senders whose end of stream reached a stalled link: false while it waits behind the bytes passed before the
     * stall, true once it has been recorded and handed to {@link TapConnection#endHeld}.
     */
    private final Map<Side, Boolean> endStalled = new EnumMap<>(Side.class);
    /** The senders the tap has stopped reading because a fault holds more than {@link #HELD_BOUND} of their bytes. */
    private final Map<Side, Boolean> holdingBack = new EnumMap<>(Side.class);

    private final long[] mostHeld = new long[2];
    private @Nullable IDelayedCall timer;
    private boolean closedByFault;

    TapFaults(TapConnection connection, Faults faults, IReactorTime clock, CaptureLog log) {
        this.connection = connection;
        this.faults = faults;
        this.clock = clock;
        this.log = log;
        links.put(Side.CLIENT, new FaultLink(faults, Direction.CLIENT_TO_SERVER));
        links.put(Side.SERVER, new FaultLink(faults, Direction.SERVER_TO_CLIENT));
    }

    /** Tells whether the faults refuse every connection. */
    boolean refuses() {
        return faults.refuses();
    }

    /** Starts both links once the server leg is up: a limit of 0 bytes acts now. */
    void start() {
        double now = clock.seconds();
        for (Map.Entry<Side, FaultLink> e : links.entrySet()) {
            e.getValue().start(now);
            noteStall(e.getKey());
        }
        pump();
    }

    void offer(Side from, byte[] data) {
        FaultLink link = link(from);
        link.offer(data, clock.seconds());
        mostHeld[from.code()] = Math.max(mostHeld[from.code()], link.queued());
        noteStall(from);
        pump();
    }

    void offerEnd(Side from) {
        endOffered.put(from, true);
        offerEndOrStall(from);
        pump();
    }

    /** Offers {@code from}'s end of stream to its link, or holds it if the link is stalled. */
    private void offerEndOrStall(Side from) {
        FaultLink link = link(from);
        if (link.isStalled()) {
            endStalled.putIfAbsent(from, false); // acts once the bytes before the stall are delivered (pump)
        } else {
            link.offerEnd(clock.seconds());
        }
    }

    /**
     * Passes a leg's loss on: a clean close, or a TLS peer's close without close_notify, behind the bytes still
     * queued from it (or at once if its end is out), a reset at once, dropping what is queued from that leg, with a
     * fault record saying how much.
     */
    void offerLost(Side from, Failure reason) {
        if (closedByFault || Boolean.TRUE.equals(endDelivered.get(from)) || Boolean.TRUE.equals(endStalled.get(from))) {
            connection.deliverLost(from, reason);
            return;
        }
        lostPending.put(from, reason);
        boolean endHeld = Boolean.TRUE.equals(endOffered.put(from, true));
        FaultLink link = link(from);
        if (reason.check(ConnectionDone.class) != null || TapConnection.truncation(reason)) {
            offerEndOrStall(from); // a TLS peer's FIN without close_notify too: its bytes pass first
        } else {
            endStalled.remove(from); // the reset replaces an end still waiting behind bytes
            long before = link.dropped();
            link.offerReset(clock.seconds());
            long dropped = link.dropped() - before;
            if (dropped > 0 || endHeld) {
                String what = Units.bytes(dropped) + " " + from.arrow() + (endHeld ? " and the half-close" : "");
                String why = TapConnection.kindOf(reason) == CloseKind.RESET
                        ? " " + TapConnection.lossWords(reason)
                        : "'s connection failed";
                log.record(new FaultRecord(
                        connection.id(),
                        log.micros(),
                        faultText(from),
                        "dropped the " + what + " it held: the " + sender(from) + why));
            }
        }
        pump();
    }

    /**
     * Ends the faults of a connection whose legs have both closed: what the links still hold cannot be delivered any
     * more, so it is dropped with a fault record saying how much, and a leg's close queued behind it is recorded.
     */
    void finish() {
        cancel();
        for (Side from : Side.values()) {
            FaultLink link = link(from);
            long dropped = 0;
            for (FaultLink.Event e = link.poll(Double.POSITIVE_INFINITY);
                    e != null;
                    e = link.poll(Double.POSITIVE_INFINITY)) {
                dropped += e.data().length;
            }
            if (dropped > 0) {
                log.record(new FaultRecord(
                        connection.id(),
                        log.micros(),
                        faultText(from),
                        "dropped the " + Units.bytes(dropped) + " " + from.arrow() + " it held: the " + receiver(from)
                                + " leg had closed"));
            }
            Failure lost = lostPending.remove(from);
            if (lost != null) {
                endDelivered.put(from, true);
                connection.deliverLost(from, lost);
            }
        }
    }

    /** Cancels the pending timer. */
    private void cancel() {
        IDelayedCall t = timer;
        if (t != null && t.active()) {
            t.cancel();
        }
        timer = null;
    }

    private void pump() {
        double now = clock.seconds();
        while (true) {
            Side next = null;
            for (Map.Entry<Side, FaultLink> e : links.entrySet()) {
                double due = e.getValue().nextDue();
                if (!Double.isNaN(due) && (next == null || due < link(next).nextDue())) {
                    next = e.getKey();
                }
            }
            FaultLink.Event event = next == null ? null : link(next).poll(now);
            if (next == null || event == null) {
                break; // nothing queued, or the earliest event is not due yet
            }
            handle(next, event);
        }
        schedule(now);
        holdBackOrRelease();
        actOnStalledEnds();
    }

    /**
     * Records each end of stream a stall holds once the bytes passed before the stall are delivered, and hands it to
     * the connection, with the sender's close if it came with it: the receiver is never told.
     */
    private void actOnStalledEnds() {
        for (Side from : Side.values()) {
            FaultLink link = link(from);
            if (!Boolean.FALSE.equals(endStalled.get(from)) || !Double.isNaN(link.nextDue())) {
                continue;
            }
            endStalled.put(from, true);
            String held = "held the " + sender(from) + "'s end of stream behind the stall (" + passed(from)
                    + " passed, " + link.held() + " held): the " + receiver(from) + " is not told; ";
            record(
                    from,
                    held
                            + (from == Side.CLIENT
                                    ? "reset the server leg and closed the client's"
                                    : connection.clientEnded()
                                            ? "the client had ended its side, so the connection ends"
                                            : "the connection ends when the client ends its side"));
            connection.endHeld(from, limitText(from));
            Failure lost = lostPending.remove(from);
            if (lost != null) {
                connection.deliverLost(from, lost);
            }
        }
    }

    /**
     * Stops reading a sender whose link holds more than {@link #HELD_BOUND} bytes, and reads it again once it holds
     * less than {@link #HELD_LOW}: a fast sender is held back by TCP's flow control, not by the tap's memory.
     */
    private void holdBackOrRelease() {
        for (Side from : Side.values()) {
            long queued = link(from).queued();
            boolean holding = Boolean.TRUE.equals(holdingBack.get(from));
            if (!holding && queued > HELD_BOUND) {
                holdingBack.put(from, true);
                connection.holdBack(from, true);
            } else if (holding && queued < HELD_LOW) {
                holdingBack.put(from, false); // first: reading again may bring bytes at once
                connection.holdBack(from, false);
            }
        }
    }

    /**
     * Tells whether a fault holds bytes on their way to a leg (a {@code latency} or {@code bandwidth}): the
     * connection is not idle while it does. A {@code stall-after} holds nothing.
     */
    boolean holdsBytes() {
        return link(Side.CLIENT).queued() > 0 || link(Side.SERVER).queued() > 0;
    }

    /** Returns the most bytes the link from {@code from} has held at once. */
    long mostHeld(Side from) {
        return mostHeld[from.code()];
    }

    private void schedule(double now) {
        double earliest = Double.NaN;
        for (FaultLink link : links.values()) {
            double due = link.nextDue();
            if (!Double.isNaN(due) && (Double.isNaN(earliest) || due < earliest)) {
                earliest = due;
            }
        }
        cancel();
        if (!Double.isNaN(earliest)) {
            timer = clock.callLater(Math.max(0, earliest - now), () -> {
                timer = null;
                pump();
            });
        }
    }

    private void handle(Side from, FaultLink.Event event) {
        switch (event.type()) {
            case DATA -> connection.deliverData(from, event.data());
            case END -> {
                endDelivered.put(from, true);
                Failure lost = lostPending.remove(from);
                if (!Boolean.TRUE.equals(endOffered.get(from))) {
                    record(
                            from,
                            "the " + receiver(from) + " got the end of stream after " + passed(from)
                                    + "; later bytes are dropped");
                }
                if (lost != null) {
                    connection.deliverLost(from, lost);
                } else {
                    connection.deliverReadLost(from);
                }
            }
            case CLOSE -> {
                closedByFault = true;
                record(from, "closed both legs after " + passed(from));
                connection.closeBothByTap(false);
            }
            case RESET -> {
                Failure lost = lostPending.remove(from);
                if (lost != null) {
                    endDelivered.put(from, true);
                    connection.deliverLost(from, lost); // the sender's own reset, behind its bytes
                } else {
                    closedByFault = true;
                    record(from, "reset both legs after " + passed(from));
                    connection.closeBothByTap(true);
                }
            }
        }
    }

    private void noteStall(Side from) {
        FaultLink link = link(from);
        if (link.isStalled() && !Boolean.TRUE.equals(stallReported.put(from, true))) {
            record(from, "stalled after " + passed(from) + "; the rest is held and the connection stays open");
        }
    }

    private void record(Side from, String effect) {
        log.record(new FaultRecord(connection.id(), log.micros(), limitText(from), effect));
    }

    private String passed(Side from) {
        return Units.bytes(link(from).passed()) + " " + from.arrow();
    }

    private String limitText(Side from) {
        Direction d = from == Side.CLIENT ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT;
        Fault limit = faults.limit(d);
        return limit == null ? d.prefix() : limit.toString();
    }

    /** Returns every fault on the direction {@code from} sends, e.g. {@code c>s:latency=50,bandwidth=1000/s}. */
    private String faultText(Side from) {
        Direction d = from == Side.CLIENT ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT;
        StringBuilder text = new StringBuilder(d.prefix()).append(':');
        for (Fault f : faults.on(d)) {
            text.append(f.toString().replaceFirst("^[cs]>[sc]:", "")).append(',');
        }
        return text.substring(0, text.length() - 1);
    }

    private static String receiver(Side from) {
        return from == Side.CLIENT ? "server" : "client";
    }

    private static String sender(Side from) {
        return from == Side.CLIENT ? "client" : "server";
    }

    /** Returns the link of the bytes {@code from} sends (both exist from the start). */
    private FaultLink link(Side from) {
        return java.util.Objects.requireNonNull(links.get(from), "link");
    }
}
