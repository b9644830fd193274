package dev.weft.internet.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Fault text that is wrong: an IllegalArgumentException with a short message, never a wrong value or an error. */
final class FaultTextBadInputTest {
    @Test
    void aHugeOrTinyExponentIsRefusedWithTheTextAsGiven() {
        // Before, the message wrote the number out in full: a billion digits, an OutOfMemoryError.
        assertThatThrownBy(() -> Fault.parse("latency=1e999999999"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bad fault 'latency=1e999999999': latency is 0 to 31622400000 ms (a year of 366 days), not"
                        + " 1e999999999 (write latency=MS)");
        assertThatThrownBy(() -> Fault.parse("slow-close=1e-1000000s"))
                .hasMessage("bad fault 'slow-close=1e-1000000s': slow-close is a whole number of milliseconds, not"
                        + " 1e-1000000s (write slow-close=MS)");
        assertThatThrownBy(() -> Fault.parse("latency=0.5"))
                .hasMessageContaining("whole number of milliseconds, not 0.5");
    }

    @Test
    void aSliceMinimumPastAnIntIsNamedAsGivenNotWrapped() {
        assertThatThrownBy(() -> Fault.parse("slice=5000000000-1"))
                .hasMessage("bad fault 'slice=5000000000-1': slice sizes must fit an int, got 5000000000 (write"
                        + " slice=MIN-MAX)");
    }

    @Test
    void digitsOfOtherScriptsAreRefusedAsByteSizesRefuseThem() {
        assertThatThrownBy(() -> Fault.parse("latency=\u0663")).hasMessageContaining("is not a duration");
        assertThatThrownBy(() -> Faults.parse("seed=\u0663"))
                .hasMessage("bad seed 'seed=\u0663': write seed=N with a whole number");
        assertThatThrownBy(() -> Fault.parse("close-after=\u0663")).hasMessageContaining("is not a size");
        assertThat(Faults.parse("latency=3, seed=-7").seed()).isEqualTo(-7);
    }

    /**
     * Any number (sign, digits, fraction, exponent up to a billion either way, unit) as a duration: the fault it
     * names, or a refusal in a sentence, not a number written out in full.
     */
    @Property(tries = 300)
    void anyNumberAsADurationGivesTheFaultOrAShortRefusal(
            @ForAll("kinds") String kind,
            @ForAll("numbers") String number,
            @ForAll @IntRange(min = 0, max = 4) int unit) {
        String text = kind + number + List.of("", "ms", "s", "m", "h").get(unit);
        try {
            Fault fault = Fault.parse(text);
            assertThat(fault.value()).isBetween(0L, Fault.MOST_MILLIS);
            assertThat(Fault.parse(fault.toString())).isEqualTo(fault);
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).startsWith("bad fault '" + text + "': ").hasSizeLessThan(300);
        }
    }

    @Provide
    Arbitrary<String> kinds() {
        return Arbitraries.of("latency=", "slow-close=", "latency=5~", "c>s:latency=");
    }

    @Provide
    Arbitrary<String> numbers() {
        Arbitrary<String> digits =
                Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(25);
        Arbitrary<String> exponent = Arbitraries.oneOf(
                Arbitraries.integers().between(-30, 30).map(e -> "e" + e),
                Arbitraries.integers().between(-1_000_000_000, 1_000_000_000).map(e -> "E" + e),
                Arbitraries.just(""));
        return net.jqwik.api.Combinators.combine(
                        Arbitraries.of("", "-", "+"),
                        digits,
                        Arbitraries.oneOf(Arbitraries.just(""), digits.map(d -> "." + d)),
                        exponent)
                .as((sign, whole, fraction, e) -> sign + whole + fraction + e);
    }
}
