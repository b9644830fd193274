package dev.weft.internet.testing.capture;

import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.ConnectionLost;
import dev.weft.internet.IBufferedProtocol;
import dev.weft.internet.IProtocol;
import dev.weft.internet.task.Clock;
import dev.weft.internet.testing.Chunking;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Replays one recorded connection into a protocol in memory: the recorded peer's bytes go in, in the recorded pieces
 * and order, then its half-close and close, and what the protocol writes is compared with what the recorded side sent.
 *
 * <pre>{@code
 * Capture capture = Capture.read(Path.of("src/test/resources/echo.weftcap"));
 * CaptureReplay.of(capture.connection(1)).asServer(new Echo()).assertMatches();
 * }</pre>
 *
 * <p>A protocol that sends only when its API is called, such as a client with a {@code request(...)} method, is driven
 * with {@link #withDriver}: the replay calls the driver where the recorded side sent bytes the protocol has not written.
 *
 * <p>A peer half-close becomes {@code readConnectionLost} for an {@link dev.weft.internet.IHalfCloseableProtocol}, else
 * a clean close. With {@link #withClock(Clock)} the clock is advanced to each record's time; without one, time does not
 * pass. Protocols given must be fresh, not yet connected. Immutable and thread-safe; each replay is confined to the
 * calling thread.
 */
public final class CaptureReplay {
    private final RecordedConnection connection;
    private final @Nullable Clock clock;
    private final @Nullable Consumer<? super DataRecord> driver;

    private CaptureReplay(
            RecordedConnection connection, @Nullable Clock clock, @Nullable Consumer<? super DataRecord> driver) {
        this.connection = connection;
        this.clock = clock;
        this.driver = driver;
    }

    /** Prepares the replay of one connection from {@link Capture#connection(int)}, with no clock. */
    public static CaptureReplay of(RecordedConnection connection) {
        return new CaptureReplay(Objects.requireNonNull(connection, "connection"), null, null);
    }

    /** Returns a copy that advances {@code clock}, the protocol's, to the recorded times as it replays. */
    public CaptureReplay withClock(Clock clock) {
        return new CaptureReplay(connection, Objects.requireNonNull(clock, "clock"), driver);
    }

    /**
     * Returns a copy that calls {@code driver} with each record of bytes the recorded side sent that the protocol has
     * not written by the time the replay reaches it (in all, fewer bytes than the recording up to there), so that the
     * test makes the protocol send them: {@code record -> client.request("GET a")}. The replay then goes on; what the
     * protocol wrote is compared as without a driver. Only {@link #play} ({@link #asServer}, {@link #asClient}) calls
     * it; the every-split replays deliver the peer's bytes without the recorded turns.
     */
    public CaptureReplay withDriver(Consumer<? super DataRecord> driver) {
        return new CaptureReplay(connection, clock, Objects.requireNonNull(driver, "driver"));
    }

    /** Replays the client's side to {@code server} and compares its writes with the recorded server's. */
    public ReplayResult asServer(IProtocol server) {
        return play(Side.SERVER, server);
    }

    /** Replays the server's side to {@code client} and compares its writes with the recorded client's. */
    public ReplayResult asClient(IProtocol client) {
        return play(Side.CLIENT, client);
    }

    /** Replays the other side to {@code protocol}, which plays {@code role}, in the recorded pieces. */
    public ReplayResult play(Side role, IProtocol protocol) {
        Side peer = role.other();
        ReplayTransport transport = new ReplayTransport(protocol);
        protocol.makeConnection(transport);
        transport.runPending();
        long base =
                connection.records().isEmpty() ? 0 : connection.records().get(0).micros();
        long sent = 0;
        for (CaptureRecord r : connection.records()) {
            if (transport.ended()) {
                break;
            }
            advance(r.micros() - base);
            transport.runPending();
            if (r instanceof DataRecord d && d.from() == role) {
                sent += d.bytes().length;
                Consumer<? super DataRecord> drive = driver;
                if (drive != null && transport.value().length < sent) {
                    drive.accept(d);
                }
            } else if (r instanceof DataRecord d && d.from() == peer) {
                IBufferedProtocol.deliver(protocol, d.bytes().clone());
            } else if (r instanceof HalfCloseRecord h && h.from() == peer) {
                transport.peerHalfClosed();
            } else if (r instanceof CloseRecord c && endsFor(role, c)) {
                transport.peerClosed(reason(c));
            }
            transport.runPending();
        }
        return result(role, transport);
    }

    /** Replays the client's side to a new server per split; the first that differs fails, naming the split. */
    public void asServerInEverySplit(Supplier<? extends IProtocol> newServer, Chunking chunking) {
        inEverySplit(Side.SERVER, newServer, chunking);
    }

    /**
     * Replays the server's side to a new client per split: the recorded server's bytes whole, cut as {@code chunking}
     * cuts them, then its half-close and close; the first split whose client writes other than the recorded client
     * fails, naming the split.
     */
    public void asClientInEverySplit(Supplier<? extends IProtocol> newClient, Chunking chunking) {
        inEverySplit(Side.CLIENT, newClient, chunking);
    }

    private void inEverySplit(Side role, Supplier<? extends IProtocol> newProtocol, Chunking chunking) {
        Side peer = role.other();
        byte[] input = connection.bytes(peer);
        ReplayTransport[] current = new ReplayTransport[1];
        chunking.run(
                input,
                () -> {
                    IProtocol protocol = newProtocol.get();
                    ReplayTransport transport = new ReplayTransport(protocol);
                    current[0] = transport;
                    protocol.makeConnection(transport);
                    transport.runPending();
                    return new DeliveringProtocol(protocol, transport);
                },
                (split, delivering) -> {
                    ReplayTransport transport = current[0];
                    for (CaptureRecord r : connection.records()) {
                        if (r instanceof HalfCloseRecord h && h.from() == peer) {
                            transport.runPending();
                            transport.peerHalfClosed();
                        } else if (r instanceof CloseRecord c && endsFor(role, c)) {
                            transport.runPending();
                            transport.peerClosed(reason(c));
                        }
                    }
                    transport.runPending();
                    result(role, transport).assertMatches();
                });
    }

    private ReplayResult result(Side role, ReplayTransport transport) {
        return new ReplayResult(
                connection.id(),
                role,
                connection.bytes(role),
                transport.value(),
                transport.closedByProtocol(),
                transport.ended());
    }

    /** Tells whether a close record ends the connection as the protocol playing {@code role} sees it. */
    static boolean endsFor(Side role, CloseRecord close) {
        return close.side() == role ? close.byTap() : !close.byTap();
    }

    static Failure reason(CloseRecord close) {
        String detail = "replayed from the recording: " + close.kind().label()
                + (close.reason().isEmpty() ? "" : " (" + close.reason() + ")");
        return new Failure(close.kind() == CloseKind.CLEAN ? new ConnectionDone(detail) : new ConnectionLost(detail));
    }

    private void advance(long micros) {
        Clock c = clock;
        if (c != null) {
            double target = micros / 1e6;
            double now = c.seconds();
            if (target > now) {
                c.advance(target - now);
            }
        }
    }
}
