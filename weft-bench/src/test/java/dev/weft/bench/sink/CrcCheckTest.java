package dev.weft.bench.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.testing.Chunking;
import dev.weft.internet.testing.Split;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

final class CrcCheckTest {
    @Test
    void acceptsAnIntactConnectionInEveryChunking() {
        byte[] input = Payloads.connection(7, 300);
        for (Split split : Chunking.standard().splits(input.length).toList()) {
            CrcCheck check = new CrcCheck();
            for (byte[] piece : split.pieces(input)) {
                check.write(ByteBuffer.wrap(piece));
            }
            assertThat(check.ok()).as(split.toString()).isTrue();
            assertThat(check.size()).as(split.toString()).isEqualTo(300);
        }
    }

    @Test
    void rejectsAConnectionWithOneChangedPayloadByte() {
        byte[] input = Payloads.connection(7, 300);
        input[200] ^= 1;
        CrcCheck check = new CrcCheck();
        check.update(input, 0, input.length);
        assertThat(check.ok()).isFalse();
    }

    @Test
    void rejectsAConnectionWithAChangedHeader() {
        byte[] input = Payloads.connection(7, 300);
        input[5] ^= 1;
        CrcCheck check = new CrcCheck();
        check.update(input, 0, input.length);
        assertThat(check.ok()).isFalse();
    }

    @Test
    void rejectsFewerThanEightBytes() {
        CrcCheck check = new CrcCheck();
        check.update(new byte[7], 0, 7);
        assertThat(check.ok()).isFalse();
    }

    @Test
    void acceptsAnEmptyPayloadAfterTheHeader() {
        byte[] input = Payloads.connection(3, 8);
        CrcCheck check = new CrcCheck();
        check.update(input, 0, 8);
        assertThat(check.ok()).isTrue();
    }

    @Test
    void readsDirectBuffersAndConsumesThemWhole() {
        byte[] input = Payloads.connection(11, 5000);
        ByteBuffer direct = ByteBuffer.allocateDirect(input.length).put(input).flip();
        CrcCheck check = new CrcCheck();
        assertThat(check.write(direct)).isEqualTo(5000);
        assertThat(direct.hasRemaining()).isFalse();
        assertThat(check.ok()).isTrue();
    }
}
