package dev.weft.protocols.basic.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pins weft's deliberate deviations from Twisted's framing receivers (DEVIATIONS.md). */
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
