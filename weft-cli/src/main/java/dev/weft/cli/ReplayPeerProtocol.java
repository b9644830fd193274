package dev.weft.cli;

import dev.weft.defer.Failure;
import dev.weft.internet.IDelayedCall;
import dev.weft.internet.IHalfCloseableProtocol;
import dev.weft.internet.IReactorTime;
import dev.weft.internet.ITCPTransport;
import dev.weft.internet.Protocol;
import dev.weft.internet.testing.capture.CaptureRecord;
import dev.weft.internet.testing.capture.CloseKind;
import dev.weft.internet.testing.capture.CloseRecord;
import dev.weft.internet.testing.capture.ConnectedRecord;
import dev.weft.internet.testing.capture.DataRecord;
import dev.weft.internet.testing.capture.HalfCloseRecord;
import dev.weft.internet.testing.capture.RecordedConnection;
import dev.weft.internet.testing.capture.Side;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Plays one side of a recorded connection to a live peer for {@code weft replay}: the client to a
 * server ({@code --to}) or the server to a client ({@code --listen}). Writes that side's recorded
 * pieces one write each (with {@code TCP_NODELAY}), half-closes where it did, and closes or resets
 * where it did. Each step waits until the live peer has sent at least as many bytes as the recorded
 * peer had sent before that step (so a greeting is awaited, as in the recording), and with {@code
 * --timing original} also until its recorded time. Keeps everything the peer sends until the peer
 * closes, or stays silent for the idle timeout while this side waits for it.
 *
 * <p>Confined to the reactor thread, except {@link #result()}, whose future is thread-safe.
 */
final class ReplayPeerProtocol extends Protocol implements IHalfCloseableProtocol {
    /** What the peer sent, how the connection ended, and whether the idle timeout ended it. */
    record Result(byte[] received, long sent, Failure reason, boolean timedOut) {}

    /** One thing the recorded side did: write, half-close or close, and when it could. */
    private record Action(
            long micros,
            @Nullable DataRecord data,
            boolean halfClose,
            @Nullable CloseRecord close,
            long peerBytesBefore) {}

    private final List<Action> actions = new ArrayList<>();
    private final boolean originalTiming;
    private final IReactorTime clock;
    private final double idleTimeout;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final CompletableFuture<Result> result = new CompletableFuture<>();
    private int next;
    private long sent;
    private boolean waitingForTime;
    private boolean halfClosed;
    private boolean peerDone;
    private boolean timedOut;
    private @Nullable IDelayedCall idle;
    private double connectedAt;

    ReplayPeerProtocol(
            RecordedConnection connection, Side plays, boolean originalTiming, IReactorTime clock, double idleTimeout) {
        this.originalTiming = originalTiming;
        this.clock = clock;
        this.idleTimeout = idleTimeout;
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
                actions.add(new Action(at, d, false, null, peerBytes));
            } else if (r instanceof HalfCloseRecord h && h.from() == plays) {
                actions.add(new Action(at, null, true, null, peerBytes));
            } else if (r instanceof CloseRecord c && c.side() == plays && !c.byTap()) {
                actions.add(new Action(at, null, false, c, peerBytes));
                break; // this side is gone: nothing after its close is its doing
            }
        }
    }

    @Override
    public void connectionMade() {
        if (transport() instanceof ITCPTransport tcp) {
            tcp.setTcpNoDelay(true); // each recorded piece leaves in a segment of its own
        }
        connectedAt = clock.seconds();
        touch();
        step();
    }

    /** Does the recorded actions that are due, then waits for the time or the bytes of the next. */
    private void step() {
        while (next < actions.size() && !waitingForTime) {
            Action a = actions.get(next);
            long elapsedMicros = (long) ((clock.seconds() - connectedAt) * 1e6);
            if (originalTiming && a.micros > elapsedMicros) {
                waitingForTime = true;
                clock.callLater((a.micros - elapsedMicros) / 1e6, () -> {
                    waitingForTime = false;
                    step();
                });
                return;
            }
            if (received.size() < a.peerBytesBefore && !peerDone) {
                return; // dataReceived resumes once the peer has sent what it had sent by then
            }
            next++;
            touch();
            perform(a);
        }
        if (peerDone && next >= actions.size()) {
            transport().loseConnection(); // both sides have finished, as in the recording
        }
    }

    private void perform(Action a) {
        DataRecord data = a.data;
        CloseRecord close = a.close;
        if (data != null) {
            sent += data.bytes().length;
            transport().write(data.bytes());
        } else if (a.halfClose) {
            halfClosed = true;
            if (transport() instanceof ITCPTransport tcp) {
                tcp.loseWriteConnection();
            } else {
                transport().loseConnection();
            }
        } else if (close != null) {
            if (close.kind() == CloseKind.CLEAN) {
                transport().loseConnection();
            } else {
                transport().abortConnection(); // a reset in the recording is a reset now
            }
        }
    }

    @Override
    public void dataReceived(byte[] data) {
        received.writeBytes(data);
        touch();
        step();
    }

    @Override
    public void readConnectionLost() {
        peerDone = true;
        step();
        if (halfClosed) {
            transport().loseConnection();
        }
    }

    @Override
    public void writeConnectionLost() {
        if (peerDone) {
            transport().loseConnection();
        }
    }

    @Override
    public void connectionLost(Failure reason) {
        IDelayedCall timer = idle;
        if (timer != null && timer.active()) {
            timer.cancel();
        }
        result.complete(new Result(received.toByteArray(), sent, reason, timedOut));
    }

    private void touch() {
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
                transport().abortConnection();
            }
        });
    }

    /** Completes once the connection is lost. */
    CompletableFuture<Result> result() {
        return result;
    }
}
