package dev.weft.protocols.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Failure;
import dev.weft.internet.IBufferedProtocol;
import dev.weft.internet.Protocol;
import dev.weft.internet.testing.AccumulatingProtocol;
import dev.weft.internet.testing.Chunking;
import dev.weft.internet.testing.StringTransport;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A wrapped protocol on the buffer path gets its plaintext through {@code getBuffer}/{@code
 * bufferUpdated}: each whole record decrypted straight into the buffer it lends when the plaintext
 * fits, copied into its buffers otherwise (small buffers, plaintext held while paused); never
 * through {@code dataReceived}.
 */
class TLSBufferedPlaintextTest {
    /** Lends a new heap buffer of {@code lend} bytes at each {@code getBuffer}; records every call. */
    static final class BufferedPeer extends Protocol implements IBufferedProtocol {
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final List<Integer> hints = new ArrayList<>();
        final List<Integer> updates = new ArrayList<>();
        int arrays;
        int lend = 64 * 1024;
        private @Nullable ByteBuffer lent;

        @Nullable
        Failure reason;

        Consumer<BufferedPeer> onUpdate = p -> {};

        @Override
        public ByteBuffer getBuffer(int sizeHint) {
            hints.add(sizeHint);
            ByteBuffer b = ByteBuffer.allocate(lend);
            lent = b;
            return b;
        }

        @Override
        public void bufferUpdated(int nbytes) {
            ByteBuffer b = lent;
            assertThat(b).isNotNull();
            updates.add(nbytes);
            received.write(b.array(), b.position() - nbytes, nbytes);
            onUpdate.accept(this);
        }

        @Override
        public void dataReceived(byte[] data) {
            arrays++;
            received.writeBytes(data);
        }

        @Override
        public void connectionLost(Failure r) {
            reason = r;
        }
    }

    private static byte[] message(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void wholeRecordsAreDecryptedStraightIntoTheLentBuffer(String version) {
        BufferedPeer client = new BufferedPeer();
        Peer server = new Peer();
        var p = Tls.pair(Tls.client().withProtocols(version), client, Tls.server(), server);
        byte[] plain = message(50_000); // four records (the JDK's TLS 1.3 records hold 16,367 bytes)
        server.transport().write(plain.clone());
        p.pump().flush();

        assertThat(client.received.toByteArray()).isEqualTo(plain);
        assertThat(client.arrays).isZero();
        int full = version.equals("TLSv1.3") ? 16_367 : 16_384;
        assertThat(client.updates).containsExactly(full, full, full, plain.length - 3 * full);
        // Asked once per record with the record's whole length: its plaintext plus TLS's overhead
        // (a copy would ask for the plaintext alone). TLS 1.3's session tickets came first, in records
        // that decrypt to nothing for the protocol: a buffer lent for one gets no bufferUpdated.
        List<Integer> hints = client.hints.subList(client.hints.size() - 4, client.hints.size());
        int overhead = hints.get(0) - client.updates.get(0);
        assertThat(overhead).isPositive();
        for (int i = 0; i < 4; i++) {
            assertThat(hints.get(i) - client.updates.get(i)).as("record %d", i).isEqualTo(overhead);
        }
        assertThat(client.reason).isNull();
    }

    @Test
    void buffersTooSmallForARecordGetItsPlaintextCopiedInPieces() {
        BufferedPeer client = new BufferedPeer();
        client.lend = 7;
        Peer server = new Peer();
        var p = Tls.pair(Tls.client(), client, Tls.server(), server);
        byte[] plain = message(20_000);
        server.transport().write(plain.clone());
        p.pump().flush();

        assertThat(client.received.toByteArray()).isEqualTo(plain);
        assertThat(client.arrays).isZero();
        assertThat(client.updates).allSatisfy(n -> assertThat(n).isBetween(1, 7));
        assertThat(client.updates.stream().mapToInt(Integer::intValue).sum()).isEqualTo(plain.length);
    }

    @Test
    void plaintextHeldWhilePausedComesThroughTheBuffersInOrderOnResume() {
        BufferedPeer client = new BufferedPeer();
        Peer server = new Peer();
        var p = Tls.pair(Tls.client(), client, Tls.server(), server);
        client.onUpdate = c -> {
            if (c.updates.size() == 1) {
                ((ISSLTransport) c.transport()).pauseProducing();
            }
        };
        byte[] plain = message(40_000); // three records
        server.transport().write(plain.clone());
        p.pump().flush();
        int first = client.updates.get(0);
        assertThat(first).isLessThan(plain.length);
        assertThat(client.received.toByteArray()).isEqualTo(Arrays.copyOf(plain, first));

        byte[] more = message(1000);
        server.transport().write(more.clone());
        p.pump().flush();
        assertThat(client.received.size()).isEqualTo(first);

        ((ISSLTransport) client.transport()).resumeProducing();
        p.pump().flush();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(plain);
        all.writeBytes(more);
        assertThat(client.received.toByteArray()).isEqualTo(all.toByteArray());
        assertThat(client.arrays).isZero();
    }

    @Test
    void ciphertextSplitEveryWayDecryptsIntoTheBuffersWhole() {
        BufferedPeer client = new BufferedPeer();
        Peer server = new Peer();
        StringTransport clientIO = new StringTransport();
        StringTransport serverIO = new StringTransport();
        TLSMemoryBIOProtocol clientTls = new TLSMemoryBIOProtocol(Tls.client(), client);
        TLSMemoryBIOProtocol serverTls = new TLSMemoryBIOProtocol(Tls.server(), server);
        serverTls.makeConnection(serverIO);
        clientTls.makeConnection(clientIO);
        for (int i = 0; i < 20 && (clientIO.value().length > 0 || serverIO.value().length > 0); i++) {
            serverTls.dataReceived(take(clientIO));
            clientTls.dataReceived(take(serverIO));
        }
        assertThat(server.handshakes).isEqualTo(1);
        byte[] plain = message(20_000); // two records
        server.transport().write(plain.clone());
        byte[] first = take(serverIO);
        clientTls.dataReceived(first);
        assertThat(client.received.toByteArray()).isEqualTo(plain);

        // Each split gets fresh ciphertext of the same length (same plaintext, next sequence number).
        Chunking.standard().splits(first.length).forEach(split -> {
            client.received.reset();
            server.transport().write(plain.clone());
            byte[] cipher = take(serverIO);
            assertThat(cipher).hasSize(first.length);
            split.deliver(cipher, clientTls);
            assertThat(client.received.toByteArray()).as(split.toString()).isEqualTo(plain);
        });
        assertThat(client.arrays).isZero();
        assertThat(client.reason).isNull();
    }

    private static byte[] take(StringTransport t) {
        byte[] b = t.value();
        t.clear();
        return b;
    }

    @Test
    void anAccumulatingProtocolHoldsAMebibyteDecryptedIntoItsChunks() {
        AccumulatingProtocol client = new AccumulatingProtocol();
        Peer server = new Peer();
        var p = Tls.pair(Tls.client(), client, Tls.server(), server);
        byte[] plain = message(1 << 20);
        for (int at = 0; at < plain.length; at += 100_000) {
            server.transport().write(Arrays.copyOfRange(plain, at, Math.min(plain.length, at + 100_000)));
        }
        p.pump().flush();
        assertThat(client.data()).isEqualTo(plain);
    }
}
