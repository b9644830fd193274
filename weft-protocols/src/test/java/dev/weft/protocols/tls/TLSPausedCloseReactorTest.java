package dev.weft.protocols.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Failure;
import dev.weft.internet.ClientFactory;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.ConnectionLost;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.IProtocolFactory;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.IReactorTime;
import dev.weft.internet.ITLSTransport;
import dev.weft.internet.Protocol;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.nio.INioTransport;
import dev.weft.internet.nio.NioReactor;
import dev.weft.internet.nio.ReactorThread;
import dev.weft.internet.testing.LogCapture;
import dev.weft.protocols.basic.Int32StringReceiver;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * On real sockets: a framing server over TLS that pauses every third frame and resumes a millisecond
 * later on the reactor's clock gets all of the 200 frames a client sends in one write before closing,
 * then {@code ConnectionDone}, unpaused. The frames (about 10 KB) and the close_notify leave the
 * client in one write and are read together, so the server's first resume decrypts the close_notify
 * before the frames it buffered, among which it pauses again: TLS holds the close until it has read
 * them. (With the close delivered at once, every connection lost its last frames; so it did without a
 * clock, before the reactor behind the delegated tasks, and then the transport's reactor, gave the later
 * turn.)
 */
class TLSPausedCloseReactorTest {
    private static final int CONNECTIONS = 10;
    private final ReactorThread rt = ReactorThread.start();

    @AfterEach
    void stop() {
        rt.close();
    }

    /** Records each frame's length; pauses every third and resumes a millisecond later; notes its state at the loss. */
    static final class Frames extends Int32StringReceiver {
        final List<Integer> got = new ArrayList<>();
        final CompletableFuture<Failure> lost = new CompletableFuture<>();
        final IReactorTime clock;
        /** Resumes after each pause until it has this many frames, then stays paused. */
        int resumeUntil = Integer.MAX_VALUE;
        /** Starts TLS with the bare server options when connected. */
        boolean startTls;

        boolean pausedAtLoss;
        List<Integer> gotAtLoss = List.of();

        Frames(IReactorTime clock) {
            this.clock = clock;
        }

        @Override
        public void connectionMade() {
            super.connectionMade();
            if (startTls) {
                ((ITLSTransport) transport()).startTLS(Tls.server());
            }
        }

        @Override
        public void stringReceived(byte[] s) {
            got.add(s.length);
            if (got.size() % 3 == 0) {
                pauseProducing();
                if (got.size() < resumeUntil) {
                    clock.callLater(0.001, this::resumeProducing);
                }
            }
        }

        @Override
        public void connectionLost(Failure reason) {
            pausedAtLoss = isPaused();
            gotAtLoss = List.copyOf(got);
            lost.complete(reason);
        }
    }

    /** How the server's TLS layer is made. */
    enum Server {
        /** A factory given the reactor's clock. */
        GIVEN_CLOCK,
        /** A factory without a clock whose tasks run off the reactor, whose next turn then lets the close go. */
        TASKS_OFF_REACTOR,
        /** A factory given neither: its connections take the reactor's clock from their transports. */
        BARE_FACTORY,
        /** The receiver starts TLS itself with the bare server options: the layer takes the reactor's clock too. */
        START_TLS
    }

    /**
     * With the reactor's clock given, from the transport (a bare factory, startTLS with bare options), or
     * without a clock but with delegated tasks off the reactor; nothing is logged.
     */
    @ParameterizedTest
    @CsvSource({
        "TLSv1.3, GIVEN_CLOCK",
        "TLSv1.2, GIVEN_CLOCK",
        "TLSv1.3, TASKS_OFF_REACTOR",
        "TLSv1.2, TASKS_OFF_REACTOR",
        "TLSv1.3, BARE_FACTORY",
        "TLSv1.2, BARE_FACTORY",
        "TLSv1.3, START_TLS",
        "TLSv1.2, START_TLS"
    })
    void aServerThatPausesAndResumesGetsEveryFrameBeforeTheClientsClose(String version, Server how) throws Exception {
        Random random = new Random(7);
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int n = i % 10 == 0 ? 0 : random.nextInt(100);
            expected.add(n);
            frames.writeBytes(ByteBuffer.allocate(4).putInt(n).array());
            frames.writeBytes(new byte[n]);
        }
        byte[] payload = frames.toByteArray();
        NioReactor r = rt.reactor();
        BlockingQueue<Frames> servers = new LinkedBlockingQueue<>();
        ServerFactory receivers = ServerFactory.forProtocol(() -> {
            Frames f = new Frames(r);
            f.startTls = how == Server.START_TLS;
            servers.add(f);
            return f;
        });
        IProtocolFactory factory = switch (how) {
            case GIVEN_CLOCK -> new TLSMemoryBIOFactory(Tls.server(), receivers).withClock(r);
            case TASKS_OFF_REACTOR -> new TLSMemoryBIOFactory(Tls.server(), receivers, DelegatedTasks.offReactor(r));
            case BARE_FACTORY -> new TLSMemoryBIOFactory(Tls.server(), receivers);
            case START_TLS -> receivers;
        };
        IListeningPort port = rt.call(() -> r.listenTCP(0, factory, 50, "127.0.0.1"));
        int number = ((IPv4Address) port.getHost()).port();
        ClientFactory senders = ClientFactory.forProtocol(() ->
                new TLSMemoryBIOProtocol(Tls.client().withProtocols(version), new Protocol() {
                    @Override
                    public void connectionMade() {
                        transport().write(payload.clone());
                        transport().loseConnection();
                    }
                }));
        try (LogCapture log = new LogCapture(TLSMemoryBIOProtocol.class.getName());
                LogCapture factoryLog = new LogCapture(TLSMemoryBIOFactory.class.getName())) {
            for (int i = 0; i < CONNECTIONS; i++) {
                rt.execute(() -> r.connectTCP("127.0.0.1", number, senders));
                Frames server = servers.poll(1, TimeUnit.MINUTES);
                assertThat(server).isNotNull();
                Failure reason = server.lost.get(1, TimeUnit.MINUTES);
                String which = "connection " + i;
                assertThat(rt.call(() -> server.gotAtLoss)).as(which).isEqualTo(expected);
                assertThat(reason.value()).as(which).isExactlyInstanceOf(ConnectionDone.class);
                assertThat(rt.call(() -> server.pausedAtLoss)).as(which).isFalse();
            }
            assertThat(log.records()).isEmpty();
            assertThat(factoryLog.records()).isEmpty();
        }
    }

    /**
     * A server that stays paused among its frames after the client's close keeps that close, as a paused
     * TCP transport would, although its socket is closed; the reactor's stop ends it.
     */
    @Test
    void aServerThatStaysPausedKeepsTheClientsCloseUntilTheReactorStops() throws Exception {
        NioReactor r = rt.reactor();
        CompletableFuture<Frames> made = new CompletableFuture<>();
        ServerFactory receivers = ServerFactory.forProtocol(() -> {
            Frames f = new Frames(r);
            f.resumeUntil = 6;
            made.complete(f);
            return f;
        });
        IListeningPort port = rt.call(
                () -> r.listenTCP(0, new TLSMemoryBIOFactory(Tls.server(), receivers).withClock(r), 50, "127.0.0.1"));
        ByteBuffer twelve = ByteBuffer.allocate(12 * 5);
        for (int i = 0; i < 12; i++) {
            twelve.putInt(1).put((byte) i);
        }
        CompletableFuture<Failure> clientLost = new CompletableFuture<>();
        ClientFactory sender = ClientFactory.forProtocol(() -> new TLSMemoryBIOProtocol(Tls.client(), new Protocol() {
            @Override
            public void connectionMade() {
                transport().write(twelve.array());
                transport().loseConnection();
            }

            @Override
            public void connectionLost(Failure reason) {
                clientLost.complete(reason);
            }
        }));
        rt.execute(() -> r.connectTCP("127.0.0.1", ((IPv4Address) port.getHost()).port(), sender));
        Frames server = made.get(1, TimeUnit.MINUTES);

        // the server replied to the close_notify it read on its first resume, and its socket is closed
        assertThat(clientLost.get(1, TimeUnit.MINUTES).value()).isExactlyInstanceOf(ConnectionDone.class);
        INioTransport socket =
                rt.call(() -> (INioTransport) ((TLSMemoryBIOProtocol) server.transport()).lowerTransport());
        waitFor(() -> rt.call(socket::isDisconnected));
        assertThat(rt.call(() -> server.got)).hasSize(6);
        assertThat(server.lost).as("held while paused").isNotDone();

        rt.close();
        Failure reason = server.lost.get(1, TimeUnit.MINUTES);
        assertThat(reason.value()).isExactlyInstanceOf(ConnectionLost.class).hasMessageContaining("reactor stopped");
        assertThat(server.pausedAtLoss).isTrue();
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited a minute").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }
}
