package dev.weft.defer.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.weft.internal.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The live judge of weft's Deferred (profile {@code twisted}): the oracle ({@code
 * shared/tools/deferred-oracle}) regenerates every {@link ProgramSet} and runs it on real Twisted; the
 * programs and Twisted's traces must equal the committed ones that {@link DeferredTraceTest} judges by
 * in the default build, and the oracle's own {@code compare} must find weft's traces equal to
 * Twisted's.
 *
 * <p>When Twisted or the oracle changes, this test fails and leaves the fresh files under {@code
 * weft-core/target/oracle/regenerated}: review them and copy them into {@code
 * weft-core/src/test/resources/dev/weft/defer/oracle/}. Twisted needs about 1.5 minutes of CPU for the
 * depth-100,000 program alone, so each oracle output is cached under {@code target/oracle/cache}, keyed
 * by a hash of the oracle script, the Twisted version and the program file.
 *
 * <p>Needs Debian's {@code python3-twisted} and the {@code shared} folder beside the repository; the
 * profile checks both before any test runs.
 */
@Tag("twisted")
final class DeferredDifferentialTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final String ORACLE_PATH = "tools/deferred-oracle/deferred_oracle.py";

    /** The oracle processes this test started: stopped after it, so none outlives a failure or timeout. */
    private static final List<Process> STARTED = new ArrayList<>();

    @AfterEach
    void stopOracles() {
        STARTED.forEach(Process::destroyForcibly);
        STARTED.clear();
    }

    /**
     * Half an hour: without the cache, on a loaded 2-core machine with the oracle processes sharing one core, the
     * run took 9.6 of the 10 minutes this bound had. It only stops a hung oracle.
     */
    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void twistedStillAnswersTheCommittedTracesAndTheOracleFindsWeftEqual() throws Exception {
        Path oracle = locateOracle();
        String twistedVersion = twistedVersion();
        Path dir = targetDir().resolve("oracle");
        Path regenerated = dir.resolve("regenerated");
        Files.createDirectories(dir.resolve("cache"));
        Files.createDirectories(regenerated);

        List<ProgramSet> sets = ProgramSet.all();
        List<Path> inputs = new ArrayList<>();
        for (ProgramSet set : sets) {
            Path input = dir.resolve(set.name() + ".programs.json");
            if (set.oracleArgs().isEmpty()) {
                Files.writeString(input, Json.write(set.programs()) + "\n");
            } else {
                generate(oracle, input, set.oracleArgs());
            }
            inputs.add(input);
        }
        // Twisted runs in the background, one process per file (its per-program gc.collect() slows down
        // as a process holds more programs); weft runs meanwhile.
        List<OracleRun> runs = new ArrayList<>();
        for (Path input : inputs) {
            runs.add(OracleRun.start(oracle, twistedVersion, dir, input));
        }
        List<Object> programs = new ArrayList<>();
        for (Path input : inputs) {
            programs.addAll((List<?>) Json.parse(Files.readString(input)));
        }
        Path actual = dir.resolve("actual.json");
        Files.writeString(actual, Json.write(DeferredTraceTest.runOnDefaultStackThread(programs)) + "\n");

        List<String> stale = new ArrayList<>();
        List<String> expectedParts = new ArrayList<>();
        for (int i = 0; i < sets.size(); i++) {
            ProgramSet set = sets.get(i);
            String traces = runs.get(i).await();
            expectedParts.add(traces);
            String programText = Files.readString(inputs.get(i));
            if (!Json.parse(programText).equals(set.programs())) {
                stale.add(set.programsFile());
                if (!set.isStress()) {
                    write(regenerated.resolve(set.programsFile()), programText);
                }
            }
            if (!Json.parse(traces).equals(set.traces())) {
                stale.add(set.tracesFile());
                write(regenerated.resolve(set.tracesFile()), traces);
            }
        }
        assertThat(stale)
                .as(
                        "committed oracle data that live Twisted %s no longer answers; review the fresh files in %s"
                                + " and copy them to weft-core/src/test/resources/dev/weft/defer/oracle/",
                        twistedVersion, regenerated)
                .isEmpty();

        Path expected = dir.resolve("expected.json");
        Files.writeString(expected, concatenateJsonLists(expectedParts));
        List<String> command =
                new ArrayList<>(List.of(PYTHON, oracle.toString(), "compare", expected.toString(), actual.toString()));
        for (String id : DeferredTraceTest.ALLOWED_DEVIATIONS) {
            command.add("--allow");
            command.add(id);
        }
        Process compare = new ProcessBuilder(command).redirectErrorStream(true).start();
        String report = new String(compare.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = compare.waitFor();
        String summary = report.strip().lines().reduce((a, b) -> b).orElse("");
        int total = programs.size() - DeferredTraceTest.ALLOWED_DEVIATIONS.size();
        assertThat(summary)
                .as("oracle compare (expected %s, actual %s):%n%s", expected, actual, report)
                .isEqualTo(total + " passed, 0 failed");
        assertThat(exit).as("compare exit code; output:%n%s", report).isZero();
    }

    private static void generate(Path oracle, Path out, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PYTHON, oracle.toString()));
        command.addAll(args);
        Path stderr = out.resolveSibling(out.getFileName() + ".stderr");
        Process p = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(stderr.toFile())
                .start();
        STARTED.add(p);
        assertThat(p.waitFor()).as("%s; stderr in %s", command, stderr).isZero();
    }

    /** Writes a file as the committed data holds it: gzipped when its name ends in {@code .gz}. */
    private static void write(Path file, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (!file.getFileName().toString().endsWith(".gz")) {
            Files.write(file, bytes);
            return;
        }
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(bytes);
        }
    }

    /** One background run of the oracle over a program file, or its cached output. */
    private static final class OracleRun {
        private final Path output;
        private final @Nullable Process process;
        private final List<String> command;

        private OracleRun(Path output, @Nullable Process process, List<String> command) {
            this.output = output;
            this.process = process;
            this.command = command;
        }

        static OracleRun start(Path oracle, String twistedVersion, Path dir, Path programs)
                throws IOException, NoSuchAlgorithmException {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(Files.readAllBytes(oracle));
            sha.update(twistedVersion.getBytes(StandardCharsets.UTF_8));
            sha.update(Files.readAllBytes(programs));
            Path cached = dir.resolve("cache").resolve(HexFormat.of().formatHex(sha.digest()) + ".json");
            List<String> command = List.of(PYTHON, oracle.toString(), "run", programs.toString());
            if (Files.exists(cached)) {
                return new OracleRun(cached, null, command);
            }
            Path partial = cached.resolveSibling(cached.getFileName() + ".partial");
            // Not the test's own stderr: a Twisted left running would hold Maven's pipe open.
            Process p = new ProcessBuilder(command)
                    .redirectOutput(partial.toFile())
                    .redirectError(cached.resolveSibling(cached.getFileName() + ".stderr")
                            .toFile())
                    .start();
            STARTED.add(p);
            return new OracleRun(cached, p, command);
        }

        String await() throws IOException, InterruptedException {
            if (process != null) {
                assertThat(process.waitFor()).as("%s", command).isZero();
                Files.move(output.resolveSibling(output.getFileName() + ".partial"), output);
            }
            return Files.readString(output);
        }
    }

    /** Joins JSON lists given as text into one list, without parsing them. */
    private static String concatenateJsonLists(List<String> lists) {
        StringBuilder out = new StringBuilder("[");
        for (String list : lists) {
            String body = list.strip();
            body = body.substring(1, body.length() - 1).strip();
            if (body.isEmpty()) {
                continue;
            }
            if (out.length() > 1) {
                out.append(", ");
            }
            out.append(body);
        }
        return out.append("]\n").toString();
    }

    private static Path targetDir() throws URISyntaxException {
        Path testClasses = Path.of(DeferredDifferentialTest.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        return testClasses.getParent();
    }

    /**
     * Returns the oracle under the shared folder the {@code twisted} profile names ({@code weft.shared}),
     * or else the first {@code shared/} above the working directory.
     */
    private static Path locateOracle() {
        String configured = System.getProperty("weft.shared");
        if (configured != null && !configured.isEmpty()) {
            Path candidate = Path.of(configured).resolve(ORACLE_PATH);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
            return fail("The Deferred oracle was not found at " + candidate
                    + ": put the project's shared folder beside the repository.");
        }
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve(ORACLE_PATH);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return fail("The Deferred oracle was not found: no shared/" + ORACLE_PATH + " in " + start
                + " or any directory above it. Put the project's shared folder beside the repository.");
    }

    private static String twistedVersion() throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            return fail(PYTHON + " is missing: the Deferred oracle needs Debian's Python and Twisted."
                    + " Install them with: apt-get install -y python3-twisted");
        }
        Process p = new ProcessBuilder(PYTHON, "-c", "import twisted; print(twisted.__version__)")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0) {
            return fail("Twisted is not installed for " + PYTHON + " (" + out + ")."
                    + " Install it with: apt-get install -y python3-twisted");
        }
        return out;
    }
}
