package dev.weft.internet.nio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionAborted;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.ConnectionLost;
import dev.weft.internet.IAddress;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.testing.AccumulatingClientFactory;
import dev.weft.internet.testing.AccumulatingProtocol;
import dev.weft.internet.testing.AccumulatingServerFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * How a connection ends: the reasons at both ends, and the socket's descriptor, which the reactor
 * closes right after the select that deregisters it (one turn after {@code connectionLost} at most),
 * and which a reactor shut down in between closes too. Counts this process's sockets in /proc.
 */
final class ClosingTest {
    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);

    // ---------------------------------------------------------------- on a running reactor

    @Test
    void aCleanCloseGivesBothEndsAConnectionDoneWithTwistedsMessageAndNoStackTrace() {
        try (ReactorThread rt = ReactorThread.start()) {
            TcpPair pair = TcpPair.open(rt);
            rt.execute(() -> {
                pair.clientTransport().write(HELLO);
                pair.clientTransport().loseConnection();
            });
            pair.awaitBothClosed(rt);
            rt.execute(() -> {
                assertThat(pair.server.data()).isEqualTo(HELLO);
                // The client's reason ends its loseConnection; the server's is the end of stream it read.
                for (AccumulatingProtocol end : new AccumulatingProtocol[] {pair.client, pair.server}) {
                    Throwable reason = end.closedReason().value();
                    assertThat(reason)
                            .isExactlyInstanceOf(ConnectionDone.class)
                            .hasMessage("Connection was closed cleanly.");
                    assertThat(reason.getStackTrace()).isEmpty();
                }
            });
        }
    }

    @Test
    void afterACleanCloseAndOneMoreTurnBothDescriptorsAreClosed() throws IOException {
        try (ReactorThread rt = ReactorThread.start()) {
            TreeMap<Integer, String> before = FileDescriptors.sockets();
            TcpPair pair = TcpPair.open(rt);
            assertThat(FileDescriptors.leaked(before, FileDescriptors.sockets()))
                    .as("the port and both ends")
                    .hasSize(3);
            rt.execute(() -> pair.clientTransport().loseConnection());
            pair.awaitBothClosed(rt);
            // The second turn begins after the whole first one, select and closes included.
            rt.await(() -> TcpTransportTest.turns(rt.reactor(), 2));
            assertThat(FileDescriptors.leaked(before, FileDescriptors.sockets()))
                    .as("only the listening port")
                    .hasSize(1);
        }
    }

    @Test
    void anAbortWithNothingBufferedStillResetsThePeerAndClosesBothDescriptors() throws IOException {
        try (ReactorThread rt = ReactorThread.start()) {
            TreeMap<Integer, String> before = FileDescriptors.sockets();
            TcpPair pair = TcpPair.open(rt);
            rt.execute(() -> pair.clientTransport().abortConnection());
            pair.awaitBothClosed(rt);
            rt.await(() -> TcpTransportTest.turns(rt.reactor(), 2));
            rt.execute(() -> {
                assertThat(pair.client.closedReason().value()).isExactlyInstanceOf(ConnectionAborted.class);
                // A clean close would have been a ConnectionDone: SO_LINGER 0 made the close a reset.
                assertThat(pair.server.closedReason().value())
                        .isExactlyInstanceOf(ConnectionLost.class)
                        .hasMessageContaining("reset");
            });
            assertThat(FileDescriptors.leaked(before, FileDescriptors.sockets()))
                    .hasSize(1);
        }
    }

    @Test
    void loseConnectionLeavesThePeerAConnectionDoneEvenWithBytesFromItThatWereNeverRead() {
        AccumulatingServerFactory serverFactory = new AccumulatingServerFactory(() -> {
            Recorder r = new Recorder();
            r.pauseWhenMade = true;
            return r;
        });
        try (ReactorThread rt = ReactorThread.start()) {
            TcpPair pair = TcpPair.open(rt, serverFactory, new AccumulatingClientFactory(Recorder::new), null);
            rt.execute(() -> pair.clientTransport().write(HELLO));
            // On a later turn: the bytes wait, unread, in the server's socket when it closes. A bare
            // close() would reset the connection; the shutdown before it lets the client read the end first.
            rt.execute(() -> pair.serverTransport().loseConnection());
            pair.awaitBothClosed(rt);
            rt.execute(() -> {
                assertThat(pair.server.dataSize()).isZero();
                assertThat(pair.client.closedReason().value()).isExactlyInstanceOf(ConnectionDone.class);
                assertThat(pair.server.closedReason().value()).isExactlyInstanceOf(ConnectionDone.class);
            });
        }
    }

    @Test
    void aConnectionItsServerFactoryRefusesEndsCleanlyAtTheClientEvenAfterTheClientWrote() throws IOException {
        ServerFactory refusing = new ServerFactory() {
            @Override
            public dev.weft.internet.IProtocol buildProtocol(IAddress addr) {
                return null;
            }
        };
        AccumulatingClientFactory clientFactory = new AccumulatingClientFactory(() -> new AccumulatingProtocol() {
            @Override
            public void connectionMade() {
                super.connectionMade();
                transport().write(HELLO);
            }
        });
        try (ReactorThread rt = ReactorThread.start()) {
            TreeMap<Integer, String> before = FileDescriptors.sockets();
            NioReactor reactor = rt.reactor();
            rt.await(() -> {
                int port = ((IPv4Address)
                                reactor.listenTCP(0, refusing, 50, "127.0.0.1").getHost())
                        .port();
                reactor.connectTCP("127.0.0.1", port, clientFactory);
                return clientFactory.deferred();
            });
            rt.await(() -> TcpTransportTest.turns(reactor, 2));
            rt.execute(() -> assertThat(clientFactory.lostReason().value()).isExactlyInstanceOf(ConnectionDone.class));
            assertThat(FileDescriptors.leaked(before, FileDescriptors.sockets()))
                    .as("only the listening port")
                    .hasSize(1);
        }
    }

    // ---------------------------------------------------------------- on a stepped reactor

    /** A reactor stepped on the test thread, a server and a client connected to it, and its sockets. */
    private static final class Stepped {
        final TreeMap<Integer, String> before;
        final NioReactor reactor;
        final AccumulatingServerFactory serverFactory = new AccumulatingServerFactory();
        final AccumulatingClientFactory clientFactory = new AccumulatingClientFactory();

        Stepped() throws IOException {
            before = FileDescriptors.sockets();
            reactor = new NioReactor(1);
            serverFactory.setNoisy(false);
            clientFactory.setNoisy(false);
            int port = ((IPv4Address)
                            reactor.listenTCP(0, serverFactory, 50, "127.0.0.1").getHost())
                    .port();
            reactor.connectTCP("127.0.0.1", port, clientFactory);
            stepUntil(() -> clientFactory.lastProtocol() != null
                    && clientFactory.lastProtocol().isMade()
                    && serverFactory.lastProtocol() != null
                    && serverFactory.lastProtocol().isMade());
            // The turn after the accept tries the server connection's first read (nothing there yet):
            // from then on its end of stream is found by a select, as these tests need.
            reactor.runOnce(Duration.ZERO);
        }

        void stepUntil(BooleanSupplier condition) {
            for (int i = 0; i < 10_000 && !condition.getAsBoolean(); i++) {
                reactor.runOnce(Duration.ofMillis(10));
            }
            assertThat(condition.getAsBoolean())
                    .as("reached within 10,000 turns")
                    .isTrue();
        }

        /** Closes the client's side and steps until the server has read the end and lost its connection. */
        void closeFromTheClient() {
            clientFactory.lastProtocol().transport().loseConnection();
            stepUntil(() -> serverFactory.lastProtocol().isClosed());
        }

        int socketsOpened() throws IOException {
            return FileDescriptors.leaked(before, FileDescriptors.sockets()).size();
        }
    }

    @Test
    void theTurnAfterConnectionLostClosesTheDescriptorWithoutWaitingForIo() throws IOException {
        Stepped s = new Stepped();
        try {
            s.closeFromTheClient();
            // The server lost its connection while dispatching this turn's select: its socket waits for
            // the next select to deregister it.
            assertThat(s.socketsOpened()).as("the port and the server's socket").isEqualTo(2);
            assertThat(s.clientFactory.lastProtocol().closedReason().value()).isExactlyInstanceOf(ConnectionDone.class);

            // Nothing else is due: were the loop to block in this select, the test would hang (until
            // JUnit's timeout) instead of returning at once.
            s.reactor.runOnce(Duration.ofDays(1));

            assertThat(s.socketsOpened()).as("only the port").isEqualTo(1);
        } finally {
            s.reactor.close();
        }
        assertThat(s.socketsOpened()).isZero();
    }

    @Test
    void closingAReactorWithAConnectionLostButNotYetClosedLeavesNoDescriptorOpen() throws IOException {
        Stepped s = new Stepped();
        s.closeFromTheClient();
        assertThat(s.socketsOpened()).as("the port and the server's socket").isEqualTo(2);

        s.reactor.close();

        assertThat(s.socketsOpened()).isZero();
        Failure reason = s.serverFactory.lastProtocol().closedReason();
        assertThat(reason.value()).isExactlyInstanceOf(ConnectionDone.class);
    }
}
