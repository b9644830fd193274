package dev.weft.protocols.basic.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Judges weft's framing receivers with the live oracle, real Twisted 22.4 ({@code
 * shared/tools/protocols-oracle/protocols_oracle.py}): regenerates the committed programs and traces
 * (they must be unchanged), runs three more seeds, and has the oracle's own {@code compare} report
 * {@code 0 failed}. Runs in the {@code twisted} profile ({@code mvn -B verify -Ptwisted}); needs
 * Debian's {@code python3-twisted} and the {@code shared} folder beside the repository.
 */
@Tag("twisted")
final class ProtocolsOracleLiveTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final String ORACLE_PATH = "shared/tools/protocols-oracle/protocols_oracle.py";
    private static final int[] EXTRA_SEEDS = {6, 7, 8};

    @TempDir
    Path dir;

    @Test
    void theCommittedProgramsAndTracesAreWhatTwistedProducesToday() throws Exception {
        Path oracle = locateOracle();
        for (String name : OracleFiles.PROGRAM_FILES) {
            Path programs = dir.resolve(name);
            if (name.equals("golden.json")) {
                oracle(oracle, programs, "golden");
            } else {
                String seed = name.replaceAll("\\D", "");
                oracle(
                        oracle,
                        programs,
                        "gen",
                        "--n",
                        String.valueOf(OracleFiles.PROGRAMS_PER_SEED),
                        "--seed",
                        seed,
                        "--without",
                        "returnTrue");
            }
            assertThat(Files.readString(programs)).as(name).isEqualTo(OracleFiles.read(name));
            Path traces = dir.resolve(OracleFiles.tracesName(name));
            oracle(oracle, traces, "run", programs.toString());
            assertThat(Files.readString(traces))
                    .as(OracleFiles.tracesName(name))
                    .isEqualTo(OracleFiles.read(OracleFiles.tracesName(name)));
        }
    }

    @Test
    void theOraclesCompareFindsNoDifferenceOnGoldenAndFreshSeeds() throws Exception {
        Path oracle = locateOracle();
        List<Path> inputs = new ArrayList<>();
        Path golden = dir.resolve("golden.json");
        oracle(oracle, golden, "golden");
        inputs.add(golden);
        for (int seed : EXTRA_SEEDS) {
            Path programs = dir.resolve("fresh" + seed + ".json");
            oracle(oracle, programs, "gen", "--n", "500", "--seed", String.valueOf(seed), "--without", "returnTrue");
            inputs.add(programs);
        }
        for (Path programs : inputs) {
            Path expected = dir.resolve("expected-" + programs.getFileName());
            oracle(oracle, expected, "run", programs.toString());
            Path actual = dir.resolve("actual-" + programs.getFileName());
            Files.writeString(actual, ProtocolProgramRunner.runJson(Files.readString(programs)));

            List<String> command = new ArrayList<>(
                    List.of(PYTHON, oracle.toString(), "compare", expected.toString(), actual.toString()));
            for (String id : OracleFiles.ALLOWED_DEVIATIONS) {
                command.add("--allow");
                command.add(id);
            }
            Process compare =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String report = new String(compare.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = compare.waitFor();
            String summary = report.strip().lines().reduce((a, b) -> b).orElse("");
            System.out.println("protocols oracle compare, " + programs.getFileName() + ": " + summary);
            assertThat(summary)
                    .as("compare of %s:%n%s", programs.getFileName(), report)
                    .endsWith(" passed, 0 failed");
            assertThat(exit).as("compare exit code:%n%s", report).isZero();
        }
    }

    private static void oracle(Path oracle, Path output, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PYTHON, oracle.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .redirectOutput(output.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        assertThat(p.waitFor()).as("%s", command).isZero();
    }

    /**
     * Returns the oracle under the shared folder the {@code twisted} profile names ({@code weft.shared}),
     * or else the first {@code shared/tools/protocols-oracle} above the working directory.
     */
    private static Path locateOracle() {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            return fail(PYTHON + " is missing: the protocols oracle needs Debian's Python and Twisted;"
                    + " install them with: apt-get install -y python3-twisted");
        }
        String configured = System.getProperty("weft.shared");
        if (configured != null && !configured.isEmpty()) {
            Path candidate = Path.of(configured).resolve(ORACLE_PATH.substring("shared/".length()));
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        Path start = Path.of("").toAbsolutePath();
        for (Path d = start; d != null; d = d.getParent()) {
            Path candidate = d.resolve(ORACLE_PATH);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return fail("The protocols oracle was not found: no " + ORACLE_PATH + " in " + start
                + " or any directory above it; put the project's shared folder beside the repository");
    }
}
