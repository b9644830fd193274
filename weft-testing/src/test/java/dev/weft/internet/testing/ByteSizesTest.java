package dev.weft.internet.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** Sizes and rates read one way in the fault specs and the command's options; faults print what they parse back. */
final class ByteSizesTest {
    @Test
    void sizesTakeBinarySuffixesInEitherCase() {
        assertThat(ByteSizes.parse("0")).isZero();
        assertThat(ByteSizes.parse("1048576")).isEqualTo(1 << 20);
        assertThat(ByteSizes.parse("64K")).isEqualTo(64 * 1024);
        assertThat(ByteSizes.parse(" 10m ")).isEqualTo(10L << 20);
        assertThat(ByteSizes.parse("1G")).isEqualTo(1L << 30);
        assertThat(ByteSizes.parse("2t")).isEqualTo(2L << 40);
        assertThat(ByteSizes.parse("8388607T")).isEqualTo(8388607L << 40);
        assertThat(ByteSizes.parse(Long.toString(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aBadSizeNamesItselfAndWhatIsAccepted() {
        for (String bad : List.of("10X", "", "K", "-5", "+5", "1.5K", "10KB", "10 K", "١٢")) {
            assertThatThrownBy(() -> ByteSizes.parse(bad))
                    .as(bad)
                    .hasMessage("'" + bad.strip() + "' is not a size: give a number of bytes, optionally with K, M, G"
                            + " or T (1K = 1024)");
        }
        assertThatThrownBy(() -> ByteSizes.parse("8388608T"))
                .hasMessage("'8388608T' is too large: at most 9223372036854775807 bytes (8 EiB)");
        assertThatThrownBy(() -> ByteSizes.parse("9223372036854775808"))
                .hasMessage("'9223372036854775808' is too large: at most 9223372036854775807 bytes (8 EiB)");
    }

    @Test
    void aRateIsASizeWithAnOptionalPerSecond() {
        assertThat(ByteSizes.parseRate("10K")).isEqualTo(10_240);
        assertThat(ByteSizes.parseRate("10K/s")).isEqualTo(10_240);
        assertThat(ByteSizes.parseRate("1000/s")).isEqualTo(1000);
        assertThatThrownBy(() -> ByteSizes.parseRate("10KB/s"))
                .hasMessage("'10KB/s' is not a rate: give a number of bytes, optionally with K, M, G or T (1K = 1024),"
                        + " a second, like 10K or 10K/s");
        assertThatThrownBy(() -> ByteSizes.parseRate("/s")).hasMessageStartingWith("'/s' is not a rate");
    }

    @Test
    void everyFaultOfBytesTakesTheSameSuffixes() {
        assertThat(Fault.parse("bandwidth=10K")).isEqualTo(Fault.bandwidth(10_240));
        assertThat(Fault.parse("s>c:bandwidth=1M/s"))
                .isEqualTo(Fault.bandwidth(1 << 20).serverToClient());
        assertThat(Fault.parse("slice=1K-4K")).isEqualTo(Fault.slice(1024, 4096));
        assertThat(Fault.parse("close-after=2k")).isEqualTo(Fault.closeAfter(2048));
        assertThat(Fault.parse("c>s:reset-after=1M"))
                .isEqualTo(Fault.resetAfter(1 << 20).clientToServer());
        assertThat(Fault.parse("stall-after=64K")).isEqualTo(Fault.stallAfter(65_536));
        assertThat(Fault.parse("half-close-after=1G")).isEqualTo(Fault.halfCloseAfter(1L << 30));
        assertThat(Fault.parse("bandwidth=10K")).hasToString("bandwidth=10240/s");
    }

    @Test
    void aBadSizeInAFaultNamesTheFaultTheValueAndWhatIsAccepted() {
        assertThatThrownBy(() -> Fault.parse("bandwidth=10X"))
                .hasMessage("bad fault 'bandwidth=10X': '10X' is not a rate: give a number of bytes, optionally with K,"
                        + " M, G or T (1K = 1024), a second, like 10K or 10K/s (write bandwidth=BYTES/s)");
        assertThatThrownBy(() -> Fault.parse("c>s:reset-after=ten"))
                .hasMessage("bad fault 'c>s:reset-after=ten': 'ten' is not a size: give a number of bytes, optionally"
                        + " with K, M, G or T (1K = 1024) (write reset-after=N)");
        assertThatThrownBy(() -> Fault.parse("slice=1K-9999999999T"))
                .hasMessage("bad fault 'slice=1K-9999999999T': '9999999999T' is too large: at most"
                        + " 9223372036854775807 bytes (8 EiB) (write slice=MIN-MAX)");
        assertThatThrownBy(() -> Fault.parse("slice=1-4G"))
                .hasMessageContaining("slice sizes must fit an int, got 4294967296");
    }

    /** Any byte count, written with any suffix that divides it, reads back as itself. */
    @Property
    void aSizeWrittenWithASuffixReadsBack(
            @ForAll @LongRange(min = 0, max = 8_388_607) long count, @ForAll @IntRange(min = 0, max = 4) int suffix) {
        String text = count + (suffix == 0 ? "" : String.valueOf("KMGT".charAt(suffix - 1)));
        assertThat(ByteSizes.parse(text)).isEqualTo(count << (10 * suffix));
        assertThat(ByteSizes.parse(text.toLowerCase(java.util.Locale.ROOT))).isEqualTo(count << (10 * suffix));
    }

    /** Every fault prints a text form that parses back to it, alone and in a list with a seed. */
    @Property
    void everyFaultPrintsWhatParsesBackToIt(@ForAll("faults") Fault fault, @ForAll long seed) {
        assertThat(Fault.parse(fault.toString())).isEqualTo(fault);
        Faults faults = Faults.of(List.of(fault), seed);
        assertThat(Faults.parse(faults.toString())).isEqualTo(faults);
    }

    /** A byte fault written with a suffix is the fault of that many bytes, and prints back to an equal fault. */
    @Property
    void aFaultWrittenWithASuffixRoundTrips(
            @ForAll("byteKinds") Fault.Kind kind,
            @ForAll @LongRange(min = 1, max = 2_000_000) long count,
            @ForAll @IntRange(min = 0, max = 2) int suffix) {
        long n = kind == Fault.Kind.SLICE ? count % 2047 + 1 : count; // a slice's pieces fit an int
        String size = n + (suffix == 0 ? "" : suffix == 1 ? "K" : "M");
        String text = kind.text() + "=" + (kind == Fault.Kind.SLICE ? "1-" + size : size);
        Fault fault = Fault.parse(text);
        assertThat(kind == Fault.Kind.SLICE ? fault.max() : fault.value()).isEqualTo(n << (10 * suffix));
        assertThat(Fault.parse(fault.toString())).isEqualTo(fault);
    }

    @Provide
    Arbitrary<Fault.Kind> byteKinds() {
        return Arbitraries.of(
                Fault.Kind.BANDWIDTH,
                Fault.Kind.SLICE,
                Fault.Kind.CLOSE_AFTER,
                Fault.Kind.RESET_AFTER,
                Fault.Kind.STALL_AFTER,
                Fault.Kind.HALF_CLOSE_AFTER);
    }

    @Provide
    Arbitrary<Fault> faults() {
        Arbitrary<Long> bytes = Arbitraries.longs().between(0, Long.MAX_VALUE);
        Arbitrary<Duration> delays =
                Arbitraries.longs().between(0, Fault.MOST_MILLIS).map(Duration::ofMillis);
        Arbitrary<Fault> any = Arbitraries.oneOf(
                delays.map(Fault::latency),
                Combinators.combine(delays, Arbitraries.doubles().between(0, 1))
                        .as((d, share) -> Fault.latency(d, Duration.ofMillis((long) (d.toMillis() * share)))),
                delays.map(Fault::slowClose),
                Arbitraries.longs().between(1, Long.MAX_VALUE).map(Fault::bandwidth),
                Combinators.combine(
                                Arbitraries.integers().between(1, Integer.MAX_VALUE),
                                Arbitraries.integers().between(0, Integer.MAX_VALUE))
                        .as((min, more) -> Fault.slice(min, (int) Math.min(Integer.MAX_VALUE, (long) min + more))),
                bytes.map(Fault::closeAfter),
                bytes.map(Fault::resetAfter),
                bytes.map(Fault::stallAfter),
                bytes.map(Fault::halfCloseAfter));
        return Arbitraries.oneOf(
                Combinators.combine(any, Arbitraries.of(Direction.values())).as(Fault::on),
                Arbitraries.just(Fault.refuse()));
    }
}
