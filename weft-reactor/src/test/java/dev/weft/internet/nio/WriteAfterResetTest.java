package dev.weft.internet.nio;

import static dev.weft.internet.nio.internal.Faults.LOGGER_NAME;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Deferred;
import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionAborted;
import dev.weft.internet.ConnectionLost;
import dev.weft.internet.testing.AccumulatingClientFactory;
import dev.weft.internet.testing.AccumulatingProtocol;
import dev.weft.internet.testing.LogCapture;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A write that finds the peer's reset: what the peer sent before it still reaches the protocol, and
 * then {@code connectionLost} with the write's {@link ConnectionLost}. The peer is a plain socket
 * that sends, then closes with {@code SO_LINGER 0}; on loopback its bytes and its reset are in the
 * weft socket when that close returns. The weft client has not read them: its reading is paused from
 * {@code connectionMade} until its write (or for good), and a write's flush comes before the turn's
 * select.
 */
final class WriteAfterResetTest {
    /** Under the receive window a loopback socket starts with, so all of it is in before the reset. */
    private static final int SIZE = 48_000;

    /** More than the socket takes while the peer reads nothing: the weft client's send buffer and the peer's window. */
    private static final int BIG = 16 << 20;

    private static final byte[] SENT = payload();
    private final ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    private final ReactorThread rt = ReactorThread.start();

    WriteAfterResetTest() throws IOException {}

    @AfterEach
    void stop() throws IOException {
        rt.close();
        server.close();
    }

    private static byte[] payload() {
        byte[] b = new byte[SIZE];
        new Random(18).nextBytes(b);
        return b;
    }

    @Test
    void aProtocolReadingAgainWhenItsWriteFindsTheResetGetsEveryByteSentBeforeIt() throws IOException {
        Recorder client = connectToAResettingPeer(paused(new Recorder()), false);

        Outcome outcome = writeAndAwaitLost(client, true);

        assertAllSent(outcome);
        assertLostAfterTheData(outcome);
    }

    @Test
    void aPausedProtocolStillGetsEveryByteBeforeItsConnectionIsLost() throws IOException {
        Recorder client = connectToAResettingPeer(paused(new Recorder()), false);

        Outcome outcome = writeAndAwaitLost(client, false);

        assertAllSent(outcome);
        assertThat(outcome.events().stream().filter("data"::equals).count())
                .as("several reads into the protocol's growing buffer")
                .isGreaterThan(1);
        assertLostAfterTheData(outcome);
    }

    @Test
    void aProtocolWithoutTheBufferPathGetsThemThroughDataReceived() throws IOException {
        Recorder client = connectToAResettingPeer(
                paused(new Recorder() {
                    @Override
                    public void dataReceived(byte[] data) { // below getBuffer: the array path
                        super.dataReceived(data);
                    }
                }),
                false);

        Outcome outcome = writeAndAwaitLost(client, false);

        assertAllSent(outcome);
        assertLostAfterTheData(outcome);
    }

    @Test
    void aWriteWaitingForRoomWhenTheResetComesStillLetsEveryByteThrough() throws IOException {
        Recorder client = paused(new Recorder());
        Socket peer = connectToAPeerThatSent(client);
        rt.execute(() -> client.transport().write(new byte[BIG]));
        // The flush at the end of that turn filled the socket: the rest waits for OP_WRITE.
        assertThat(rt.call(() -> ((INioTransport) client.transport()).bufferedBytes()))
                .isPositive();
        Deferred<Void> lost = rt.call(() -> {
            Deferred<Void> d = new Deferred<>();
            client.setClosedDeferred(d);
            return d;
        });

        reset(peer); // the socket turns writable (and failed): the flush there finds the reset
        rt.await(() -> lost);

        Outcome outcome = outcome(client);
        assertAllSent(outcome);
        assertLostAfterTheData(outcome);
    }

    @Test
    void aHalfCloseableProtocolGetsTheBytesOfAPeerThatEndedItsSideBeforeTheResetButNoHalfClose() throws IOException {
        Recorder.HalfCloseable client = connectToAResettingPeer(paused(new Recorder.HalfCloseable()), true);

        Outcome outcome = writeAndAwaitLost(client, false);

        assertAllSent(outcome);
        assertThat(outcome.events()).doesNotContain("readLost");
        assertLostAfterTheData(outcome);
    }

    @Test
    void aProtocolThatClosesWhileFedGetsNothingMoreAndLosesWithTheWritesFailure() throws IOException {
        Recorder client = connectToAResettingPeer(
                paused(new Recorder() {
                    @Override
                    public void bufferUpdated(int nbytes) {
                        super.bufferUpdated(nbytes);
                        transport().loseConnection();
                    }
                }),
                false);

        Outcome outcome = writeAndAwaitLost(client, false);

        assertThat(outcome.events()).containsExactly("made", "data", "lost ConnectionLost");
        assertThat(outcome.reason().value().getCause()).isInstanceOf(IOException.class);
        byte[] got = outcome.data();
        assertThat(got.length).isBetween(1, SIZE - 1);
        assertThat(Arrays.equals(got, Arrays.copyOf(SENT, got.length)))
                .as("a prefix")
                .isTrue();
    }

    @Test
    void aProtocolThatAbortsWhileFedGetsNothingMoreAndItsConnectionAborted() throws IOException {
        Recorder client = connectToAResettingPeer(
                paused(new Recorder() {
                    @Override
                    public void bufferUpdated(int nbytes) {
                        super.bufferUpdated(nbytes);
                        transport().abortConnection();
                    }
                }),
                false);

        Outcome outcome = writeAndAwaitLost(client, false);

        assertThat(outcome.events()).containsExactly("made", "data", "lost ConnectionAborted");
        assertThat(outcome.reason().value()).isExactlyInstanceOf(ConnectionAborted.class);
        assertThat(outcome.data().length).isBetween(1, SIZE - 1);
    }

    @Test
    void aProtocolThatThrowsWhileFedLosesWithItsExceptionAsAnyCallbackFailure() throws IOException {
        Recorder thrower = paused(new Recorder());
        thrower.throwIn = "dataReceived";
        Recorder client = connectToAResettingPeer(thrower, false);

        try (LogCapture log = new LogCapture(LOGGER_NAME)) {
            Outcome outcome = writeAndAwaitLost(client, false);

            assertThat(outcome.events()).containsExactly("made", "data", "lost IllegalStateException");
            assertThat(outcome.reason().value()).hasMessage("thrown on purpose by dataReceived");
            assertThat(log.thrown(IllegalStateException.class)).hasSize(1);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static <R extends Recorder> R paused(R recorder) {
        recorder.pauseWhenMade = true;
        return recorder;
    }

    /**
     * Connects {@code client} to a plain peer that sends {@link #SENT} once the client is made, ends its
     * side first if {@code finFirst}, and resets the connection; returns once the reset was sent.
     */
    private <R extends Recorder> R connectToAResettingPeer(R client, boolean finFirst) throws IOException {
        Socket peer = connectToAPeerThatSent(client);
        if (finFirst) {
            peer.shutdownOutput();
        }
        reset(peer);
        return client;
    }

    /** Connects {@code client} to a plain peer, which sends {@link #SENT} once the client is made; returns the peer. */
    private Socket connectToAPeerThatSent(Recorder client) throws IOException {
        AccumulatingClientFactory factory = new AccumulatingClientFactory(() -> client);
        factory.setNoisy(false);
        Deferred<AccumulatingProtocol> made = rt.call(() -> {
            Deferred<AccumulatingProtocol> d = new Deferred<>();
            factory.setProtocolConnectionMade(d);
            rt.reactor().connectTCP("127.0.0.1", server.getLocalPort(), factory);
            return d;
        });
        Socket peer = server.accept();
        peer.setTcpNoDelay(true); // nothing it writes is held back for an ACK, to be dropped by its reset
        rt.await(() -> made);
        peer.getOutputStream().write(SENT);
        assertThat(rt.call(() -> List.copyOf(client.events))).containsExactly("made");
        return peer;
    }

    /** Closes {@code peer} with {@code SO_LINGER 0}: a reset, in the other end's socket once this returns. */
    private static void reset(Socket peer) throws IOException {
        peer.setSoLinger(true, 0);
        peer.close();
    }

    /** What the client had when its connection was lost. */
    private record Outcome(byte[] data, List<String> events, Failure reason) {}

    /**
     * Writes a byte, after resuming the reading first if {@code resume} (the write's flush still comes
     * before the turn's select), and returns what the client had once its {@code connectionLost} ran.
     */
    private Outcome writeAndAwaitLost(Recorder client, boolean resume) {
        rt.await(() -> {
            Deferred<Void> lost = new Deferred<>();
            client.setClosedDeferred(lost);
            INioTransport transport = (INioTransport) client.transport();
            if (resume) {
                transport.resumeProducing();
            }
            transport.write(new byte[] {1});
            return lost;
        });
        return outcome(client);
    }

    private Outcome outcome(Recorder client) {
        return rt.call(() -> new Outcome(client.data(), List.copyOf(client.events), client.closedReason()));
    }

    private static void assertAllSent(Outcome outcome) {
        assertThat(outcome.data()).hasSize(SIZE);
        assertThat(Arrays.equals(outcome.data(), SENT))
                .as("byte-exact, in order")
                .isTrue();
    }

    /** Checks that {@code connectionLost} came once, last, with the write's {@link ConnectionLost}. */
    private static void assertLostAfterTheData(Outcome outcome) {
        List<String> events = outcome.events();
        assertThat(events.get(0)).isEqualTo("made");
        assertThat(events.get(events.size() - 1)).isEqualTo("lost ConnectionLost");
        assertThat(events.stream().filter(e -> e.startsWith("lost"))).hasSize(1);
        assertThat(outcome.reason().value()).isExactlyInstanceOf(ConnectionLost.class);
        assertThat(outcome.reason().value().getCause()).isInstanceOf(IOException.class);
    }
}
