package dev.weft.protocols.basic.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Judges weft's framing receivers with the live oracle, real Twisted 22.4 ({@code
 * shared/tools/protocols-oracle/protocols_oracle.py}): regenerates the committed programs and traces
 * (they must be unchanged), runs three more seeds, and has the oracle's own {@code compare} report
 * {@code 0 failed}, both against Twisted with weft's one change to {@code IntNStringReceiver} ({@code
 * protocols_oracle_weft.py}) and against plain Twisted outside that change. Runs in the {@code twisted} profile ({@code mvn -B verify -Ptwisted}); needs
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
            Path changed = dir.resolve(OracleFiles.weftTracesName(name));
            oracleWithWeftsChange(oracle, changed, "run", programs.toString());
            List<Object> onlyChanged = changedByWeft(Files.readString(traces), Files.readString(changed));
            assertThat(Json.write(onlyChanged))
                    .as(OracleFiles.weftTracesName(name))
                    .isEqualTo(Json.write(Json.parse(OracleFiles.read(OracleFiles.weftTracesName(name)))));
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
            Path expectedOfWeft = dir.resolve("expected-weft-" + programs.getFileName());
            oracleWithWeftsChange(oracle, expectedOfWeft, "run", programs.toString());
            Path actual = dir.resolve("actual-" + programs.getFileName());
            Files.writeString(actual, ProtocolProgramRunner.runJson(Files.readString(programs)));

            // Twisted with weft's one change differs from Twisted only where stringReceived resumes.
            List<String> changedIds = new ArrayList<>();
            Map<Object, Map<?, ?>> byId = new HashMap<>();
            for (Object p : (List<?>) Json.parse(Files.readString(programs))) {
                byId.put(((Map<?, ?>) p).get("id"), (Map<?, ?>) p);
            }
            for (Object r : changedByWeft(Files.readString(expected), Files.readString(expectedOfWeft))) {
                Object id = ((Map<?, ?>) r).get("id");
                assertThat(byId.get(id)).as("program %s", id).matches(OracleFiles::resumesInsideStringReceived);
                changedIds.add(String.valueOf(id));
            }

            List<String> allowed = new ArrayList<>(OracleFiles.ALLOWED_DEVIATIONS);
            compare(
                    oracle,
                    programs.getFileName() + " against Twisted with weft's change",
                    expectedOfWeft,
                    actual,
                    allowed);
            allowed.addAll(changedIds);
            compare(
                    oracle,
                    programs.getFileName() + " against Twisted, " + changedIds.size() + " changed left out",
                    expected,
                    actual,
                    allowed);
        }
    }

    private static void compare(Path oracle, String what, Path expected, Path actual, List<String> allow)
            throws IOException, InterruptedException {
        List<String> command =
                new ArrayList<>(List.of(PYTHON, oracle.toString(), "compare", expected.toString(), actual.toString()));
        for (String id : allow) {
            command.add("--allow");
            command.add(id);
        }
        Process compare = new ProcessBuilder(command).redirectErrorStream(true).start();
        String report = new String(compare.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = compare.waitFor();
        String summary = report.strip().lines().reduce((a, b) -> b).orElse("");
        System.out.println("protocols oracle compare, " + what + ": " + summary);
        assertThat(summary).as("compare of %s:%n%s", what, report).endsWith(" passed, 0 failed");
        assertThat(exit).as("compare exit code:%n%s", report).isZero();
    }

    /** Returns the results of {@code withChange} that differ from the same program's in {@code twisted}. */
    private static List<Object> changedByWeft(String twisted, String withChange) {
        Map<Object, String> plain = new HashMap<>();
        for (Object r : (List<?>) Json.parse(twisted)) {
            plain.put(((Map<?, ?>) r).get("id"), Json.write(r));
        }
        List<Object> changed = new ArrayList<>();
        for (Object r : (List<?>) Json.parse(withChange)) {
            if (!Json.write(r).equals(plain.get(((Map<?, ?>) r).get("id")))) {
                changed.add(r);
            }
        }
        return changed;
    }

    /** Runs the oracle on Twisted with weft's change to {@code IntNStringReceiver} ({@code protocols_oracle_weft.py}). */
    private static void oracleWithWeftsChange(Path oracle, Path output, String... args) throws Exception {
        Path wrapper = Path.of(
                OracleFiles.class.getResource("protocols_oracle_weft.py").toURI());
        List<String> command = new ArrayList<>(List.of(wrapper.toString(), oracle.toString()));
        command.addAll(List.of(args));
        oracle(null, output, command.toArray(String[]::new));
    }

    /** Runs {@code oracle} (or, if null, the script that {@code args} begins with) under Debian's Python. */
    private static void oracle(@Nullable Path oracle, Path output, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PYTHON));
        if (oracle != null) {
            command.add(oracle.toString());
        }
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
