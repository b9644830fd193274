package dev.weft.cli;

import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.IHalfCloseableProtocol;
import dev.weft.internet.IReactorTime;
import dev.weft.internet.ITCPTransport;
import dev.weft.internet.Protocol;
import dev.weft.internet.testing.capture.LiveReplay;
import dev.weft.internet.testing.capture.RecordedConnection;
import dev.weft.internet.testing.capture.Side;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * Plays one side of a recorded connection to a live peer for {@code weft replay}: the client to a
 * server ({@code --to}) or the server to a client ({@code --listen}). The steps are {@link
 * LiveReplay}'s (shared with weft-fixture's replaying script): each recorded piece one write (with
 * {@code TCP_NODELAY} over TCP), the half-close and the close or reset where the recorded side made them, each
 * step once the live peer has sent as many bytes as the recorded peer had by then (and, per the
 * {@link LiveReplay.Order} of {@code --order}, has ended its side where the recorded peer had), and
 * with {@code --timing original} also at its recorded time; with {@code --ignore}, the peer's bytes counted with
 * each run the patterns match as one. Keeps everything the peer sends until the
 * peer closes, or stays silent for the idle timeout while this side waits for it (for its bytes or
 * for its end).
 *
 * <p>Confined to the reactor thread, except {@link #result()}, whose future is thread-safe.
 */
final class ReplayPeerProtocol extends Protocol implements IHalfCloseableProtocol {
    /**
     * What the peer sent, how the connection ended, whether the idle timeout ended it, what the replay waited for
     * then (empty otherwise), and what it was holding for want of the peer's bytes when the peer ended its side or the
     * connection was lost (empty if nothing), and how the peer's end differed from the recorded peer's (empty if it
     * did not: {@code ReplayResult.endDifference}).
     */
    record Result(
            byte[] received,
            long sent,
            Failure reason,
            boolean timedOut,
            String awaited,
            String holding,
            String endDifference) {}

    private final LiveReplay replay;
    /** What the peer sent: {@code count} bytes, in an array sized for what the recorded peer sent. */
    private byte[] received;

    private int count;
    private final CompletableFuture<Result> result = new CompletableFuture<>();

    ReplayPeerProtocol(
            RecordedConnection connection,
            Side plays,
            LiveReplay.Order order,
            boolean originalTiming,
            IReactorTime clock,
            double idleTimeout,
            List<Pattern> ignore) {
        Duration idle = Duration.ofNanos((long) (idleTimeout * 1e9));
        this.received = new byte[(int) Math.min(connection.byteCount(plays.other()), Integer.MAX_VALUE - 8)];
        this.replay = new LiveReplay(connection, plays, order, originalTiming, clock, idle, new LiveReplay.Actions() {
            @Override
            public void write(byte[] bytes) {
                transport().write(bytes);
            }

            @Override
            public void halfClose() {
                if (transport() instanceof ITCPTransport tcp) {
                    tcp.loseWriteConnection();
                } else {
                    transport().loseConnection();
                }
            }

            @Override
            public void close() {
                transport().loseConnection();
            }

            @Override
            public void reset() {
                transport().abortConnection();
            }
        });
        replay.ignoring(ignore);
    }

    @Override
    public void connectionMade() {
        NoDelay.set(transport()); // each recorded piece leaves in a segment of its own
        replay.start();
    }

    @Override
    public void dataReceived(byte[] data) {
        if (received.length - count < data.length) { // more than the recorded peer sent: grow
            long size = Math.max((long) count + data.length, Math.min(2L * received.length, Integer.MAX_VALUE - 8));
            if (size > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("the peer sent more than 2 GiB, more than weft replay can compare");
            }
            received = Arrays.copyOf(received, (int) size);
        }
        System.arraycopy(data, 0, received, count, data.length);
        count += data.length;
        replay.received(data);
    }

    @Override
    public void readConnectionLost() {
        replay.peerEnded();
    }

    @Override
    public void writeConnectionLost() {
        replay.writeEnded();
    }

    @Override
    public void connectionLost(Failure reason) {
        replay.stopped(reason.check(ConnectionDone.class) == null); // unclean: a reset, unless the replay made it
        byte[] bytes = count == received.length ? received : Arrays.copyOf(received, count);
        received = bytes;
        result.complete(new Result(
                bytes,
                replay.sent(),
                reason,
                replay.timedOut(),
                replay.waitingFor(),
                replay.holding(),
                replay.endDifference()));
    }

    /** Completes once the connection is lost. */
    CompletableFuture<Result> result() {
        return result;
    }
}
