package dev.weft.internet.nio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.IPullProducer;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.Protocol;
import dev.weft.internet.ServerFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A protocol that is not half-closeable and writes its reply in {@code dataReceived} gets the reply
 * out when the peer's end of stream follows the request, even in the same read: the connection
 * closes as {@code loseConnection} would (the {@code printf ... | nc -N} pattern, and {@code weft
 * send}). The clients send and half-close before the reactor, stepped on the test thread, has
 * accepted them, so the request and the end of stream arrive together.
 */
final class PeerEndReplyTest {
    /** A server protocol that answers each chunk with {@code reply.apply(chunk)} and notes its loss. */
    private static final class Answering extends Protocol {
        private final Function<byte[], byte[]> reply;
        Failure reason;

        Answering(Function<byte[], byte[]> reply) {
            this.reply = reply;
        }

        @Override
        public void dataReceived(byte[] data) {
            transport().write(reply.apply(data));
        }

        @Override
        public void connectionLost(Failure why) {
            reason = why;
        }
    }

    /** A reactor stepped on the test thread, listening on a free port with the given protocol. */
    private static final class Stepped implements AutoCloseable {
        final NioReactor reactor = new NioReactor(1);
        final List<Protocol> made = new ArrayList<>();
        final int port;

        Stepped(Supplier<Protocol> protocol) {
            ServerFactory factory = ServerFactory.forProtocol(() -> {
                Protocol p = protocol.get();
                made.add(p);
                return p;
            });
            factory.setNoisy(false);
            port = ((IPv4Address)
                            reactor.listenTCP(0, factory, 1024, "127.0.0.1").getHost())
                    .port();
        }

        /** Connects a blocking client; a small receive buffer makes the server wait for room. */
        Socket connect(int receiveBuffer) throws IOException {
            Socket s = new Socket();
            if (receiveBuffer > 0) {
                s.setReceiveBufferSize(receiveBuffer);
            }
            s.connect(new InetSocketAddress("127.0.0.1", port));
            s.setSoTimeout(60_000);
            return s;
        }

        void step() {
            reactor.runOnce(Duration.ofMillis(20));
        }

        void stepUntil(BooleanSupplier condition) {
            for (int i = 0; i < 20_000 && !condition.getAsBoolean(); i++) {
                step();
            }
            assertThat(condition.getAsBoolean())
                    .as("reached within 20,000 turns")
                    .isTrue();
        }

        int keys() {
            return reactor.loop().selectorKeyCount();
        }

        @Override
        public void close() {
            reactor.close();
        }
    }

    private static byte[] pattern(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 31 + (i >>> 11));
        }
        return b;
    }

    /** Compares without printing megabytes when they differ. */
    private static void assertSame(byte[] got, byte[] expected) {
        assertThat(Arrays.equals(got, expected))
                .as("the %d bytes read are the %d bytes written", got.length, expected.length)
                .isTrue();
    }

    private static byte[] readToEnd(Socket client) throws IOException {
        return client.getInputStream().readAllBytes();
    }

    /** Reads {@code client} to its end on a thread of its own, in 4 KiB reads. */
    private static final class Reader extends Thread {
        private final InputStream in;
        private final ByteArrayOutputStream got = new ByteArrayOutputStream();
        private IOException failure;

        Reader(Socket client) throws IOException {
            this.in = client.getInputStream();
            setDaemon(true);
        }

        @Override
        public void run() {
            byte[] buffer = new byte[4096];
            try {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    synchronized (got) {
                        got.write(buffer, 0, n);
                    }
                }
            } catch (IOException e) {
                failure = e;
            }
        }

        byte[] bytes() {
            assertThat(failure).as("the client's read").isNull();
            synchronized (got) {
                return got.toByteArray();
            }
        }
    }

    @ParameterizedTest(name = "{0} connections")
    @ValueSource(ints = {1, 100, 500})
    void aReplyWrittenInDataReceivedArrivesWholeThoughTheRequestCameWithTheEndOfStream(int connections)
            throws IOException {
        try (Stepped s = new Stepped(() -> new Answering(data -> data))) {
            List<Socket> clients = new ArrayList<>();
            try {
                for (int i = 0; i < connections; i++) {
                    Socket c = s.connect(0);
                    clients.add(c);
                    c.getOutputStream().write(("request " + i).getBytes(StandardCharsets.US_ASCII));
                    c.shutdownOutput();
                }
                s.stepUntil(() ->
                        s.made.size() == connections && s.made.stream().allMatch(p -> ((Answering) p).reason != null));

                for (int i = 0; i < connections; i++) {
                    assertThat(new String(readToEnd(clients.get(i)), StandardCharsets.US_ASCII))
                            .as("the reply to client %d", i)
                            .isEqualTo("request " + i);
                    assertThat(((Answering) s.made.get(i)).reason.value()).isExactlyInstanceOf(ConnectionDone.class);
                }
                assertThat(s.keys())
                        .as("each reply fitted the socket: no connection entered the selector")
                        .isEqualTo(1);
            } finally {
                for (Socket c : clients) {
                    c.close();
                }
            }
        }
    }

    @Test
    void aMegabyteWrittenInDataReceivedReachesAHalfClosedClientThatReadsSlowly() throws IOException {
        byte[] big = pattern(1 << 20);
        try (Stepped s = new Stepped(() -> new Answering(data -> big));
                Socket client = s.connect(16 * 1024)) {
            client.getOutputStream().write('x');
            client.shutdownOutput();
            s.stepUntil(() -> !s.made.isEmpty());
            Answering server = (Answering) s.made.get(0);
            s.step();
            assertThat(server.transport().isDisconnecting())
                    .as("closing once the megabyte is sent; the small window holds it back")
                    .isTrue();

            Reader reader = new Reader(client);
            reader.start();
            s.stepUntil(() -> !reader.isAlive());

            assertSame(reader.bytes(), big);
            assertThat(server.reason.value()).isExactlyInstanceOf(ConnectionDone.class);
        }
    }

    @Test
    void anEndOfStreamThatComesWhileTheReplyWaitsForRoomLetsTheReplyFinish() throws IOException {
        byte[] big = pattern(8 << 20);
        try (Stepped s = new Stepped(() -> new Answering(data -> big));
                Socket client = s.connect(16 * 1024)) {
            client.getOutputStream().write('x');
            s.stepUntil(
                    () -> !s.made.isEmpty() && ((INioTransport) s.made.get(0).transport()).bufferedBytes() > 0);
            Answering server = (Answering) s.made.get(0);
            client.shutdownOutput();
            s.stepUntil(() -> server.transport().isDisconnecting() || server.reason != null);
            assertThat(server.reason)
                    .as("the end of stream did not drop the reply")
                    .isNull();

            Reader reader = new Reader(client);
            reader.start();
            s.stepUntil(() -> !reader.isAlive());

            assertSame(reader.bytes(), big);
            assertThat(server.reason.value()).isExactlyInstanceOf(ConnectionDone.class);
        }
    }

    @Test
    void aPeerThatClosedAndResetsTheReplyStillEndsWithConnectionDone() throws IOException {
        byte[] big = pattern(8 << 20);
        try (Stepped s = new Stepped(() -> new Answering(data -> big))) {
            try (Socket client = s.connect(16 * 1024)) {
                client.getOutputStream().write('x');
            } // closed: it reads nothing, and its kernel resets the reply
            s.stepUntil(() -> !s.made.isEmpty() && ((Answering) s.made.get(0)).reason != null);

            assertThat(((Answering) s.made.get(0)).reason.value())
                    .as("the peer ended the conversation first")
                    .isExactlyInstanceOf(ConnectionDone.class);

            try (Socket next = s.connect(0)) {
                next.getOutputStream().write('y');
                next.shutdownOutput();
                Reader reader = new Reader(next);
                reader.start();
                s.stepUntil(() -> !reader.isAlive());
                assertSame(reader.bytes(), big); // the reactor goes on
            }
        }
    }

    /** Writes {@code chunks} chunks of 64 KiB, one per resume, then unregisters. */
    private static final class ChunkProducer extends Protocol implements IPullProducer {
        private final int chunks;
        private int sent;
        Failure reason;

        ChunkProducer(int chunks) {
            this.chunks = chunks;
        }

        @Override
        public void dataReceived(byte[] data) {
            if (sent == 0) {
                transport().registerProducer(this);
            }
        }

        @Override
        public void resumeProducing() {
            if (sent == chunks) {
                transport().unregisterProducer();
                return;
            }
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) sent++);
            transport().write(chunk);
        }

        @Override
        public void stopProducing() {
            sent = -1;
        }

        @Override
        public void connectionLost(Failure why) {
            reason = why;
        }
    }

    @Test
    void aPullProducerRegisteredInDataReceivedHoldsThePeersCloseUntilItUnregisters() throws IOException {
        try (Stepped s = new Stepped(() -> new ChunkProducer(16));
                Socket client = s.connect(16 * 1024)) {
            client.getOutputStream().write('x');
            client.shutdownOutput();

            Reader reader = new Reader(client);
            reader.start();
            s.stepUntil(() -> !reader.isAlive());

            byte[] got = reader.bytes();
            assertThat(got).hasSize(16 * 64 * 1024);
            for (int i = 0; i < 16; i++) {
                assertThat(got[i * 64 * 1024]).as("chunk %d", i).isEqualTo((byte) i);
            }
            ChunkProducer server = (ChunkProducer) s.made.get(0);
            assertThat(server.reason.value()).isExactlyInstanceOf(ConnectionDone.class);
            assertThat(server.sent).as("unregistered, not stopped").isEqualTo(16);
        }
    }
}
