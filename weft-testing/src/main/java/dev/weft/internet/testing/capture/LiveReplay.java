package dev.weft.internet.testing.capture;

import dev.weft.internet.IDelayedCall;
import dev.weft.internet.IReactorTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Plays one side of a recorded connection to a live peer over a real connection, step by step: what {@code weft
 * replay} does, and what a {@code SinkServer} script replaying a recording does (module {@code weft-fixture}). Where
 * {@link CaptureReplay} drives a weft protocol in memory, this drives a connection whose peer may be any program.
 *
 * <p>It writes the played side's recorded pieces one write each, half-closes where that side did, and closes or resets
 * where it did. Each step waits until the live peer has sent at least as many bytes as the recorded peer had sent
 * before that step (so a greeting is awaited, as in the recording), and with original timing also until its recorded
 * time after the connection was made. Once the peer has ended its side, the remaining steps run at once and the
 * connection is closed. An idle timeout, if given, resets a connection whose peer sends nothing for that long while
 * the replay waits (re-armed by each step and each byte).
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

    /** One thing the recorded side did: write, half-close or close, and when it could. */
    private record Step(
            long micros,
            @Nullable DataRecord data,
            boolean halfClose,
            @Nullable CloseRecord close,
            long peerBytesBefore) {}

    private final RecordedConnection connection;
    private final Side plays;
    private final List<Step> steps = new ArrayList<>();
    private final boolean originalTiming;
    private final IReactorTime clock;
    private final double idleTimeout;
    private final Actions actions;
    private int next;
    private long received;
    private long sent;
    private boolean waitingForTime;
    private boolean halfClosed;
    private volatile boolean peerDone;
    private volatile boolean timedOut;
    private volatile boolean lost;
    private @Nullable IDelayedCall idle;
    private double connectedAt;

    /**
     * Prepares the replay of {@code plays}'s side of {@code connection}.
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
        this.connection = Objects.requireNonNull(connection, "connection");
        this.plays = Objects.requireNonNull(plays, "plays");
        this.originalTiming = originalTiming;
        this.clock = Objects.requireNonNull(clock, "clock");
        if (idleTimeout != null && (idleTimeout.isNegative() || idleTimeout.isZero())) {
            throw new IllegalArgumentException("the idle timeout must be positive, not " + idleTimeout);
        }
        this.idleTimeout = idleTimeout == null ? Double.NaN : idleTimeout.toNanos() / 1e9;
        this.actions = Objects.requireNonNull(actions, "actions");
        long start =
                connection.records().isEmpty() ? 0 : connection.records().get(0).micros();
        for (CaptureRecord r : connection.records()) {
            if (r instanceof ConnectedRecord) {
                start = r.micros(); // the server leg's life starts here; client bytes before it wait for it
                break;
            }
        }
        long peerBytes = 0;
        for (CaptureRecord r : connection.records()) {
            long at = Math.max(0, r.micros() - start);
            if (r instanceof DataRecord d && d.from() != plays) {
                peerBytes += d.bytes().length;
            } else if (r instanceof DataRecord d) {
                steps.add(new Step(at, d, false, null, peerBytes));
            } else if (r instanceof HalfCloseRecord h && h.from() == plays) {
                steps.add(new Step(at, null, true, null, peerBytes));
            } else if (r instanceof CloseRecord c && c.side() == plays && !c.byTap()) {
                steps.add(new Step(at, null, false, c, peerBytes));
                break; // this side is gone: nothing after its close is its doing
            }
        }
    }

    /** Starts the replay once the connection is made: the steps that await nothing run now. */
    public void start() {
        connectedAt = clock.seconds();
        touch();
        step();
    }

    /** Counts {@code n} bytes the peer sent and runs the steps they let through. */
    public void received(long n) {
        received += n;
        touch();
        step();
    }

    /** Notes that the peer ended its side (end of stream): the remaining steps run, then the connection closes. */
    public void peerEnded() {
        peerDone = true;
        step();
        if (halfClosed) {
            actions.close();
        }
    }

    /** Notes that this side's half-close has completed: closes if the peer has ended too. */
    public void writeEnded() {
        if (peerDone) {
            actions.close();
        }
    }

    /** Notes that the connection is lost: stops the idle timer. */
    public void stopped() {
        lost = true;
        IDelayedCall timer = idle;
        if (timer != null && timer.active()) {
            timer.cancel();
        }
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
     * Compares what the live peer sent with what the recorded peer sent: the result's role is the peer's side, and
     * {@link ReplayResult#assertMatches()} fails naming the first differing byte. Call it once the connection has
     * ended, or for what the peer has sent so far.
     */
    public ReplayResult result(byte[] peerSent) {
        Side peer = plays.other();
        return new ReplayResult(connection.id(), peer, connection.bytes(peer), peerSent.clone(), peerDone, lost);
    }

    /** Does the recorded steps that are due, then waits for the time or the bytes of the next. */
    private void step() {
        while (next < steps.size() && !waitingForTime) {
            Step s = steps.get(next);
            long elapsedMicros = (long) ((clock.seconds() - connectedAt) * 1e6);
            if (originalTiming && s.micros > elapsedMicros) {
                waitingForTime = true;
                clock.callLater((s.micros - elapsedMicros) / 1e6, () -> {
                    waitingForTime = false;
                    step();
                });
                return;
            }
            if (received < s.peerBytesBefore && !peerDone) {
                return; // received resumes once the peer has sent what it had sent by then
            }
            next++;
            touch();
            perform(s);
        }
        if (peerDone && next >= steps.size()) {
            actions.close(); // both sides have finished, as in the recording
        }
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
            if (close.kind() == CloseKind.CLEAN) {
                actions.close();
            } else {
                actions.reset(); // a reset in the recording is a reset now
            }
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
                actions.reset();
            }
        });
    }

    /** Describes the replay, e.g. {@code LiveReplay[#1 as the server, 2 of 5 steps, 40 bytes received]}. */
    @Override
    public String toString() {
        return "LiveReplay[#" + connection.id() + " as the " + (plays == Side.SERVER ? "server" : "client") + ", "
                + next + " of " + steps.size() + " steps, " + received + " bytes received]";
    }
}
