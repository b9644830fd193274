package dev.weft.internet.testing;

import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.ConnectionRefusedError;
import dev.weft.internet.IProtocol;
import dev.weft.internet.task.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Connects a client and a server protocol in memory with {@link Faults} between them, on a {@link Clock}: repeatable
 * from the faults' seed and using no real time.
 *
 * <pre>{@code
 * Clock clock = new Clock();
 * FaultyPump<MyClient, MyServer> pump = FaultyPump.connect(
 *         MyServer::new, MyClient::new, Faults.parse("s>c:slice=1-3,c>s:latency=50,seed=7"), clock);
 * pump.client().sendRequest();
 * pump.advance(Duration.ofMillis(50)); // the request reaches the server now, and its answer, in pieces
 * }</pre>
 *
 * <p>Each direction runs through a {@link FaultLink}; each slice is its own {@code dataReceived}. {@link #flush()}
 * moves what is due now; {@link #advance(Duration)} moves the clock. Confined to the test thread.
 *
 * <p>A {@code stall-after} holds the end of stream behind it like its bytes, as {@code weft tap} does: the client's
 * end (close or half-close) behind a {@code c>s} stall ends the connection once the bytes before the stall are
 * delivered, the server reset and the client closed, so the server learns the client left; the server's end behind
 * an {@code s>c} stall is kept from the client. {@link #trace()} names each held end.
 */
public final class FaultyPump<C extends IProtocol, S extends IProtocol> {
    /** How many productive steps {@link #flush()} allows before it gives up. */
    public static final int FLUSH_LIMIT = 1_000_000;

    private final C client;
    private final S server;
    private final Clock clock;
    private final Faults faults;
    private final FaultLink up;
    private final FaultLink down;
    private final Relay clientRelay;
    private final Relay serverRelay;
    private final IOPump clientSide;
    private final IOPump serverSide;
    private final List<String> trace = new ArrayList<>();

    private FaultyPump(C client, S server, Faults faults, Clock clock) {
        this.client = client;
        this.server = server;
        this.clock = clock;
        this.faults = faults;
        this.up = new FaultLink(faults, Direction.CLIENT_TO_SERVER);
        this.down = new FaultLink(faults, Direction.SERVER_TO_CLIENT);
        this.clientRelay = new Relay(up);
        this.serverRelay = new Relay(down);
        this.clientSide = IOPump.connect(new FakeTransport(clientRelay, true), new FakeTransport(client, false), false);
        this.serverSide = IOPump.connect(new FakeTransport(server, true), new FakeTransport(serverRelay, false), false);
    }

    /**
     * Builds the server then the client protocol, connects them through the faults and flushes once; {@code clock}'s
     * due calls run at the start of each pump.
     * @throws ConnectionRefusedError if the faults hold {@code refuse}: no protocol is built
     */
    public static <C extends IProtocol, S extends IProtocol> FaultyPump<C, S> connect(
            Supplier<? extends S> server, Supplier<? extends C> client, Faults faults, Clock clock) {
        if (faults.refuses()) {
            throw new ConnectionRefusedError(null, "the fault 'refuse' refused the connection");
        }
        S s = server.get();
        C c = client.get();
        FaultyPump<C, S> pump = new FaultyPump<>(c, s, faults, clock);
        pump.up.start(clock.seconds());
        pump.down.start(clock.seconds());
        pump.flush();
        return pump;
    }

    /** Runs one step (due calls, one pump per side, one event per direction); true if anything moved. */
    public boolean pump() {
        clock.advance(0);
        boolean moved = clientSide.pump();
        moved |= serverSide.pump();
        double now = clock.seconds();
        moved |= release(up, serverRelay, clientRelay, now);
        moved |= release(down, clientRelay, serverRelay, now);
        moved |= endBehindStall(up, serverRelay, clientRelay);
        moved |= endBehindStall(down, clientRelay, serverRelay);
        return moved;
    }

    /**
     * Pumps until nothing due now is left to move, without passing time; true if anything moved.
     * @throws AssertionError after {@value #FLUSH_LIMIT} productive steps in a row
     */
    public boolean flush() {
        boolean any = false;
        for (int i = 0; i < FLUSH_LIMIT; i++) {
            if (!pump()) {
                return any;
            }
            any = true;
        }
        throw new AssertionError("Too long: " + FLUSH_LIMIT + " steps in a row moved something (faults " + faults
                + "); do the protocols answer each other forever?");
    }

    /** Moves the clock forward by {@code amount}, delivering each fault event as it falls due. */
    public void advance(Duration amount) {
        double target = clock.seconds() + amount.toNanos() / 1e9;
        flush();
        while (true) {
            double next = nextDue();
            if (Double.isNaN(next) || next > target + FaultLink.EPSILON) {
                break;
            }
            clock.advance(Math.max(0, next - clock.seconds()));
            flush();
        }
        clock.advance(Math.max(0, target - clock.seconds()));
        flush();
    }

    /** Moves the clock from one due event to the next until none is left (stalls excepted); returns seconds. */
    public double drain() {
        double start = clock.seconds();
        flush();
        for (double next = nextDue(); !Double.isNaN(next); next = nextDue()) {
            clock.advance(Math.max(0, next - clock.seconds()));
            flush();
        }
        return clock.seconds() - start;
    }

    /** Returns the client protocol. */
    public C client() {
        return client;
    }

    /** Returns the server protocol. */
    public S server() {
        return server;
    }

    /** Returns the faults between the two. */
    public Faults faults() {
        return faults;
    }

    /** Returns the link of one direction (not {@link Direction#BOTH}), for its byte counts. */
    public FaultLink link(Direction oneWay) {
        return switch (oneWay) {
            case CLIENT_TO_SERVER -> up;
            case SERVER_TO_CLIENT -> down;
            case BOTH -> throw new IllegalArgumentException("ask for one direction");
        };
    }

    /** Returns a copy of every fault event delivered so far, in order, as {@code "c>s 50000us DATA 3"}. */
    public List<String> trace() {
        return List.copyOf(trace);
    }

    private double nextDue() {
        double a = up.nextDue();
        double b = down.nextDue();
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.min(a, b);
    }

    /** Delivers at most one due event of {@code link} through {@code out}, the relay facing its receiver. */
    private boolean release(FaultLink link, Relay out, Relay in, double now) {
        FaultLink.Event e = link.poll(now);
        if (e == null) {
            return false;
        }
        trace.add(link.direction().prefix() + " " + e);
        switch (e.type()) {
            case DATA -> out.fake().write(e.data());
            case END -> {
                out.wroteEnd = true;
                out.fake().loseWriteConnection();
                out.finishIfDone();
            }
            case CLOSE -> {
                out.closing = in.closing = true;
                out.fake().loseConnection();
                in.fake().loseConnection();
            }
            case RESET -> {
                out.closing = in.closing = true;
                out.fake().abortConnection();
                in.fake().abortConnection();
            }
        }
        return true;
    }

    /**
     * Acts once on an end of stream that {@code sender}'s side sent behind a stall of {@code link}, when the link has
     * delivered the bytes before the stall and the receiver has read them (as {@code weft tap} does): the client's end ends the connection, the server
     * reset (a clean close would hand it a cut request as a whole one) and the client closed; the server's end stays
     * held from the client, whose own timeout is what that stall tests. Either way a trace line says so.
     */
    private boolean endBehindStall(FaultLink link, Relay receiver, Relay sender) {
        if (!sender.endHeld
                || sender.endActed
                || !Double.isNaN(link.nextDue())
                || receiver.fake().hasPending()) {
            return false;
        }
        sender.endActed = true;
        boolean fromClient = link.direction() == Direction.CLIENT_TO_SERVER;
        Fault stall = faults.find(link.direction(), Fault.Kind.STALL_AFTER);
        trace.add(link.direction().prefix() + " " + Math.round(clock.seconds() * 1e6) + "us END held by "
                + (stall == null ? "a stall" : stall.kind().text() + "=" + stall.value()) + " (" + link.held()
                + " bytes held): " + (fromClient ? "server reset, client closed" : "the client is not told"));
        if (fromClient) {
            receiver.closing = sender.closing = true;
            receiver.fake().abortConnection();
            sender.fake().loseConnection();
        }
        return true;
    }

    /** Feeds what one side sends into the link of that direction. */
    private final class Relay extends dev.weft.internet.Protocol implements dev.weft.internet.IHalfCloseableProtocol {
        private final FaultLink inbound;
        boolean closing;
        boolean readEnded;
        boolean wroteEnd;
        /** The sender's end of stream came behind a stall of {@link #inbound}, which holds it. */
        boolean endHeld;
        /** {@link #endBehindStall} has acted on {@link #endHeld}. */
        boolean endActed;

        Relay(FaultLink inbound) {
            this.inbound = inbound;
        }

        FakeTransport fake() {
            return (FakeTransport) java.util.Objects.requireNonNull(transport(), "not connected");
        }

        @Override
        public void dataReceived(byte[] data) {
            inbound.offer(data, clock.seconds());
        }

        @Override
        public void readConnectionLost() {
            readEnded = true;
            offerEnd();
            finishIfDone();
        }

        @Override
        public void writeConnectionLost() {}

        @Override
        public void connectionLost(Failure reason) {
            if (closing || readEnded) {
                return;
            }
            readEnded = true;
            if (reason.check(ConnectionDone.class) != null) {
                offerEnd();
            } else {
                inbound.offerReset(clock.seconds());
            }
        }

        /** Offers the sender's end of stream to the link, or notes it is held behind the link's stall. */
        private void offerEnd() {
            if (inbound.isStalled()) {
                endHeld = true;
            } else {
                inbound.offerEnd(clock.seconds());
            }
        }

        void finishIfDone() {
            if (readEnded && wroteEnd && !closing) {
                closing = true;
                fake().loseConnection();
            }
        }
    }
}
