package dev.weft.protocols.basic.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Judges weft's framing receivers against Twisted 22.4's committed traces, without Python: the
 * protocols oracle's 73 golden programs and 5 seeds × 420 generated ones (files beside this class,
 * made by {@code protocols_oracle.py golden}, {@code gen --n 420 --seed S --without returnTrue} and
 * {@code run}; {@code ProtocolsOracleLiveTest} regenerates them with live Twisted and checks they are
 * unchanged). Where weft deliberately differs (a synchronous {@code resumeProducing()} inside {@code
 * stringReceived}, DEVIATIONS.md), the expected trace is Twisted's with that one change ({@code
 * protocols_oracle_weft.py}, the {@code -weft.json} files).
 */
final class ProtocolsOracleTracesTest {
    static final List<String> FILES = OracleFiles.PROGRAM_FILES;

    @ParameterizedTest(name = "{0}")
    @FieldSource("FILES")
    void weftTracesEqualTwistedsCommittedTraces(String programsFile) {
        List<?> programs = (List<?>) Json.parse(OracleFiles.read(programsFile));
        List<Object> expected = OracleFiles.expectedOfWeft(programsFile);
        assertThat(expected).hasSameSizeAs(programs);
        if (programsFile.startsWith("seed")) {
            assertThat(programs).hasSize(OracleFiles.PROGRAMS_PER_SEED);
        }

        List<Object> actual = ProtocolProgramRunner.runAll(programs);

        List<String> diffs = OracleFiles.differences(expected, actual, OracleFiles.ALLOWED_DEVIATIONS);
        assertThat(diffs).as("programs whose weft trace differs from Twisted's").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("FILES")
    void twistedIsReplacedOnlyWhereStringReceivedResumes(String programsFile) {
        Map<Object, Map<?, ?>> programs = new HashMap<>();
        for (Object p : (List<?>) Json.parse(OracleFiles.read(programsFile))) {
            programs.put(((Map<?, ?>) p).get("id"), (Map<?, ?>) p);
        }
        for (Object w : (List<?>) Json.parse(OracleFiles.read(OracleFiles.weftTracesName(programsFile)))) {
            Object id = ((Map<?, ?>) w).get("id");
            assertThat(programs.get(id))
                    .as("program %s of %s", id, OracleFiles.weftTracesName(programsFile))
                    .isNotNull()
                    .matches(OracleFiles::resumesInsideStringReceived, "resumes inside stringReceived");
        }
    }
}
