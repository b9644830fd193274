package dev.weft.protocols.tls;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The transport's buffer path into the engine ({@code getBuffer}/{@code bufferUpdated}): a read that
 * returns nothing (0 bytes, or the end of the stream) lends the buffer without a {@code
 * bufferUpdated}, and must leave the ciphertext waiting in it intact.
 */
class TLSBufferedReadTest {
    @Test
    void readsThatReturnNothingBetweenTwoHalvesOfARecordLoseNoByte() {
        Peer client = new Peer();
        Peer server = new Peer();
        var p = Tls.pair(Tls.client(), client, Tls.server(), server);
        int before = p.pump().serverIO().pendingBytes().length;
        server.transport().write("first half, second half".getBytes(US_ASCII));
        server.transport().write("and one more record".getBytes(US_ASCII));
        byte[] all = p.pump().serverIO().pendingBytes();
        byte[] cipher = Arrays.copyOfRange(all, before, all.length);
        int half = cipher.length / 3;
        TLSMemoryBIOProtocol layer = p.clientTls();

        ByteBuffer b = layer.getBuffer(cipher.length);
        b.put(cipher, 0, half);
        layer.bufferUpdated(half);
        layer.getBuffer(cipher.length); // a read of 0 bytes: no bufferUpdated
        client.transport().write("meanwhile".getBytes(US_ASCII)); // runs the engine in between
        layer.getBuffer(cipher.length); // and another
        ByteBuffer rest = layer.getBuffer(cipher.length);
        rest.put(cipher, half, cipher.length - half);
        layer.bufferUpdated(cipher.length - half);

        assertThat(new String(client.bytes(), US_ASCII)).isEqualTo("first half, second halfand one more record");
        assertThat(client.isLost()).isFalse();
        p.pump().flush();
        assertThat(new String(server.bytes(), US_ASCII)).isEqualTo("meanwhile");
    }

    /**
     * The input buffer starts smaller than a record can be: records of the largest size, read as a
     * reactor reads (into what is lent, at most {@code piece} bytes a time), grow it and arrive whole.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 1000, 4095, 4096, 4097, 9000, 16_709, 65_536})
    void largestRecordsReadInPiecesOfAnySizeArriveWhole(int piece) {
        Peer client = new Peer();
        Peer server = new Peer();
        var p = Tls.pair(Tls.client(), client, Tls.server(), server);
        int before = p.pump().serverIO().pendingBytes().length;
        byte[] plain = new byte[3 * 16_384 + 100];
        for (int i = 0; i < plain.length; i++) {
            plain[i] = (byte) (i * 31 + i / 251);
        }
        server.transport().write(plain);
        byte[] all = p.pump().serverIO().pendingBytes();
        byte[] cipher = Arrays.copyOfRange(all, before, all.length);
        TLSMemoryBIOProtocol layer = p.clientTls();

        for (int at = 0; at < cipher.length; ) {
            ByteBuffer b = layer.getBuffer(65_536);
            int n = Math.min(Math.min(piece, b.remaining()), cipher.length - at);
            b.put(cipher, at, n);
            layer.bufferUpdated(n);
            at += n;
        }

        assertThat(client.bytes()).isEqualTo(plain);
        assertThat(client.isLost()).isFalse();
    }
}
