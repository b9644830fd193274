package dev.weft.protocols.basic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.testing.StringTransport;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class IntNStringReceiverChunkingTest {
    /** Collects strings and limit reports of any prefix length. */
    static final class Strings extends IntNStringReceiver {
        final List<byte[]> strings = new ArrayList<>();
        final List<Long> limits = new ArrayList<>();

        Strings(int prefixLength) {
            super(prefixLength);
        }

        @Override
        public void stringReceived(byte[] string) {
            strings.add(string);
        }

        @Override
        public void lengthLimitExceeded(long length) {
            limits.add(length);
            super.lengthLimitExceeded(length);
        }
    }

    static byte[] frames(int prefixLength, byte[]... strings) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] s : strings) {
            for (int i = prefixLength - 1; i >= 0; i--) {
                out.write(s.length >>> (8 * i));
            }
            out.writeBytes(s);
        }
        return out.toByteArray();
    }

    static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    @ParameterizedTest(name = "prefix of {0} bytes")
    @ValueSource(ints = {1, 2, 4})
    void framesOfEverySizeArriveIntactHoweverSplit(int prefixLength) {
        byte[][] strings = {pattern(0), pattern(1), pattern(255), new byte[0], pattern(17), pattern(3)};
        byte[] input = frames(prefixLength, strings);
        Supplier<Strings> receiver = () -> {
            Strings s = new Strings(prefixLength);
            s.makeConnection(new StringTransport());
            return s;
        };
        Feed.everySplit(input, receiver, (split, s) -> {
            assertThat(s.strings).containsExactly(strings);
            assertThat(s.limits).isEmpty();
        });
    }

    @ParameterizedTest(name = "prefix of {0} bytes")
    @ValueSource(ints = {1, 2, 4})
    void aPrefixOverTheLimitIsReportedAfterTheEarlierFramesHoweverSplit(int prefixLength) {
        byte[] good = frames(prefixLength, pattern(3), pattern(5));
        byte[] bad = new byte[prefixLength + 2];
        java.util.Arrays.fill(bad, 0, prefixLength, (byte) 0xFF);
        byte[] input = new byte[good.length + bad.length];
        System.arraycopy(good, 0, input, 0, good.length);
        System.arraycopy(bad, 0, input, good.length, bad.length);
        long expected = (1L << (8 * prefixLength)) - 1;
        Feed.everySplit(
                input,
                () -> {
                    Strings s = new Strings(prefixLength);
                    s.setMaxLength(10);
                    s.makeConnection(new StringTransport());
                    return s;
                },
                (split, s) -> {
                    // Twisted re-parses the read that held the bad prefix from its first byte, so a frame
                    // of that read may be delivered twice; none is lost.
                    assertThat(s.strings).isNotEmpty();
                    assertThat(s.strings.subList(0, 2)).containsExactly(pattern(3), pattern(5));
                    assertThat(s.limits).isNotEmpty().allMatch(l -> l == expected);
                    assertThat(((StringTransport) s.transport()).isDisconnecting())
                            .isTrue();
                });
    }
}
