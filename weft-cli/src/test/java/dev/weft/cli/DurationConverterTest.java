package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** Every duration option reads one syntax; only the lower bound differs (0 for --split-delay, more for timeouts). */
final class DurationConverterTest {
    private final DurationConverter zeroAllowed = new DurationConverter();
    private final SecondsConverter timeout = new SecondsConverter();

    @Test
    void bothReadTheSameSyntax() {
        List<String> values = List.of("30", "0.5", "2s", "500ms", "2m", "1h", "1.5H", "2S", " 10Ms ", "1e3", "366h");
        double[] seconds = {30, 0.5, 2, 0.5, 120, 3600, 5400, 2, 0.01, 1000, 366 * 3600};
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            assertThat(zeroAllowed.convert(value)).as(value).isEqualTo(seconds[i]);
            assertThat(timeout.convert(value)).as(value).isEqualTo((long) (seconds[i] * 1e9));
        }
        assertThat(timeout.convert("1e-10"))
                .as("a positive duration is at least 1 ns")
                .isOne();
    }

    @Test
    void eachRefusesWhatItCannotTakeNamingTheRange() {
        assertThat(zeroAllowed.convert("0")).isZero();
        assertThat(zeroAllowed.convert("0ms")).isZero();
        assertThatThrownBy(() -> timeout.convert("0"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessage("'0' is out of range: give more than 0, at most a year (366 days)");
        assertThatThrownBy(() -> zeroAllowed.convert("-1ms"))
                .hasMessage("'-1ms' is out of range: give 0 or more, at most a year (366 days)");
        for (String tooLong : List.of("31622401", "8785h", "1e300")) {
            assertThatThrownBy(() -> zeroAllowed.convert(tooLong))
                    .hasMessage("'" + tooLong + "' is too long: at most a year (366 days)");
            assertThatThrownBy(() -> timeout.convert(tooLong))
                    .hasMessage("'" + tooLong + "' is too long: at most a year (366 days)");
        }
        for (String bad : List.of("", "x", "5min", "1d", "NaN", "Infinity", "0x10", "1f")) {
            assertThatThrownBy(() -> zeroAllowed.convert(bad))
                    .as(bad)
                    .hasMessage("'" + bad + "' is not a duration: give a number of seconds, like 30 or 0.5, or a"
                            + " number with ms, s, m or h, like 500ms or 2m");
            assertThatThrownBy(() -> timeout.convert(bad)).as(bad).hasMessageContaining("is not a duration");
        }
    }

    /**
     * An option's bare number is seconds and a --fault spec's is milliseconds (as Toxiproxy's latency): a bad
     * duration in either says which, with an example.
     */
    @Test
    void aBadDurationNamesItsUnitRuleWithAnExampleInOptionsAndFaultSpecs() throws Exception {
        CliRun send = CliRun.run("send", "--timeout", "5x", "tcp:host=127.0.0.1:port=9");
        CliRun tap = CliRun.run(
                "tap", "--listen", "tcp:0", "--to", "tcp:host=127.0.0.1:port=9", "--fault", "c>s:latency=5x");

        assertThat(send.oneErrorLine(2))
                .isEqualTo("weft send: Invalid value for option '--timeout': '5x' is not a duration: give a number of"
                        + " seconds, like 30 or 0.5, or a number with ms, s, m or h, like 500ms or 2m (see 'weft send"
                        + " --help')");
        assertThat(tap.oneErrorLine(2))
                .isEqualTo("weft tap: --fault: bad fault 'c>s:latency=5x': '5x' is not a duration: milliseconds, or a"
                        + " number with ms, s, m or h, like 200 (milliseconds) or 1.5s (write latency=MS)");
    }

    @Test
    void replayTimeoutOfZeroIsRefusedLikeTheOtherTimeouts() throws Exception {
        CliRun replay = CliRun.run("replay", "x.weftcap", "--to", "tcp:host=127.0.0.1:port=9", "--timeout", "0");
        CliRun send = CliRun.run("send", "--timeout", "0", "tcp:host=127.0.0.1:port=9");

        assertThat(replay.oneErrorLine(2))
                .isEqualTo("weft replay: Invalid value for option '--timeout': '0' is out of range: give more than 0,"
                        + " at most a year (366 days) (see 'weft replay --help')");
        assertThat(send.oneErrorLine(2))
                .isEqualTo("weft send: Invalid value for option '--timeout': '0' is out of range: give more than 0,"
                        + " at most a year (366 days) (see 'weft send --help')");
    }
}
