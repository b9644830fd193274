package dev.weft.protocols.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.IPushProducer;
import dev.weft.internet.ITransport;
import dev.weft.internet.Protocol;
import dev.weft.internet.testing.IOPump;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A push producer registered on a TLS transport from inside {@code dataReceived} or {@code
 * handshakeCompleted} is paused by the transport beneath at its high-water mark, as on plain TCP: each
 * write is encrypted and handed beneath as it is made, not when the callback returns.
 */
class TLSProducerInCallbackTest {
    private static final int LIMIT = 64 * 1024;
    private static final int CHUNK = 16 * 1024;
    private static final long TOTAL = 2L << 20;

    /** Writes CHUNK-byte pieces until paused or done; counts what it wrote and its pauses. */
    static final class Streamer implements IPushProducer {
        private final ITransport consumer;
        long sent;
        int pauses;
        boolean paused;

        Streamer(ITransport consumer) {
            this.consumer = consumer;
        }

        void run() {
            while (!paused && sent < TOTAL) {
                byte[] b = new byte[CHUNK];
                b[0] = (byte) (sent / CHUNK);
                consumer.write(b);
                sent += CHUNK;
            }
            if (sent >= TOTAL) {
                consumer.unregisterProducer();
            }
        }

        @Override
        public void pauseProducing() {
            paused = true;
            pauses++;
        }

        @Override
        public void resumeProducing() {
            paused = false;
            run();
        }

        @Override
        public void stopProducing() {
            paused = true;
        }
    }

    /** Starts a streamer on its first read, over TLS or plain TCP. */
    static class StartsOnData extends Protocol {
        Streamer streamer;

        @Override
        public void dataReceived(byte[] data) {
            if (streamer == null) {
                streamer = new Streamer(transport());
                transport().registerProducer(streamer);
                streamer.run();
            }
        }
    }

    /** What plain TCP lets the same producer write to a reader that reads nothing. */
    private static long plainSentToAStalledReader() {
        StartsOnData server = new StartsOnData();
        Protocol client = new Protocol();
        var pair = IOPump.connectedServerAndClient(() -> server, () -> client);
        pair.pump().setWriteBufferLimit(LIMIT);
        pair.pump().clientIO().pauseProducing();
        client.transport().write(new byte[] {'G', 'O'});
        pair.pump().pump();
        pair.pump().pump();
        assertThat(server.streamer.pauses).isPositive();
        return server.streamer.sent;
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void aProducerStartedInDataReceivedIsPausedAtTheMarkAsOnPlainTcp(String version) {
        long plain = plainSentToAStalledReader();
        StartsOnData server = new StartsOnData();
        Peer client = new Peer();
        var p = Tls.pair(Tls.client().withProtocols(version), client, Tls.server(), server);
        p.pump().setWriteBufferLimit(LIMIT);
        p.pump().clientIO().pauseProducing(); // a slow reader: its socket is not read
        client.transport().write(new byte[] {'G', 'O'});
        p.pump().pump();
        p.pump().pump();

        Streamer s = server.streamer;
        assertThat(s.paused).as("paused by the full buffer beneath").isTrue();
        assertThat(s.sent).as("written before the pause (plain TCP: %d)", plain).isLessThanOrEqualTo(plain);
        assertThat(p.pump().serverIO().bufferedBytes()).isLessThanOrEqualTo(LIMIT + CHUNK + 1024);

        p.pump().clientIO().resumeProducing();
        p.pump().flush();
        assertThat(s.sent).isEqualTo(TOTAL);
        assertThat(client.bytes()).hasSize((int) TOTAL);
        assertThat(s.pauses).as("paused again and again on the way").isGreaterThan(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void aProducerStartedInHandshakeCompletedIsPausedAtTheMark(String version) {
        Peer server = new Peer();
        Streamer[] started = new Streamer[1];
        server.onHandshake = p -> {
            started[0] = new Streamer(p.transport());
            p.transport().registerProducer(started[0]);
            started[0].run();
        };
        Peer client = new Peer();
        var p = Tls.pair(Tls.client().withProtocols(version), client, Tls.server(), server, false);
        p.pump().setWriteBufferLimit(LIMIT);
        for (int i = 0; i < 10 && started[0] == null; i++) {
            p.pump().pump();
        }
        Streamer s = started[0];
        assertThat(s).as("the server's handshake completed").isNotNull();
        assertThat(s.paused).as("paused inside handshakeCompleted").isTrue();
        assertThat(s.sent).isLessThanOrEqualTo(LIMIT + CHUNK);

        p.pump().clientIO().pauseProducing(); // now a slow reader
        for (int i = 0; i < 3; i++) {
            p.pump().pump();
        }
        assertThat(s.sent).as("a stalled reader holds the producer").isLessThan(4L * LIMIT);
        assertThat(p.pump().serverIO().bufferedBytes()).isLessThanOrEqualTo(LIMIT + CHUNK + 1024);

        p.pump().clientIO().resumeProducing();
        p.pump().flush();
        assertThat(client.bytes()).hasSize((int) TOTAL);
    }
}
