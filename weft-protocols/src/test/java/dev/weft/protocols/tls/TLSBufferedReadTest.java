package dev.weft.protocols.tls;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

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
}
