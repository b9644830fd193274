package dev.weft.protocols.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.testing.Chunking;
import dev.weft.internet.testing.Split;
import dev.weft.internet.testing.StringTransport;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The chunking harness on the ciphertext: TLS records cut at every boundary, into fixed sizes, one
 * byte at a time and at random still decrypt to the same plaintext.
 */
class TLSChunkingTest {
    /** Two TLS ends over StringTransports; the test moves the bytes, cut as it likes. */
    private static final class Wire {
        final Peer client = new Peer();
        final Peer server = new Peer();
        final StringTransport clientIO = new StringTransport();
        final StringTransport serverIO = new StringTransport();
        final TLSMemoryBIOProtocol clientTls = new TLSMemoryBIOProtocol(Tls.client(), client);
        final TLSMemoryBIOProtocol serverTls = new TLSMemoryBIOProtocol(Tls.server(), server);

        Wire(Split split) {
            serverTls.makeConnection(serverIO);
            clientTls.makeConnection(clientIO);
            for (int i = 0; i < 20 && (clientIO.value().length > 0 || serverIO.value().length > 0); i++) {
                byte[] up = take(clientIO);
                split.pieces(up).forEach(serverTls::dataReceived);
                byte[] down = take(serverIO);
                split.pieces(down).forEach(clientTls::dataReceived);
            }
        }

        static byte[] take(StringTransport t) {
            byte[] b = t.value();
            t.clear();
            return b;
        }
    }

    private static byte[] message(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    @Test
    void recordsSplitEveryWayDecryptToTheSamePlaintext() {
        Wire w = new Wire(Split.whole());
        assertThat(w.client.handshakes).isEqualTo(1);
        byte[] plain = message(20_000); // two records
        w.client.transport().write(plain.clone());
        byte[] first = Wire.take(w.clientIO);
        int cipherLength = first.length;
        assertThat(cipherLength).isGreaterThan(plain.length);
        w.serverTls.dataReceived(first); // records carry implicit sequence numbers: none may be skipped
        assertThat(w.server.bytes()).isEqualTo(plain);

        // Each split gets fresh ciphertext of the same length (same plaintext, next sequence number).
        Chunking.standard().splits(cipherLength).forEach(split -> {
            w.server.received.reset();
            w.client.transport().write(plain.clone());
            byte[] cipher = Wire.take(w.clientIO);
            assertThat(cipher).hasSize(cipherLength);
            split.deliver(cipher, w.serverTls);
            assertThat(w.server.bytes()).as(split.toString()).isEqualTo(plain);
        });
        assertThat(w.server.reason).isNull();
    }

    @Test
    void handshakeFlightsSplitEveryWayStillComplete() {
        for (Split split : List.of(
                Split.whole(),
                Split.oneByteAtATime(),
                Split.every(2),
                Split.every(7),
                Split.every(100),
                Split.at(5),
                Split.random(1),
                Split.random(2),
                Split.random(3, 50))) {
            Wire w = new Wire(split);
            assertThat(w.client.handshakes).as(split.toString()).isEqualTo(1);
            assertThat(w.server.handshakes).as(split.toString()).isEqualTo(1);
            byte[] plain = message(1000);
            w.server.transport().write(plain.clone());
            split.pieces(Wire.take(w.serverIO)).forEach(w.clientTls::dataReceived);
            assertThat(w.client.bytes()).as(split.toString()).isEqualTo(plain);
        }
    }

    @Test
    void shortReadsIntoTheLentBufferDecryptLikeWholeArrays() {
        Wire w = new Wire(Split.whole());
        byte[] plain = message(20_000); // two records
        for (int read : new int[] {1, 7, 100, 5000, 16_500}) {
            w.server.received.reset();
            w.client.transport().write(plain.clone());
            byte[] cipher = Wire.take(w.clientIO);
            // As the reactor does: ask for a large buffer, then read what the socket had, at most what fits.
            for (int offset = 0; offset < cipher.length; ) {
                java.nio.ByteBuffer buffer = w.serverTls.getBuffer(65_536);
                assertThat(buffer.remaining()).isGreaterThanOrEqualTo(4096);
                int n = Math.min(Math.min(read, cipher.length - offset), buffer.remaining());
                buffer.put(cipher, offset, n);
                w.serverTls.bufferUpdated(n);
                offset += n;
            }
            assertThat(w.server.bytes()).as("reads of %d", read).isEqualTo(plain);
        }
        assertThat(w.server.reason).isNull();
    }

    /**
     * The ciphertext buffer lent to reads starts at 4 KiB, whatever the hint; a read that fills it
     * grows it to one packet, and a read that fills that is lent the transport's whole hint: a
     * connection that only shakes hands keeps a small buffer, a stream gets large reads.
     */
    @Test
    void theLentBufferGrowsToAPacketThenToTheWholeHintAsReadsFillIt() throws Exception {
        Wire w = new Wire(Split.whole());
        assertThat(w.serverTls.getBuffer(65_536).capacity()).isEqualTo(4096); // lent, nothing read yet
        byte[] plain = message(200_000);
        w.client.transport().write(plain.clone());
        byte[] cipher = Wire.take(w.clientIO);
        List<Integer> lent = new java.util.ArrayList<>();
        for (int offset = 0; offset < cipher.length; ) {
            java.nio.ByteBuffer buffer = w.serverTls.getBuffer(65_536);
            lent.add(buffer.remaining());
            int m = Math.min(buffer.remaining(), cipher.length - offset); // every read fills what it is lent
            buffer.put(cipher, offset, m);
            w.serverTls.bufferUpdated(m);
            offset += m;
        }
        // The first record (16 KiB of plaintext) is not whole after the first two reads: the second is
        // lent a packet less the 4 KiB that wait, the third the whole hint.
        assertThat(lent.get(0)).isEqualTo(4096);
        int packet = javax.net.ssl.SSLContext.getDefault()
                .createSSLEngine()
                .getSession()
                .getPacketBufferSize();
        assertThat(lent.get(1)).isEqualTo(packet - 4096);
        assertThat(lent.get(2)).isGreaterThanOrEqualTo(65_536);
        assertThat(w.server.bytes()).isEqualTo(plain);
        assertThat(w.server.reason).isNull();
    }
}
