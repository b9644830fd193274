package dev.weft.protocols.basic.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pins weft's deliberate deviations from Twisted's framing receivers (DEVIATIONS.md); the generated programs
 * that meet the second are judged by {@code protocols_oracle_weft.py}.
 */
final class ProtocolsDeviationsTest {
    @Test
    void lr15ALineCallbackCannotStopTheReadSoEveryLineOfItIsDelivered() {
        Map<?, ?> program = golden("LR15-returnTrue-stops-chunk");
        Map<?, ?> twisted = twistedResult("LR15-returnTrue-stops-chunk");

        Map<String, Object> weft = new ProgramEnv(program).run();

        // Twisted: line 0 returns True, so "b" and "c" wait for the next dataReceived (op 1).
        assertThat(Json.write(twisted.get("trace")))
                .contains("\"hex\": \"62\", \"n\": 1, \"op\": 1")
                .contains("\"hex\": \"63\", \"n\": 2, \"op\": 1");
        // weft: all three lines of the read are delivered by op 0; op 1 finds nothing left.
        assertThat(Json.write(weft.get("trace")))
                .isEqualTo("[{\"ev\": \"line\", \"hex\": \"61\", \"n\": 0, \"op\": 0},"
                        + " {\"ev\": \"line\", \"hex\": \"62\", \"n\": 1, \"op\": 0},"
                        + " {\"ev\": \"line\", \"hex\": \"63\", \"n\": 2, \"op\": 0}]");
        assertThat(Json.write(weft.get("final"))).isEqualTo(Json.write(twisted.get("final")));
    }

    @Test
    void aSynchronousResumeInsideStringReceivedDeliversEachStringOnce() {
        Map<?, ?> program = (Map<?, ?>)
                Json.parse(
                        "{\"id\": \"resume-inside\", \"proto\": \"Int8StringReceiver\","
                                + " \"ops\": [{\"op\": \"data\", \"hex\": \"016101620163\"}],"
                                + " \"react\": [{\"on\": \"string\", \"n\": 0, \"ops\": [{\"op\": \"pause\"}, {\"op\": \"resume\"}]}]}");

        Map<String, Object> weft = new ProgramEnv(program).run();

        // Twisted 22.4 (protocols_oracle.py run) re-parses the read from its first byte inside the resume:
        // "a" (n 0), then "a", "b", "c" nested (n 1-3), then the outer loop's "b", "c" (n 4-5). A callback
        // that pauses and resumes on every string recurses until RecursionError.
        assertThat(Json.write(weft.get("trace")))
                .isEqualTo("[{\"ev\": \"string\", \"hex\": \"61\", \"n\": 0, \"op\": 0},"
                        + " {\"ev\": \"pauseProducing\", \"op\": 0},"
                        + " {\"ev\": \"resumeProducing\", \"op\": 0},"
                        + " {\"ev\": \"string\", \"hex\": \"62\", \"n\": 1, \"op\": 0},"
                        + " {\"ev\": \"string\", \"hex\": \"63\", \"n\": 2, \"op\": 0}]");
        assertThat(Json.write(weft.get("final")))
                .isEqualTo("{\"disconnecting\": false, \"paused\": false, \"producerState\": \"producing\"}");
    }

    private static Map<?, ?> golden(String id) {
        return byId((List<?>) Json.parse(OracleFiles.read("golden.json")), id);
    }

    private static Map<?, ?> twistedResult(String id) {
        return byId((List<?>) Json.parse(OracleFiles.read("golden-twisted.json")), id);
    }

    private static Map<?, ?> byId(List<?> items, String id) {
        return items.stream()
                .map(Map.class::cast)
                .filter(m -> id.equals(m.get("id")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no program " + id));
    }
}
