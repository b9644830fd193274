package dev.weft.internet.nio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.IPushProducer;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.Protocol;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.testing.AccumulatingProtocol;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * An accepted connection is read first in the turn after the one that accepted it, before that turn's
 * select: bytes that came with the connection never reach the protocol in the turn of {@code
 * connectionMade} (as in Twisted), a protocol that paused or closed in {@code connectionMade} is not
 * read, and one whose first read found nothing is selected as usual. Steps a reactor on the test
 * thread; the client is a blocking socket that may send (and half-close) before the reactor accepts.
 */
final class FirstReadTest {
    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);

    /** A protocol noting each callback with the turn it ran in. */
    private static final class Noting extends Protocol {
        final List<String> events = new ArrayList<>();
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private final Stepped stepped;
        Failure reason;

        Noting(Stepped stepped) {
            this.stepped = stepped;
        }

        @Override
        public void connectionMade() {
            events.add("made@" + stepped.turn);
            stepped.whenMade.accept(this);
        }

        @Override
        public void dataReceived(byte[] data) {
            events.add("data@" + stepped.turn);
            received.writeBytes(data);
        }

        @Override
        public void connectionLost(Failure why) {
            events.add("lost@" + stepped.turn);
            reason = why;
        }
    }

    /** A reactor stepped on the test thread, listening on a free port; counts its turns. */
    private static final class Stepped implements AutoCloseable {
        final NioReactor reactor = new NioReactor(1);
        final List<Noting> made = new ArrayList<>();
        final Consumer<Noting> whenMade;
        final int port;
        int turn;

        Stepped(Consumer<Noting> whenMade) {
            this.whenMade = whenMade;
            ServerFactory factory = ServerFactory.forProtocol(() -> {
                Noting p = new Noting(this);
                made.add(p);
                return p;
            });
            factory.setNoisy(false);
            port = ((IPv4Address) reactor.listenTCP(0, factory, 50, "127.0.0.1").getHost()).port();
        }

        Socket connect() throws IOException {
            Socket s = new Socket();
            s.connect(new InetSocketAddress("127.0.0.1", port));
            return s;
        }

        /** Steps until the server has accepted one connection; returns its protocol. */
        Noting accepted() {
            stepUntil(() -> !made.isEmpty());
            return made.get(0);
        }

        /** How many channels the reactor's selector holds. */
        int keys() {
            return reactor.loop().selectorKeyCount();
        }

        void step() {
            turn++;
            reactor.runOnce(Duration.ofMillis(20));
        }

        void stepUntil(BooleanSupplier condition) {
            for (int i = 0; i < 5_000 && !condition.getAsBoolean(); i++) {
                step();
            }
            assertThat(condition.getAsBoolean())
                    .as("reached within 5,000 turns")
                    .isTrue();
        }

        @Override
        public void close() {
            reactor.close();
        }
    }

    private static void send(Socket client, byte[] bytes) throws IOException {
        OutputStream out = client.getOutputStream();
        out.write(bytes);
        out.flush();
    }

    @Test
    void bytesThatCameWithTheConnectionArriveInTheNextTurnWithTheCleanClose() throws IOException {
        try (Stepped s = new Stepped(p -> {});
                Socket client = s.connect()) {
            send(client, HELLO);
            client.shutdownOutput();

            Noting p = s.accepted();
            int madeIn = s.turn;
            assertThat(p.events).containsExactly("made@" + madeIn);

            s.step();

            int next = madeIn + 1;
            assertThat(p.events).containsExactly("made@" + madeIn, "data@" + next, "lost@" + next);
            assertThat(p.received.toByteArray()).isEqualTo(HELLO);
            assertThat(p.reason.value()).isExactlyInstanceOf(ConnectionDone.class);
        }
    }

    @Test
    void aConnectionThatEndsAtItsFirstReadNeverEntersTheSelectorAndIsClosedAtOnce() throws IOException {
        try (Stepped s = new Stepped(p -> {});
                Socket client = s.connect()) {
            send(client, HELLO);
            client.shutdownOutput();
            Noting p = s.accepted();
            assertThat(s.keys()).as("the listening port's key only").isEqualTo(1);

            s.step();

            assertThat(p.reason.value()).isExactlyInstanceOf(ConnectionDone.class);
            assertThat(s.keys()).as("nothing registered, nothing to deregister").isEqualTo(1);
            client.setSoTimeout(60_000); // a safety net against a hang, not a timing assertion
            assertThat(client.getInputStream().read())
                    .as("closed in the turn that read its end: the client reads the end of stream")
                    .isEqualTo(-1);
        }
    }

    @Test
    void aBufferedProtocolGetsTheBytesAndTheCleanCloseOfItsFirstRead() throws IOException {
        List<AccumulatingProtocol> made = new ArrayList<>();
        try (NioReactor reactor = new NioReactor(1)) {
            ServerFactory factory = ServerFactory.forProtocol(() -> {
                AccumulatingProtocol p = new AccumulatingProtocol();
                made.add(p);
                return p;
            });
            factory.setNoisy(false);
            int port = ((IPv4Address)
                            reactor.listenTCP(0, factory, 50, "127.0.0.1").getHost())
                    .port();
            try (Socket client = new Socket()) {
                client.connect(new InetSocketAddress("127.0.0.1", port));
                send(client, HELLO);
                client.shutdownOutput();
                for (int i = 0; i < 5_000 && made.isEmpty(); i++) {
                    reactor.runOnce(Duration.ofMillis(20));
                }
                assertThat(made).hasSize(1);
                AccumulatingProtocol p = made.get(0);
                assertThat(p.data()).isEmpty();

                reactor.runOnce(Duration.ofMillis(20));

                assertThat(p.data()).isEqualTo(HELLO);
                assertThat(p.isClosed()).isTrue();
                assertThat(p.closedReason().value()).isExactlyInstanceOf(ConnectionDone.class);
            }
        }
    }

    @Test
    void aConnectionPausedInConnectionMadeIsNotReadUntilResumed() throws IOException {
        try (Stepped s = new Stepped(p -> ((IPushProducer) p.transport()).pauseProducing());
                Socket client = s.connect()) {
            send(client, HELLO);
            client.shutdownOutput();
            Noting p = s.accepted();

            for (int i = 0; i < 5; i++) {
                s.step();
            }
            assertThat(p.events).as("paused: nothing read").hasSize(1);

            ((IPushProducer) p.transport()).resumeProducing();
            s.stepUntil(() -> p.reason != null);

            assertThat(p.received.toByteArray()).isEqualTo(HELLO);
            assertThat(p.reason.value()).isExactlyInstanceOf(ConnectionDone.class);
        }
    }

    @Test
    void aPausedConnectionThatWritesMoreThanTheSocketTakesJoinsTheSelectorForRoomAndSendsItAll() throws Exception {
        byte[] big = new byte[32 << 20];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31 + (i >>> 11));
        }
        try (Stepped s = new Stepped(p -> {
                    ((IPushProducer) p.transport()).pauseProducing();
                    p.transport().write(big);
                });
                Socket client = s.connect()) {
            Noting p = s.accepted();
            s.step();
            assertThat(s.keys())
                    .as("not reading, but waiting for room: registered for that alone")
                    .isEqualTo(2);

            ByteArrayOutputStream got = new ByteArrayOutputStream();
            Thread reader = new Thread(() -> {
                try {
                    byte[] buffer = new byte[64 * 1024];
                    int n;
                    while (got.size() < big.length
                            && (n = client.getInputStream().read(buffer)) >= 0) {
                        synchronized (got) {
                            got.write(buffer, 0, n);
                        }
                    }
                } catch (IOException e) {
                    // the assertion below reports the shortfall
                }
            });
            reader.setDaemon(true);
            reader.start();
            s.stepUntil(() -> !reader.isAlive());

            synchronized (got) {
                assertThat(got.toByteArray()).isEqualTo(big);
            }
            assertThat(p.reason).as("still open").isNull();
        }
    }

    @Test
    void aConnectionClosedInConnectionMadeIsNeverRead() throws IOException {
        try (Stepped s = new Stepped(p -> p.transport().loseConnection());
                Socket client = s.connect()) {
            send(client, HELLO);
            Noting p = s.accepted();

            s.stepUntil(() -> p.reason != null);

            assertThat(p.events).hasSize(2);
            assertThat(p.events.get(0)).startsWith("made@");
            assertThat(p.events.get(1)).startsWith("lost@");
            assertThat(p.received.size()).isZero();
            assertThat(p.reason.value()).isExactlyInstanceOf(ConnectionDone.class);
            assertThat(client.getInputStream().read())
                    .as("the client reads the server's end of stream")
                    .isEqualTo(-1);
        }
    }

    @Test
    void aConnectionWhoseFirstReadFoundNothingIsReadWhenItsBytesCome() throws IOException {
        try (Stepped s = new Stepped(p -> {});
                Socket client = s.connect()) {
            Noting p = s.accepted();
            assertThat(s.keys()).as("not registered before its first read").isEqualTo(1);
            s.step(); // the first read: nothing yet
            assertThat(s.keys()).as("registered to wait for its bytes").isEqualTo(2);
            s.step();
            assertThat(p.events).hasSize(1);

            send(client, "a".getBytes(StandardCharsets.US_ASCII));
            s.stepUntil(() -> p.received.size() == 1);
            send(client, "b".getBytes(StandardCharsets.US_ASCII));
            client.shutdownOutput();
            s.stepUntil(() -> p.reason != null);

            assertThat(p.received.toString(StandardCharsets.US_ASCII)).isEqualTo("ab");
            assertThat(p.reason.value()).isExactlyInstanceOf(ConnectionDone.class);
        }
    }
}
