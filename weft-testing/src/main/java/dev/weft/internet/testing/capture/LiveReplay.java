package dev.weft.internet.testing.capture;

import dev.weft.internet.IDelayedCall;
import dev.weft.internet.IReactorTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Plays one side of a recorded connection to a live peer over a real connection, step by step: what {@code weft
 * replay} does, and what a {@code SinkServer} script replaying a recording does (module {@code weft-fixture}). Where
 * {@link CaptureReplay} drives a weft protocol in memory, this drives a connection whose peer may be any program.
 *
 * <p>It writes the played side's recorded pieces one write each, half-closes where that side did, and closes or resets
 * where it did. Each step waits until the live peer has sent at least as many bytes as the recorded peer had sent
 * before that step (so a greeting is awaited, and a reply waits for its request), and with original timing also until
 * its recorded time after the connection was made. Where the recorded peer ended its side (a half-close, or a close of
 * its own) before a step, the {@link Order} says whether the step also waits for the live peer's end: by default
 * ({@link Order#BYTES}) only an end that answered the peer's end does (a half-close, close or reset with no write of
 * this side since the recorded peer's end), so a reply recorded after the client's half-close goes out once its request
 * has come, while a server that ended its side only because the client had ended first keeps it open until the live
 * client ends its own. Once the peer has ended its side, the remaining steps run at once and the connection is closed.
 * An idle timeout, if given, resets a connection whose peer sends nothing for that long while the replay waits
 * (re-armed by each step and each byte), also one that never ends its side when that is awaited.
 *
 * <p>The pacing counts bytes, not requests: a live peer that sends fewer bytes than the recorded one before a step
 * (a request one byte shorter) holds that step until it sends more or ends its side, and one that sends more gets
 * each later step early by the surplus. With {@link #ignoring} the count treats each run of bytes the patterns match
 * as one, on both sides, as the comparison does, so a {@code Host} header whose port has one digit more or less
 * releases its reply when the request is complete.
 *
 * <p>The owner, a protocol on the connection, reports what happens ({@link #start()}, {@link #received(long)}, {@link
 * #peerEnded()}, {@link #writeEnded()}, {@link #stopped()}) and the replay acts through {@link Actions}. Confined to
 * the reactor thread, except {@link #result(byte[])} once the connection has ended.
 */
public final class LiveReplay {
    /** What the replay does to the connection; called on the reactor thread. */
    public interface Actions {
        /** Writes one recorded piece. */
        void write(byte[] bytes);

        /** Ends this side's sending (a recorded half-close). */
        void halfClose();

        /** Closes the connection cleanly. */
        void close();

        /** Resets the connection (a recorded reset, or the idle timeout). */
        void reset();
    }

    /** Which steps recorded after the peer's end of stream wait for the live peer's end. */
    public enum Order {
        /**
         * Only the played side's end (half-close, close or reset) that followed the recorded peer's end with no write
         * of its own in between: a write waits for the peer's bytes alone, and so does an end that followed a write
         * (a reply, then the close). The default: a live peer that keeps its side open until it has its answer gets
         * it, and a server that ended its side because the client had keeps it open until the live client ends.
         */
        BYTES,
        /**
         * Every step recorded after the peer's end, writes too: the recording's order of both ends kept, for a peer
         * whose recorded counterpart would not answer before its end (a request delimited by a half-close).
         */
        STRICT
    }

    /**
     * One thing the recorded side did: write (its {@code piece}-th, from 1), half-close or close, and when it could:
     * at {@code micros}, once the peer had sent {@code peerBytesBefore} bytes, and once it had ended its side if
     * {@code afterPeerEnd}.
     */
    private record Step(
            long micros,
            @Nullable DataRecord data,
            int piece,
            boolean halfClose,
            @Nullable CloseRecord close,
            long peerBytesBefore,
            boolean afterPeerEnd) {}

    private final RecordedConnection connection;
    private final Side plays;
    private final List<Step> steps = new ArrayList<>();
    private final boolean originalTiming;
    private final IReactorTime clock;
    private final double idleTimeout;
    private final Actions actions;
    /**
     * How the recorded peer ended its side before this side's own close ("half-closed", "closed", "reset"), or null if
     * it did not: what {@link #result} expects of the live peer.
     */
    private final @Nullable String recordedPeerEnd;
    /**
     * Whether the recording tells that the peer had not ended its side when this side closed or reset (its own close,
     * not the tap's): then a live peer that ends or resets before the replay's close differs. Otherwise, with no end
     * recorded from either side (a stopped tap, a capture cut short), the live peer's end is not compared.
     */
    private final boolean recordedPeerStayed;

    private int next;
    private long received;
    private long sent;
    private boolean waitingForTime;
    private boolean halfClosed;
    /** Whether the replay has closed or reset the connection: it does so once. */
    private boolean closed;

    private volatile boolean peerDone;
    /** Whether the peer ended its side (an end of stream) before the replay closed or reset the connection. */
    private volatile boolean peerEndedFirst;
    /** Whether the connection was lost uncleanly (a reset) before the peer's end and before the replay's close. */
    private volatile boolean peerReset;
    /** Whether the owner told how the connection was lost ({@link #stopped(boolean)}), so a reset can be compared. */
    private volatile boolean lossTold;
    /** Whether the replay closed or reset the connection as recorded before the peer's end: its end was not seen. */
    private volatile boolean closedAsRecorded;

    private volatile boolean timedOut;
    private volatile boolean lost;
    private @Nullable IDelayedCall idle;
    private double connectedAt;
    /** What the replay waits for, in words, or empty; for {@link #waitingFor()} on any thread. */
    private volatile String waiting = "";
    /** What the replay holds for want of the peer's bytes, in words, or empty; for {@link #result}. */
    private volatile String holding = "";
    /** Whether {@link #holding} is final: the peer ended its side, or the connection was lost. */
    private boolean holdingFrozen;

    /** What the pacing and the result ignore; see {@link #ignoring}. */
    private List<Pattern> ignore = List.of();
    /** Per step, the peer's progress it awaits: {@link Step#peerBytesBefore}, or its units when ignoring. */
    private long[] due;
    /** Counts the peer's units as its bytes come, when ignoring. */
    private @Nullable SettledUnitCounter peerUnits;

    private boolean started;

    /** How many bytes the recorded peer sent in all, once a wait after the last step needs it; -1 before. */
    private long recordedPeerBytes = -1;

    /**
     * Prepares the replay of {@code plays}'s side of {@code connection} in the default {@link Order#BYTES} order.
     * @param originalTiming whether each step also waits for its recorded time after the connection was made
     * @param clock the reactor's clock, for timing and the idle timeout
     * @param idleTimeout how long the peer may stay silent while awaited; null for no limit
     * @param actions what the replay does to the connection
     */
    public LiveReplay(
            RecordedConnection connection,
            Side plays,
            boolean originalTiming,
            IReactorTime clock,
            @Nullable Duration idleTimeout,
            Actions actions) {
        this(connection, plays, Order.BYTES, originalTiming, clock, idleTimeout, actions);
    }

    /**
     * Prepares the replay of {@code plays}'s side of {@code connection}.
     * @param order which steps recorded after the peer's end wait for the live peer's end
     * @param originalTiming whether each step also waits for its recorded time after the connection was made
     * @param clock the reactor's clock, for timing and the idle timeout
     * @param idleTimeout how long the peer may stay silent while awaited; null for no limit
     * @param actions what the replay does to the connection
     */
    public LiveReplay(
            RecordedConnection connection,
            Side plays,
            Order order,
            boolean originalTiming,
            IReactorTime clock,
            @Nullable Duration idleTimeout,
            Actions actions) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.plays = Objects.requireNonNull(plays, "plays");
        this.originalTiming = originalTiming;
        this.clock = Objects.requireNonNull(clock, "clock");
        if (idleTimeout != null && (idleTimeout.isNegative() || idleTimeout.isZero())) {
            throw new IllegalArgumentException("the idle timeout must be positive, not " + idleTimeout);
        }
        this.idleTimeout = idleTimeout == null ? Double.NaN : idleTimeout.toNanos() / 1e9;
        this.actions = Objects.requireNonNull(actions, "actions");
        Objects.requireNonNull(order, "order");
        long start =
                connection.records().isEmpty() ? 0 : connection.records().get(0).micros();
        for (CaptureRecord r : connection.records()) {
            if (r instanceof ConnectedRecord) {
                start = r.micros(); // the server leg's life starts here; client bytes before it wait for it
                break;
            }
        }
        long peerBytes = 0;
        int pieces = 0;
        boolean peerEnded = false;
        boolean wroteSincePeerEnd = false;
        String peerEnd = null;
        boolean closesItself = false;
        for (CaptureRecord r : connection.records()) {
            long at = Math.max(0, r.micros() - start);
            boolean strict = order == Order.STRICT && peerEnded;
            boolean answersEnd = peerEnded && !wroteSincePeerEnd; // an end of this side, nothing written since
            if (r instanceof DataRecord d && d.from() != plays) {
                peerBytes += d.bytes().length;
            } else if (r instanceof DataRecord d) {
                steps.add(new Step(at, d, ++pieces, false, null, peerBytes, strict));
                wroteSincePeerEnd = peerEnded;
            } else if (r instanceof HalfCloseRecord h && h.from() == plays) {
                steps.add(new Step(at, null, 0, true, null, peerBytes, strict || answersEnd));
            } else if (r instanceof CloseRecord c && c.side() == plays && !c.byTap()) {
                steps.add(new Step(at, null, 0, false, c, peerBytes, strict || answersEnd));
                closesItself = true;
                break; // this side is gone: nothing after its close is its doing
            } else if (!peerEnded && endsPeer(r)) {
                peerEnded = true;
                if (r instanceof HalfCloseRecord) {
                    peerEnd = "half-closed";
                } else if (r instanceof CloseRecord c) {
                    peerEnd = c.kind() == CloseKind.CLEAN ? "closed" : "reset";
                }
            }
        }
        this.recordedPeerEnd = peerEnd;
        this.recordedPeerStayed = peerEnd == null && closesItself;
        this.due = steps.stream().mapToLong(Step::peerBytesBefore).toArray();
    }

    /**
     * Makes the pacing and {@link #result} ignore what {@code patterns} match in the peer's bytes, recorded and live:
     * each run of bytes inside a match counts as one (see {@link ByteDiff}), so a step waits until the live peer's
     * bytes hold as many units as the recorded peer's did before it. The live peer's bytes must then come through
     * {@link #received(byte[])}. A match that may still be arriving within the last {@value
     * ByteDiff#UNSETTLED_WINDOW} bytes is not counted yet; one that grows across more than that many bytes of a read is
     * taken as ended there (what extends it counts byte by byte, so a step may go early). Call before {@link
     * #start()}; returns this.
     * @throws IllegalStateException once started
     */
    public LiveReplay ignoring(List<Pattern> patterns) {
        if (started) {
            throw new IllegalStateException("ignoring: the replay has started; give the patterns before start()");
        }
        ignore = List.copyOf(patterns);
        peerUnits = ignore.isEmpty() ? null : new SettledUnitCounter(ignore);
        if (ignore.isEmpty()) {
            due = steps.stream().mapToLong(Step::peerBytesBefore).toArray(); // bytes, as without ignoring
            return this;
        }
        byte[] recorded = connection.bytes(plays.other());
        SettledUnitCounter recordedUnits = new SettledUnitCounter(ignore);
        int counted = 0;
        for (int i = 0; i < steps.size(); i++) {
            int before = (int) steps.get(i).peerBytesBefore;
            recordedUnits.add(recorded, counted, before - counted);
            counted = before;
            due[i] = recordedUnits.count(); // the settled units of the recorded peer's bytes before step i
        }
        return this;
    }

    /**
     * Tells whether {@code r} is the recorded peer ending its side: its half-close, or a close of its leg by itself
     * (clean or a reset; not one the tap made, nor a failed connect).
     */
    private boolean endsPeer(CaptureRecord r) {
        if (r instanceof HalfCloseRecord h) {
            return h.from() != plays;
        }
        return r instanceof CloseRecord c && c.side() != plays && !c.byTap() && c.kind() != CloseKind.CONNECT_FAILED;
    }

    /** Starts the replay once the connection is made: the steps that await nothing run now. */
    public void start() {
        started = true;
        connectedAt = clock.seconds();
        touch();
        step();
    }

    /**
     * Counts {@code n} bytes the peer sent and runs the steps they let through.
     * @throws IllegalStateException if the replay {@linkplain #ignoring ignores patterns}: give the bytes instead
     */
    public void received(long n) {
        if (!ignore.isEmpty()) {
            throw new IllegalStateException(
                    "received(count): this replay ignores patterns, so it needs the bytes: call received(bytes)");
        }
        received += n;
        touch();
        step();
    }

    /**
     * Counts the bytes the peer sent (and their units when {@linkplain #ignoring ignoring}, in time linear in what the
     * peer sends), then runs the steps.
     */
    public void received(byte[] data) {
        SettledUnitCounter units = peerUnits;
        if (units != null) {
            units.add(data);
        }
        received += data.length;
        touch();
        step();
    }

    /** Returns the peer's progress: its byte count, or with patterns ignored its units. */
    private long progress() {
        SettledUnitCounter units = peerUnits;
        return units == null ? received : units.count();
    }

    /** Notes that the peer ended its side (end of stream): the remaining steps run, then the connection closes. */
    public void peerEnded() {
        holdingFrozen = true; // what was held when the peer ended is what a mismatch report needs
        if (!closed && !peerReset) {
            peerEndedFirst = true;
        }
        peerDone = true;
        step();
        if (halfClosed) {
            closeOnce();
        }
    }

    /** Notes that this side's half-close has completed: closes if the peer has ended too. */
    public void writeEnded() {
        if (peerDone) {
            closeOnce();
        }
    }

    /**
     * Notes that the connection is lost, without saying how: as {@link #stopped(boolean)}, except that whether the peer
     * reset it where the recorded peer did is then not compared.
     */
    public void stopped() {
        stopped(false);
        lossTold = false;
    }

    /**
     * Notes that the connection is lost: stops the idle timer. {@code unclean} tells whether it was lost uncleanly (a
     * {@code ConnectionLost}, not a {@code ConnectionDone}): before the peer's end and the replay's own close or reset,
     * that is the peer's reset, which {@link #result} compares with the recorded peer's end.
     */
    public void stopped(boolean unclean) {
        lossTold = true;
        if (unclean && !closed && !peerDone) {
            peerReset = true;
        }
        holdingFrozen = true;
        lost = true;
        if (!timedOut) {
            waiting = ""; // after the idle timeout, what it waited for stays told
        }
        IDelayedCall timer = idle;
        if (timer != null && timer.active()) {
            timer.cancel();
        }
    }

    /**
     * Describes what the replay waits for, e.g. {@code the client to end its side, as the recorded client had before
     * the server's half-close}; empty when it waits for nothing (it has finished, or the connection is lost), except
     * that after the {@linkplain #timedOut() idle timeout} it tells what the replay had waited for. Thread-safe.
     */
    public String waitingFor() {
        return waiting;
    }

    /** Returns how many recorded bytes this side has written. */
    public long sent() {
        return sent;
    }

    /** Tells whether the idle timeout ended the connection. */
    public boolean timedOut() {
        return timedOut;
    }

    /**
     * Compares what the live peer sent with what the recorded peer sent, and whether it ended its side where the
     * recorded peer did: the result's role is the peer's side, and {@link ReplayResult#assertMatches()} fails naming
     * the first differing byte, or a live peer that did not end its side as the recorded one did ({@link
     * ReplayResult#endMatches()}: an end of stream for a recorded half-close or close, a reset for a reset, neither
     * before this side's recorded close where the recorded peer had not ended; the owner tells a reset with {@link
     * #stopped(boolean)}). Call it once the connection has ended, or for what the peer has sent so far.
     */
    public ReplayResult result(byte[] peerSent) {
        return resultKeeping(peerSent.clone());
    }

    /**
     * As {@link #result}, but keeps {@code peerSent} itself rather than a copy: hand over an array nobody changes
     * afterwards (the result's accessors return copies). When it is exactly what the recorded peer sent, the result
     * compares it with itself, so the recorded bytes are not joined into an array either: a result of a matching
     * replay costs no copy of either side.
     */
    public ReplayResult resultKeeping(byte[] peerSent) {
        Side peer = plays.other();
        byte[] expected = connection.sentExactly(peer, peerSent) ? peerSent : connection.bytes(peer);
        return new ReplayResult(
                connection.id(),
                peer,
                expected,
                peerSent,
                peerDone,
                lost,
                recordedPeerEnd,
                endDifference(expected.length),
                holding,
                ignore);
    }

    /**
     * Tells how the live peer's end differed from the recorded peer's, in words, or empty if it did not, as {@link
     * ReplayResult#endDifference()} does, without the bytes a {@link #result} compares. Call it once the connection has
     * ended.
     */
    public String endDifference() {
        return endDifference(connection.byteCount(plays.other()));
    }

    /**
     * Tells what the replay was holding for want of the peer's bytes when the peer ended its side or the connection
     * was lost, as {@link ReplayResult#holding()} does; empty if nothing.
     */
    public String holding() {
        return holding;
    }

    /**
     * Tells how the live peer's end differs from the recorded peer's, in words, or empty if it does not: an end of
     * stream, a reset, or neither (kept open, or lost to the replay's idle timeout), against the recorded peer's
     * half-close or close, reset, or no end before this side's own close. Whether a half-close or a close ended the
     * live peer's side cannot be told from its end of stream, so those two match each other. An end the replay could
     * not see, because it closed or reset the connection as recorded first (a reply and the close not waiting for the
     * peer's end, {@link Order#BYTES}), is not held against the peer; neither is any end when the recording has none
     * from either side.
     */
    private String endDifference(long recordedBytes) {
        String peer = "the " + name(plays.other());
        String recorded = "the recorded " + name(plays.other());
        String end = recordedPeerEnd;
        if (end == null) {
            if (!recordedPeerStayed || closedAsRecorded || !(peerEndedFirst || peerReset)) {
                return "";
            }
            Step last = steps.get(steps.size() - 1);
            return peer + (peerReset ? " reset the connection" : " ended its side") + " before " + what(last) + "; "
                    + recorded + " had not ended its side by then";
        }
        String after = " after its " + recordedBytes + (recordedBytes == 1 ? " byte" : " bytes");
        if (end.equals("reset")) {
            if (peerReset || (closedAsRecorded && !peerDone) || (lost && !lossTold && !peerDone)) {
                return ""; // the reset came, could not be seen, or its loss was not told apart from a clean one
            }
            return peerDone
                    ? peer + " ended its side (an end of stream); " + recorded + " reset the connection" + after
                    : peer + " has not reset the connection; " + recorded + " reset it" + after;
        }
        if (peerDone || closedAsRecorded) {
            return "";
        }
        String did = "; " + recorded + " " + end + after;
        if (peerReset) {
            return peer + " reset the connection" + did;
        }
        return (lost && !timedOut
                        ? "the connection was lost before " + peer + " ended its side"
                        : peer + " has not ended its side") // open, or the idle timeout ended the wait for it
                + did;
    }

    /** Does the recorded steps that are due, then waits for the time, the bytes or the end of the next. */
    private void step() {
        while (next < steps.size() && !waitingForTime) {
            Step s = steps.get(next);
            long elapsedMicros = (long) ((clock.seconds() - connectedAt) * 1e6);
            if (originalTiming && s.micros > elapsedMicros) {
                waitingForTime = true;
                waiting = "the recorded time of " + what(s);
                clock.callLater((s.micros - elapsedMicros) / 1e6, () -> {
                    waitingForTime = false;
                    step();
                });
                return;
            }
            String peer = name(plays.other());
            long have = progress();
            if (have < due[next] && !peerDone) {
                long more = due[next] - have;
                String counted = ignore.isEmpty() ? "" : ", each ignored run counted as one byte";
                String moreBytes = more == 1 ? "1 more byte" : more + " more bytes";
                waiting = moreBytes + " from the " + peer + " (" + have + " of the " + due[next] + " the recorded "
                        + peer + " had sent before " + what(s) + counted + ")";
                hold(held(s) + " until " + moreBytes + " came from the "
                        + peer + " (recorded: the " + peer + " sent " + ByteDiff.bytes(s.peerBytesBefore) + " before it"
                        + counted + ")");
                return; // received resumes once the peer has sent what it had sent by then
            }
            if (s.afterPeerEnd && !peerDone) {
                waiting = "the " + peer + " to end its side, as the recorded " + peer + " had before " + what(s);
                hold(""); // told by the result: the peer has not ended its side where the recorded one had
                return; // peerEnded resumes: the recorded peer had ended its side before this step
            }
            hold("");
            next++;
            touch();
            perform(s);
        }
        hold("");
        if (peerDone && next >= steps.size()) {
            waiting = "";
            closeOnce(); // both sides have finished, as in the recording
        } else if (next >= steps.size()) {
            boolean closing = !steps.isEmpty() && steps.get(steps.size() - 1).close != null;
            String peer = name(plays.other());
            if (recordedPeerBytes < 0) {
                recordedPeerBytes = connection.byteCount(plays.other());
            }
            long more = recordedPeerBytes - received;
            waiting = lost || closing
                    ? ""
                    : ignore.isEmpty() && more > 0 // what is left to come, not only the end
                            ? (more == 1 ? "1 more byte" : more + " more bytes") + " from the " + peer + " ("
                                    + received + " of the " + recordedPeerBytes + " the recorded " + peer
                                    + " sent), then its end"
                            : "the " + peer + " to end its side, then the close";
        }
    }

    /** Notes what the replay holds, unless the peer's end or the connection's loss has fixed it. */
    private void hold(String what) {
        if (!holdingFrozen) {
            holding = what;
        }
    }

    /** Names a held step for {@link #result}, e.g. {@code the server's reply #2 (48 bytes)}. */
    private String held(Step s) {
        DataRecord data = s.data;
        if (data == null) {
            return what(s);
        }
        int n = data.bytes().length;
        return "the " + name(plays) + "'s " + (plays == Side.SERVER ? "reply #" : "request #") + s.piece + " ("
                + (n == 1 ? "1 byte" : n + " bytes") + ")";
    }

    /** Names a step for {@link #waitingFor()}, e.g. {@code the server's write of 9 bytes}. */
    private String what(Step s) {
        DataRecord data = s.data;
        CloseRecord close = s.close;
        String whose = "the " + name(plays) + "'s ";
        if (data != null) {
            return whose + "write of " + data.bytes().length + (data.bytes().length == 1 ? " byte" : " bytes");
        }
        if (s.halfClose) {
            return whose + "half-close";
        }
        return whose + (close != null && close.kind() == CloseKind.CLEAN ? "close" : "reset");
    }

    private static String name(Side side) {
        return side == Side.SERVER ? "server" : "client";
    }

    private void perform(Step s) {
        DataRecord data = s.data;
        CloseRecord close = s.close;
        if (data != null) {
            sent += data.bytes().length;
            actions.write(data.bytes());
        } else if (s.halfClose) {
            halfClosed = true;
            actions.halfClose();
        } else if (close != null) {
            closedAsRecorded = !peerDone && !peerReset;
            if (close.kind() == CloseKind.CLEAN) {
                closeOnce();
            } else {
                closed = true;
                actions.reset(); // a reset in the recording is a reset now
            }
        }
    }

    private void closeOnce() {
        if (!closed) {
            closed = true;
            actions.close();
        }
    }

    private void touch() {
        if (Double.isNaN(idleTimeout)) {
            return;
        }
        IDelayedCall timer = idle;
        if (timer != null && timer.active()) {
            timer.reset(idleTimeout);
            return;
        }
        idle = clock.callLater(idleTimeout, () -> {
            idle = null;
            if (waitingForTime) {
                touch(); // a recorded pause, not a silent peer
            } else {
                timedOut = true;
                closed = true;
                actions.reset();
            }
        });
    }

    /**
     * Describes the replay, e.g. {@code LiveReplay[#1 as the server, 2 of 5 steps, 40 bytes received, waiting for 6
     * more bytes from the client (...)]}.
     */
    @Override
    public String toString() {
        String w = waiting;
        return "LiveReplay[#" + connection.id() + " as the " + name(plays) + ", " + next + " of " + steps.size()
                + " steps, " + ByteDiff.bytes(received) + " received" + (w.isEmpty() ? "" : ", waiting for " + w) + "]";
    }
}
