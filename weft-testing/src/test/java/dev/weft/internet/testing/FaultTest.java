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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FaultTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "latency=20",
                "c>s:latency=0",
                "s>c:latency=50~10",
                "latency=20~20",
                "s>c:bandwidth=1000/s",
                "slice=1-3",
                "c>s:close-after=10",
                "s>c:reset-after=0",
                "stall-after=65536",
                "half-close-after=5",
                "s>c:slow-close=250",
                "refuse"
            })
    void printsTheTextFormItParsed(String text) {
        Fault fault = Fault.parse(text);
        assertThat(fault).hasToString(text);
        assertThat(Fault.parse(fault.toString())).isEqualTo(fault);
    }

    @Test
    void buildsTheSameValuesAsTheParser() {
        assertThat(Fault.latency(Duration.ofMillis(20)).clientToServer()).isEqualTo(Fault.parse("c>s:latency=20"));
        assertThat(Fault.bandwidth(1000)).isEqualTo(Fault.parse("bandwidth=1000"));
        assertThat(Fault.slice(4, 4)).isEqualTo(Fault.parse("slice=4"));
        assertThat(Fault.resetAfter(7).serverToClient()).isEqualTo(Fault.parse(" S>C : reset-after = 7 "));
        assertThat(Fault.parse("stall-after=3").kind()).isEqualTo(Fault.Kind.STALL_AFTER);
        assertThat(Fault.parse("stall-after=3").value()).isEqualTo(3);
        assertThat(Fault.parse("slice=2-9").max()).isEqualTo(9);
    }

    /** The limit that acts first on a direction, as the tap and the proxy name it in their records. */
    @Test
    void limitIsTheSmallestAfterLimitOnTheDirectionNamedWithIt() {
        Faults f = Faults.parse("latency=5,stall-after=20,c>s:close-after=10,s>c:reset-after=20");
        assertThat(f.limit(Direction.CLIENT_TO_SERVER)).hasToString("c>s:close-after=10");
        assertThat(f.limit(Direction.SERVER_TO_CLIENT)).hasToString("s>c:stall-after=20"); // the first of equal ones
        assertThat(Faults.parse("c>s:latency=5").limit(Direction.CLIENT_TO_SERVER))
                .isNull();
    }

    @Test
    void aDelayIsAtMostAYearAndMayNameItsUnit() {
        assertThat(Fault.parse("s>c:slow-close=31622400000").value()).isEqualTo(366L * 24 * 3600 * 1000);
        assertThatThrownBy(() -> Fault.parse("latency=3153600000000")) // a century
                .hasMessage("bad fault 'latency=3153600000000': latency is 0 to 31622400000 ms (a year of 366 days),"
                        + " not 3153600000000 (write latency=MS)");
        assertThatThrownBy(() -> Fault.parse("slow-close=31622400001ms"))
                .hasMessageContaining("slow-close is 0 to 31622400000 ms (a year of 366 days), not 31622400001");
        assertThat(Fault.parse("latency=50ms")).isEqualTo(Fault.parse("latency=50"));
    }

    @Test
    void aDelayMayBeWrittenInSecondsMinutesOrHoursAsTheCommandLinesDurationsAre() {
        assertThat(Fault.parse("latency=20s").value()).isEqualTo(20_000);
        assertThat(Fault.parse("s>c:latency=1.5S").value()).isEqualTo(1_500);
        assertThat(Fault.parse("slow-close=2m").value()).isEqualTo(120_000);
        assertThat(Fault.parse("latency=1h").value()).isEqualTo(3_600_000);
        assertThatThrownBy(() -> Fault.parse("latency=0.5ms"))
                .hasMessageContaining("latency is a whole number of milliseconds, not 0.5");
        assertThatThrownBy(() -> Fault.parse("latency=soon"))
                .hasMessageContaining("'soon' is not a duration: milliseconds, or a number with ms, s, m or h");
    }

    @Test
    void aSpecCutShortByTheShellsRedirectionSaysToQuoteIt() {
        // `--fault c>s:latency=50` unquoted: the shell writes to a file "s:latency=50" and passes "c".
        assertThatThrownBy(() -> Fault.parse("c"))
                .hasMessageEndingWith("(in a shell, '>' redirects: quote the spec, e.g. --fault 'c>s:latency=50')");
        assertThatThrownBy(() -> Fault.parse("latncy=5")).message().doesNotContain("quote");
    }

    @Test
    void namesWhatIsWrongWithABadFault() {
        assertThatThrownBy(() -> Fault.parse("latncy=5"))
                .hasMessageContaining("unknown fault 'latncy=5'")
                .hasMessageContaining("latency=MS");
        assertThatThrownBy(() -> Fault.parse("x>y:latency=5")).hasMessageContaining("unknown direction 'x>y'");
        assertThatThrownBy(() -> Fault.parse("close-after")).hasMessageContaining("write close-after=N");
        assertThatThrownBy(() -> Fault.parse("close-after=ten")).hasMessageContaining("'ten' is not a size");
        assertThatThrownBy(() -> Fault.parse("slice=5-2")).hasMessageContaining("need 1 <= MIN <= MAX");
        assertThatThrownBy(() -> Fault.parse("bandwidth=0/s")).hasMessageContaining("stall-after=0");
        assertThatThrownBy(() -> Fault.parse("latency=-1")).hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> Fault.parse("c>s:refuse")).hasMessageContaining("without c>s: or s>c:");
        assertThatThrownBy(() -> Fault.parse("refuse=1")).hasMessageContaining("refuse takes no value");
    }

    @Test
    void fautsPrintAndParseWithTheirSeed() {
        Faults faults = Faults.parse("c>s:latency=20, s>c:slice=1-3, seed=7");
        assertThat(faults).hasToString("c>s:latency=20,s>c:slice=1-3,seed=7");
        assertThat(Faults.parse(faults.toString())).isEqualTo(faults);
        assertThat(faults.seed()).isEqualTo(7);
        assertThat(faults.on(Direction.CLIENT_TO_SERVER)).containsExactly(Fault.parse("c>s:latency=20"));
        assertThat(faults.withSeed(0)).hasToString("c>s:latency=20,s>c:slice=1-3");
        assertThat(Faults.parse("")).isEqualTo(Faults.none());
        assertThat(Faults.parse("latency=5").on(Direction.SERVER_TO_CLIENT)).hasSize(1);
    }

    @Test
    void refusesTwoFaultsOfOneKindOnOneDirection() {
        assertThatThrownBy(() -> Faults.parse("latency=5,c>s:latency=6"))
                .hasMessageContaining("two latency faults on one direction");
        assertThatThrownBy(() -> Faults.parse("refuse,latency=5")).hasMessageContaining("refuse cannot be combined");
        assertThatThrownBy(() -> Faults.parse("seed=x")).hasMessageContaining("bad seed 'seed=x'");
        assertThatThrownBy(() -> Faults.parse("seed=1, latency=5, seed=2"))
                .hasMessageContaining("two seeds ('seed=1' and 'seed=2'): keep one");
        assertThat(Faults.parse("c>s:latency=5,s>c:latency=6").list()).hasSize(2);
    }

    @Test
    void aLatencyMayHaveAJitterGivenAfterATilde() {
        Fault fault = Fault.parse("c>s:latency=50~10");
        assertThat(fault.value()).isEqualTo(50);
        assertThat(fault.jitter()).isEqualTo(10);
        assertThat(fault)
                .isEqualTo(Fault.latency(Duration.ofMillis(50), Duration.ofMillis(10))
                        .clientToServer());
        assertThat(Fault.parse(" latency = 1.5s ~ 200ms ")).hasToString("latency=1500~200");
        assertThat(Fault.parse("latency=50~0"))
                .isEqualTo(Fault.parse("latency=50"))
                .hasToString("latency=50");
        assertThat(Fault.parse("latency=50").jitter()).isZero();
        assertThat(Fault.parse("slice=1-3").jitter()).isZero();
        assertThat(Faults.parse("c>s:latency=50~10,s>c:latency=5,seed=7"))
                .hasToString("c>s:latency=50~10,s>c:latency=5,seed=7");
        assertThatThrownBy(() -> Faults.parse("latency=50~10,c>s:latency=50"))
                .hasMessageContaining("two latency faults on one direction");
    }

    @Test
    void aBadJitterNamesTheFaultTheValueAndWhatIsAccepted() {
        assertThatThrownBy(() -> Fault.parse("latency=10~20"))
                .hasMessage("bad fault 'latency=10~20': the jitter (20 ms) is more than the latency (10 ms), so a"
                        + " write would arrive before it was sent: give a jitter of at most the latency"
                        + " (latency=20~20 draws 0 to 40 ms) (write latency=MS~JITTER)");
        assertThatThrownBy(() -> Fault.parse("s>c:latency=50~soon"))
                .hasMessage("bad fault 's>c:latency=50~soon': 'soon' is not a duration: milliseconds, or a number"
                        + " with ms, s, m or h, like 200 (milliseconds) or 1.5s (write latency=MS~JITTER)");
        assertThatThrownBy(() -> Fault.parse("latency=50~-1"))
                .hasMessage("bad fault 'latency=50~-1': jitter must not be negative, got -1"
                        + " (write latency=MS~JITTER)");
        assertThatThrownBy(() -> Fault.parse("latency=50~0.5"))
                .hasMessageContaining("jitter is a whole number of milliseconds, not 0.5");
        assertThatThrownBy(() -> Fault.parse("latency=50~"))
                .hasMessageStartingWith("bad fault 'latency=50~': '' is not a duration");
        assertThatThrownBy(() -> Fault.latency(Duration.ofMillis(5), Duration.ofMillis(-1)))
                .hasMessage("jitter must not be negative, got -1");
        assertThatThrownBy(() -> Fault.parse("latncy=5")).hasMessageContaining("latency=MS[~JITTER]");
    }

    /** Every latency with a jitter up to it prints as {@code latency=MS~JITTER}, which parses back to it. */
    @Property
    void aLatencyWithAJitterPrintsWhatParsesBackToIt(@ForAll("jittered") Fault fault, @ForAll long seed) {
        String text = fault.toString();
        assertThat(text).endsWith("latency=" + fault.value() + (fault.jitter() == 0 ? "" : "~" + fault.jitter()));
        assertThat(Fault.parse(text)).isEqualTo(fault);
        Faults faults = Faults.of(List.of(fault), seed);
        assertThat(Faults.parse(faults.toString())).isEqualTo(faults);
    }

    @Provide
    Arbitrary<Fault> jittered() {
        return Combinators.combine(
                        Arbitraries.longs().between(0, Fault.MOST_MILLIS),
                        Arbitraries.doubles().between(0, 1),
                        Arbitraries.of(Direction.values()))
                .as((ms, share, on) -> Fault.latency(Duration.ofMillis(ms), Duration.ofMillis((long) (ms * share)))
                        .on(on));
    }
}
