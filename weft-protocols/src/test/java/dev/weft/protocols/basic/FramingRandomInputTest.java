package dev.weft.protocols.basic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.IProtocol;
import dev.weft.internet.testing.StringTransport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Random bytes, biased to what framing reads (digits, ':', ',', small length prefixes), fed whole, one byte at a time
 * and in random pieces: the same strings and the same verdict each way, and no exception but the documented ones.
 */
final class FramingRandomInputTest {
    private static final byte[] NETSTRING_BYTES = "0123456789:,\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** A netstring receiver that writes down what it was handed and how it ended. */
    static final class Netstrings extends NetstringReceiver {
        final List<String> seen = new ArrayList<>();

        @Override
        public void stringReceived(byte[] string) {
            seen.add(HexFormat.of().formatHex(string));
        }

        String verdict() {
            return seen + " broken=" + isBrokenPeer() + " "
                    + (parseError() == null ? "" : parseError().getMessage());
        }
    }

    /**
     * A length-prefixed receiver that writes down what it was handed up to the first prefix over the limit, and that
     * prefix. After it, as in Twisted, each read parses the bytes of the read that held it again, delivering its
     * strings again: how often depends on the reads, so nothing after it is written down.
     */
    static final class Prefixed extends IntNStringReceiver {
        final List<String> seen = new ArrayList<>();
        private boolean limited;

        Prefixed(int prefixLength) {
            super(prefixLength);
        }

        @Override
        public void stringReceived(byte[] string) {
            if (!limited) {
                seen.add(HexFormat.of().formatHex(string));
            }
        }

        @Override
        public void lengthLimitExceeded(long length) {
            if (!limited) {
                seen.add("limit " + length);
                limited = true;
            }
            super.lengthLimitExceeded(length);
        }

        String verdict() {
            return seen + " closing=" + ((StringTransport) transport()).isDisconnecting();
        }
    }

    @Property(tries = 300)
    void netstringsOfRandomBytesAreReadAlikeHoweverSplit(
            @ForAll long seed, @ForAll @IntRange(min = 1, max = 12) int maxLength) {
        Random random = new Random(seed);
        byte[] input = randomInput(random, NETSTRING_BYTES);
        Supplier<Netstrings> fresh = () -> {
            Netstrings n = new Netstrings();
            n.setMaxLength(maxLength);
            n.makeConnection(new StringTransport());
            return n;
        };
        String whole = feed(fresh.get(), input, new int[0]).verdict();
        assertThat(feed(fresh.get(), input, everyByte(input)).verdict()).isEqualTo(whole);
        assertThat(feed(fresh.get(), input, randomCuts(random, input)).verdict())
                .isEqualTo(whole);
    }

    @Property(tries = 300)
    void lengthPrefixedStringsOfRandomBytesAreReadAlikeHoweverSplit(
            @ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int prefixLength) {
        Random random = new Random(seed);
        byte[] input = randomInput(random, new byte[] {0, 0, 1, 2, 3, (byte) 0xFF});
        int maxLength = random.nextInt(6);
        Supplier<Prefixed> fresh = () -> {
            Prefixed p = new Prefixed(prefixLength);
            p.setMaxLength(maxLength);
            p.makeConnection(new StringTransport());
            return p;
        };
        String whole = feed(fresh.get(), input, new int[0]).verdict();
        assertThat(feed(fresh.get(), input, everyByte(input)).verdict()).isEqualTo(whole);
        assertThat(feed(fresh.get(), input, randomCuts(random, input)).verdict())
                .isEqualTo(whole);
    }

    /** Up to 40 bytes, most from {@code common}, some any byte. */
    private static byte[] randomInput(Random random, byte[] common) {
        byte[] input = new byte[random.nextInt(41)];
        for (int i = 0; i < input.length; i++) {
            input[i] = random.nextInt(8) == 0 ? (byte) random.nextInt(256) : common[random.nextInt(common.length)];
        }
        return input;
    }

    private static int[] everyByte(byte[] input) {
        int[] cuts = new int[Math.max(0, input.length - 1)];
        Arrays.setAll(cuts, i -> i + 1);
        return cuts;
    }

    private static int[] randomCuts(Random random, byte[] input) {
        return random.ints(random.nextInt(4), 0, input.length + 1).sorted().toArray();
    }

    /** Hands {@code input} to {@code protocol} in the pieces between {@code cuts} (ascending offsets). */
    private static <P extends IProtocol> P feed(P protocol, byte[] input, int[] cuts) {
        int at = 0;
        for (int cut : cuts) {
            protocol.dataReceived(Arrays.copyOfRange(input, at, cut));
            at = cut;
        }
        protocol.dataReceived(Arrays.copyOfRange(input, at, input.length));
        return protocol;
    }
}
