package dev.weft.internet.nio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Deferred;
import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.IPushProducer;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.testing.AccumulatingClientFactory;
import dev.weft.internet.testing.AccumulatingProtocol;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * weft against real Twisted (Debian's python3-twisted): 64 MiB each way at once, written in random
 * sizes from seeded generators on both sides, compared by SHA-256, with the close reasons checked on
 * both sides; once with Twisted as the server and closer, once as the client with weft closing. Runs in
 * the {@code twisted} profile ({@code mvn verify -Ptwisted}).
 */
@Tag("twisted")
final class TwistedInteropTest {
    private static final int SIZE = 64 << 20;
    private static final int MAX_CHUNK = 200_000;
    private static final long WEFT_SEED = 5678;
    private static final int TWISTED_SEED = 1234;

    private final ReactorThread rt = ReactorThread.start();

    @BeforeAll
    static void requireTwisted() throws Exception {
        TwistedPeerProcess.requireTwisted();
    }

    @AfterEach
    void stopReactor() {
        rt.close();
    }

    /**
     * weft's side: an AccumulatingProtocol that also streams SIZE seeded random bytes as a push
     * producer, and closes once done if it is the closer.
     */
    static final class WeftPeer extends AccumulatingProtocol implements IPushProducer {
        final Deferred<Void> lost = new Deferred<>();
        final MessageDigest sent = sha256();
        private final Random random = new Random(WEFT_SEED);
        private final boolean closer;
        private long left = SIZE;
        private boolean paused;
        private boolean doneSending;
        private boolean closing;

        WeftPeer(boolean closer) {
            this.closer = closer;
        }

        @Override
        public void connectionMade() {
            super.connectionMade();
            transport().registerProducer(this, true);
            produce();
        }

        private void produce() {
            while (!paused && left > 0) {
                int n = (int) Math.min(left, 1 + random.nextInt(MAX_CHUNK));
                byte[] chunk = new byte[n];
                random.nextBytes(chunk);
                sent.update(chunk);
                left -= n;
                transport().write(chunk);
            }
            if (left == 0 && !doneSending) {
                doneSending = true;
                transport().unregisterProducer();
                maybeClose();
            }
        }

        @Override
        public void pauseProducing() {
            paused = true;
        }

        @Override
        public void resumeProducing() {
            paused = false;
            produce();
        }

        @Override
        public void stopProducing() {
            paused = true;
        }

        @Override
        public void bufferUpdated(int nbytes) {
            super.bufferUpdated(nbytes);
            maybeClose();
        }

        @Override
        public void dataReceived(byte[] data) {
            super.dataReceived(data);
            maybeClose();
        }

        private void maybeClose() {
            if (closer && doneSending && dataSize() >= SIZE && !closing) {
                closing = true;
                transport().loseConnection();
            }
        }

        @Override
        public void connectionLost(Failure reason) {
            super.connectionLost(reason);
            lost.callback(null);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static String hashOf(AccumulatingProtocol p) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = p.asInputStream()) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private void checkExchange(TwistedPeerProcess twisted, WeftPeer weft, long startNanos) throws Exception {
        String[] received = twisted.expect("RECEIVED ").split(" ");
        String[] sent = twisted.expect("SENT ").split(" ");
        String lost = twisted.expect("LOST ");
        rt.await(() -> weft.lost);
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        assertThat(twisted.waitForExit())
                .as("the Twisted peer's exit code; stderr:\n%s", twisted.stderr())
                .isZero();
        String weftSent = HexFormat.of().formatHex(weft.sent.digest());
        String weftReceived = rt.call(() -> hashOf(weft));
        assertThat(Long.parseLong(received[0])).isEqualTo(SIZE);
        assertThat(received[1]).as("SHA-256 of what Twisted received from weft").isEqualTo(weftSent);
        assertThat(rt.call(weft::dataSize)).isEqualTo(SIZE);
        assertThat(weftReceived)
                .as("SHA-256 of what weft received from Twisted")
                .isEqualTo(sent[1]);
        assertThat(lost).as("Twisted's close reason").isEqualTo("ConnectionDone");
        assertThat(rt.call(() -> weft.closedReason().value())).isExactlyInstanceOf(ConnectionDone.class);
        System.out.printf(
                "interop: %d MiB each way between weft and Twisted in %.2f s (%.0f MiB/s both ways together)%n",
                SIZE >> 20, seconds, 2.0 * (SIZE >> 20) / seconds);
    }

    @Test
    void aWeftClientAndATwistedServerExchange64MiBEachWayAndTwistedCloses() throws Exception {
        try (TwistedPeerProcess twisted = TwistedPeerProcess.start(
                "server", Integer.toString(SIZE), Integer.toString(TWISTED_SEED), Integer.toString(SIZE), "twisted")) {
            int port = Integer.parseInt(twisted.expect("PORT "));
            WeftPeer weft = new WeftPeer(false);
            AccumulatingClientFactory factory = new AccumulatingClientFactory(() -> weft);
            factory.setNoisy(false);
            long start = System.nanoTime();
            rt.execute(() -> rt.reactor().connectTCP("127.0.0.1", port, factory));
            checkExchange(twisted, weft, start);
        }
    }

    @Test
    void aTwistedClientAndAWeftServerExchange64MiBEachWayAndWeftCloses() throws Exception {
        WeftPeer weft = new WeftPeer(true);
        ServerFactory factory = ServerFactory.forProtocol(() -> weft);
        factory.setNoisy(false);
        int port = rt.call(() -> ((IPv4Address)
                        rt.reactor().listenTCP(0, factory, 50, "127.0.0.1").getHost())
                .port());
        long start = System.nanoTime();
        try (TwistedPeerProcess twisted = TwistedPeerProcess.start(
                "client",
                Integer.toString(port),
                Integer.toString(SIZE),
                Integer.toString(TWISTED_SEED),
                Integer.toString(SIZE),
                "weft")) {
            checkExchange(twisted, weft, start);
        }
    }
}
