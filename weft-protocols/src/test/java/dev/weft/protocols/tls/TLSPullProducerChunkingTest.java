package dev.weft.protocols.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.testing.Chunking;
import dev.weft.internet.testing.Split;
import dev.weft.internet.testing.StringTransport;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The chunking harness on what a pull producer sends through TLS: the records its loop produced,
 * cut at every boundary, into fixed sizes, one byte at a time and at random, decrypt at the peer to
 * its bytes, whole and in order.
 */
class TLSPullProducerChunkingTest {
    private final Turns turns = new Turns();
    private final Peer client = new Peer();
    private final Peer server = new Peer();
    private final StringTransport clientIO = new StringTransport();
    private final StringTransport serverIO = new StringTransport();
    private final TLSMemoryBIOProtocol clientTls = new TLSMemoryBIOProtocol(Tls.client(), client).withClock(turns);
    private final TLSMemoryBIOProtocol serverTls = new TLSMemoryBIOProtocol(Tls.server(), server);
    private final byte[] plain = new byte[1000];

    private static byte[] take(StringTransport t) {
        byte[] b = t.value();
        t.clear();
        return b;
    }

    /** Registers a fresh producer of {@link #plain} in 300-byte pieces and returns the ciphertext its loop made. */
    private byte[] pulled() {
        Chunks producer = new Chunks(plain, 300, client.tls());
        client.tls().registerProducer(producer);
        for (int i = 0; i < 10 && !producer.unregistered; i++) {
            turns.turn();
        }
        assertThat(producer.unregistered).isTrue();
        assertThat(producer.calls()).isEqualTo(5);
        return take(clientIO);
    }

    @Test
    void theRecordsOfAPulledStreamSplitEveryWayDecryptToItsBytes() {
        new Random(9).nextBytes(plain);
        serverTls.makeConnection(serverIO);
        clientTls.makeConnection(clientIO);
        for (int i = 0; i < 20 && (clientIO.value().length > 0 || serverIO.value().length > 0); i++) {
            serverTls.dataReceived(take(clientIO));
            clientTls.dataReceived(take(serverIO));
        }
        assertThat(client.tls().isHandshakeDone()).isTrue();

        byte[] first = pulled();
        serverTls.dataReceived(first); // records carry implicit sequence numbers: none may be skipped
        assertThat(server.bytes()).isEqualTo(plain);

        List<Split> splits = Chunking.standard().splits(first.length).toList();
        assertThat(splits).hasSizeGreaterThan(first.length); // every boundary, fixed sizes, one byte, random
        for (Split split : splits) {
            server.received.reset();
            byte[] cipher = pulled(); // fresh records of the same length: TLS refuses a replay
            assertThat(cipher).hasSameSizeAs(first);
            split.deliver(cipher, serverTls);
            assertThat(server.bytes()).as(split.toString()).isEqualTo(plain);
        }
        assertThat(server.reason).isNull();
    }
}
