package dev.weft.cli;

import dev.weft.defer.Failure;
import dev.weft.internet.IHalfCloseableProtocol;
import dev.weft.internet.IReactorTime;
import dev.weft.internet.ITCPTransport;
import dev.weft.internet.Protocol;
import dev.weft.internet.testing.capture.LiveReplay;
import dev.weft.internet.testing.capture.RecordedConnection;
import dev.weft.internet.testing.capture.Side;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Plays one side of a recorded connection to a live peer for {@code weft replay}: the client to a
 * server ({@code --to}) or the server to a client ({@code --listen}). The steps are {@link
 * LiveReplay}'s (shared with weft-fixture's replaying script): each recorded piece one write (with
 * {@code TCP_NODELAY} over TCP), the half-close and the close or reset where the recorded side made them, each
 * step once the live peer has sent as many bytes as the recorded peer had by then (and, per the
 * {@link LiveReplay.Order} of {@code --order}, has ended its side where the recorded peer had), and
 * with {@code --timing original} also at its recorded time. Keeps everything the peer sends until the
 * peer closes, or stays silent for the idle timeout while this side waits for it (for its bytes or
 * for its end).
 *
 * <p>Confined to the reactor thread, except {@link #result()}, whose future is thread-safe.
 */
final class ReplayPeerProtocol extends Protocol implements IHalfCloseableProtocol {
    /**
     * What the peer sent, how the connection ended, whether the idle timeout ended it, and what the replay waited for
     * then (empty otherwise).
     */
    record Result(byte[] received, long sent, Failure reason, boolean timedOut, String awaited) {}

    private final LiveReplay replay;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final CompletableFuture<Result> result = new CompletableFuture<>();

    ReplayPeerProtocol(
            RecordedConnection connection,
            Side plays,
            LiveReplay.Order order,
            boolean originalTiming,
            IReactorTime clock,
            double idleTimeout) {
        Duration idle = Duration.ofNanos((long) (idleTimeout * 1e9));
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
    }

    @Override
    public void connectionMade() {
        NoDelay.set(transport()); // each recorded piece leaves in a segment of its own
        replay.start();
    }

    @Override
    public void dataReceived(byte[] data) {
        received.writeBytes(data);
        replay.received(data.length);
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
        replay.stopped();
        result.complete(
                new Result(received.toByteArray(), replay.sent(), reason, replay.timedOut(), replay.waitingFor()));
    }

    /** Completes once the connection is lost. */
    CompletableFuture<Result> result() {
        return result;
    }
}
