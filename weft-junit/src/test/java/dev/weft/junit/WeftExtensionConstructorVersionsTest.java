package dev.weft.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Constructor injection works on the project's JUnit and on JUnit 5.10.3, which never asks an extension for the
 * test's context and resolves a constructor with the class's, and it does with tests running in parallel. Before, on
 * 5.10 and 5.11 every constructor parameter was refused as if the class were {@code PER_CLASS}. The 5.10.3 run is a
 * JVM of its own, on this class path with JUnit's jars swapped for 5.10.3's from the local Maven repository (skipped,
 * saying so, if they are not there).
 */
class WeftExtensionConstructorVersionsTest {
    private static final String JUPITER = "5.10.3";
    private static final String PLATFORM = "1.10.3";

    @ParameterizedTest(name = "parallel {0}")
    @ValueSource(booleans = {false, true})
    void onTheProjectsJUnit(boolean parallel) {
        ConstructorCases.UNRUN.clear();
        EngineTestKit.Builder kit =
                EngineTestKit.engine("junit-jupiter").configurationParameter(OnlyInTestKit.KEY, "true");
        if (parallel) {
            kit.configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                    .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                    .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent");
        }
        for (Class<?> c : ConstructorCases.ALL) {
            kit.selectors(selectClass(c));
        }
        Map<String, String> failed = new TreeMap<>();
        for (Event e : kit.execute().allEvents().finished().list()) {
            TestExecutionResult r = e.getRequiredPayload(TestExecutionResult.class);
            if (r.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                failed.put(
                        e.getTestDescriptor().getUniqueId().toString(),
                        r.getStatus() + " "
                                + r.getThrowable().map(Throwable::getMessage).orElse(""));
            }
        }

        check(failed, ConstructorCases.unrunStillRunning().toString());
    }

    @ParameterizedTest(name = "parallel {0}")
    @ValueSource(booleans = {false, true})
    void onJUnit5103(boolean parallel) throws IOException, InterruptedException {
        List<String> output = runOnOlderJUnit(parallel);

        assertThat(output).as("the child's JUnit").contains("VERSION " + JUPITER);
        Map<String, String> failed = new TreeMap<>();
        String left = "?";
        for (String line : output) {
            if (line.startsWith("RESULT ")) {
                String[] parts = line.split(" ", 3);
                failed.put(parts[1], parts[2]);
            } else if (line.startsWith("LEFT ")) {
                left = line.substring(5);
            }
        }
        check(failed, left);
    }

    /** What both JUnits must show: the three cases that fail, each for its reason, and no reactor left. */
    private static void check(Map<String, String> failed, String left) {
        assertThat(failed)
                .as("only the three failing cases fail")
                .hasSize(3)
                .hasEntrySatisfying(
                        key(failed, "LeavesACall"),
                        m -> assertThat(m)
                                .startsWith("FAILED ")
                                .contains("1 delayed call(s) still pending on the injected clock"))
                .hasEntrySatisfying(
                        key(failed, "PerClassInner"),
                        m -> assertThat(m)
                                .startsWith("FAILED WeftExtension cannot inject SinkServer into "
                                        + ConstructorCases.OuterOfPerClass.class.getName())
                                .contains("the @Nested class "
                                        + ConstructorCases.OuterOfPerClass.PerClassInner.class.getName()
                                        + " is @TestInstance(Lifecycle.PER_CLASS)")
                                .contains("leave PerClassInner PER_METHOD"))
                .hasEntrySatisfying(
                        key(failed, "ThrowingConstructor"), m -> assertThat(m).isEqualTo("FAILED constructor failed"));
        assertThat(left)
                .as("the reactors given to a constructor whose test never ran are stopped")
                .isEqualTo("[]");
    }

    private static String key(Map<String, String> failed, String part) {
        return failed.keySet().stream()
                .filter(k -> k.contains(part))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no failure of " + part + " in " + failed));
    }

    /** Runs {@link OtherJUnitMain} in a JVM with JUnit 5.10.3 and returns its output's lines. */
    private static List<String> runOnOlderJUnit(boolean parallel) throws IOException, InterruptedException {
        List<String> classPath = new ArrayList<>();
        Path repository = null;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String n = entry.replace('\\', '/');
            int at = n.indexOf("/org/junit/");
            if (at >= 0) {
                repository = Path.of(n.substring(0, at));
            } else if (!n.contains("/net/jqwik/")) { // jqwik's engine needs a newer platform
                classPath.add(entry);
            }
        }
        assertThat(repository)
                .as("the local Maven repository, from JUnit's jars on the class path")
                .isNotNull();
        List<String> missing = new ArrayList<>();
        for (String jar : Arrays.asList(
                "org/junit/jupiter/junit-jupiter-api/" + JUPITER + "/junit-jupiter-api-" + JUPITER + ".jar",
                "org/junit/jupiter/junit-jupiter-engine/" + JUPITER + "/junit-jupiter-engine-" + JUPITER + ".jar",
                "org/junit/jupiter/junit-jupiter-params/" + JUPITER + "/junit-jupiter-params-" + JUPITER + ".jar",
                "org/junit/platform/junit-platform-commons/" + PLATFORM + "/junit-platform-commons-" + PLATFORM
                        + ".jar",
                "org/junit/platform/junit-platform-engine/" + PLATFORM + "/junit-platform-engine-" + PLATFORM + ".jar",
                "org/junit/platform/junit-platform-launcher/" + PLATFORM + "/junit-platform-launcher-" + PLATFORM
                        + ".jar")) {
            Path p = repository.resolve(jar);
            if (Files.isRegularFile(p)) {
                classPath.add(p.toString());
            } else {
                missing.add(p.toString());
            }
        }
        assumeTrue(
                missing.isEmpty(),
                () -> "JUnit " + JUPITER + " is not in the local Maven repository (missing " + missing + "); fetch it"
                        + " once with mvn dependency:get -Dartifact=org.junit.jupiter:junit-jupiter:" + JUPITER
                        + " and org.junit.platform:junit-platform-launcher:" + PLATFORM);
        Path out = Files.createTempFile("weft-junit-" + JUPITER, ".out");
        try {
            Process child = new ProcessBuilder(List.of(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-cp",
                            String.join(File.pathSeparator, classPath),
                            OtherJUnitMain.class.getName(),
                            String.valueOf(parallel)))
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .start();
            boolean ended;
            try {
                ended = child.waitFor(120, TimeUnit.SECONDS);
            } finally {
                child.destroyForcibly();
            }
            List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
            assertThat(ended)
                    .as("the child ends within 120 s; its output: %s", lines)
                    .isTrue();
            assertThat(child.exitValue())
                    .as("the child's exit status; its output: %s", lines)
                    .isZero();
            return lines;
        } finally {
            Files.delete(out);
        }
    }
}
