package dev.weft.protocols.basic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

final class ReceiveBufferTest {
    private static int naive(byte[] a, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void theEightBytesAtATimeSearchFindsWhatAByteLoopFinds() {
        SplittableRandom random = new SplittableRandom(11);
        for (int round = 0; round < 20_000; round++) {
            byte[] a = new byte[random.nextInt(0, 40)];
            for (int i = 0; i < a.length; i++) {
                // Few distinct values, so matches, near-misses (b +/- 1, 0x80 and 0x00) and repeats are common.
                a[i] = (byte) new int[] {0, 1, 0x7F, 0x80, 0x81, 0xFF, 10, 13}[random.nextInt(8)];
            }
            byte b = (byte) new int[] {0, 1, 0x80, 0xFF, 10, 13}[random.nextInt(6)];
            int from = a.length == 0 ? 0 : random.nextInt(0, a.length + 1);
            int to = random.nextInt(from, a.length + 1);
            assertThat(ReceiveBuffer.indexOfByte(a, b, from, to))
                    .as("round %d", round)
                    .isEqualTo(naive(a, b, from, to));
        }
    }
}
