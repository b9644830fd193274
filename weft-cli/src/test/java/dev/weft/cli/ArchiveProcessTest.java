package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's class-data archive: made on first use by {@link ArchiveTraining}, and used by both
 * {@code sink} and {@code send}. Runs on a copy of the script and the jar, without sources, so the
 * launcher neither builds nor finds an archive made earlier.
 */
final class ArchiveProcessTest {
    @TempDir
    Path root;

    @Test
    void theLauncherTrainsAnArchiveOnSinkAndSendAndUsesIt() throws Exception {
        Path script = root.resolve("weft");
        Files.copy(WeftProcess.root().resolve("weft"), script, StandardCopyOption.COPY_ATTRIBUTES);
        Path target = Files.createDirectories(root.resolve("weft-cli/target"));
        Files.copy(WeftProcess.root().resolve("weft-cli/target/weft.jar"), target.resolve("weft.jar"));
        Path archive = target.resolve("weft.jsa");

        Process version = run(Map.of(), script.toString(), "--version");
        assertThat(version.exitValue()).isZero();
        assertThat(archive).as("the archive made on first use").isNotEmptyFile();
        assertThat(Files.getLastModifiedTime(archive))
                .isGreaterThan(Files.getLastModifiedTime(target.resolve("weft.jar")));

        Path file = Files.writeString(root.resolve("one.txt"), "x", StandardCharsets.US_ASCII);
        try (EchoServer echo = EchoServer.start()) {
            Path sendLog = root.resolve("send-classes.txt");
            Process send = run(
                    Map.of("WEFT_JAVA_OPTS", "-Xlog:class+load=info:file=" + sendLog),
                    script.toString(),
                    "send",
                    echo.endpoint(),
                    file.toString());
            assertThat(send.exitValue()).isZero();
            assertThat(Files.readString(sendLog))
                    .containsPattern("dev\\.weft\\.cli\\.SendCommand source: shared objects file")
                    .containsPattern("dev\\.weft\\.cli\\.SendProtocol source: shared objects file");
        }
        Path sinkLog = root.resolve("sink-classes.txt");
        Process sink = run(
                Map.of("WEFT_JAVA_OPTS", "-Xlog:class+load=info:file=" + sinkLog), script.toString(), "sink", "--help");
        assertThat(sink.exitValue()).isZero();
        assertThat(Files.readString(sinkLog))
                .containsPattern("dev\\.weft\\.cli\\.SinkCommand source: shared objects file");
    }

    @Test
    void aTrainingThatFailsIsTriedOncePerBuildAndTheCommandsRunWithoutAnArchive() throws Exception {
        Path script = root.resolve("weft");
        Files.copy(WeftProcess.root().resolve("weft"), script, StandardCopyOption.COPY_ATTRIBUTES);
        Path target = Files.createDirectories(root.resolve("weft-cli/target"));
        Files.copy(WeftProcess.root().resolve("weft-cli/target/weft.jar"), target.resolve("weft.jar"));
        // A java that logs its arguments and fails the training run, as a machine without loopback would.
        Path calls = root.resolve("java-calls.txt");
        Path javaHome = Files.createDirectories(root.resolve("jdk/bin")).getParent();
        Path java = javaHome.resolve("bin/java");
        Files.writeString(
                java,
                "#!/usr/bin/env bash\n"
                        + "echo \"$*\" >> '" + calls + "'\n"
                        + "case \" $* \" in *' dev.weft.cli.ArchiveTraining '*) exit 1 ;; esac\n"
                        + "exec '" + Path.of(System.getProperty("java.home"), "bin", "java") + "' \"$@\"\n");
        assertThat(java.toFile().setExecutable(true)).isTrue();

        for (int i = 0; i < 2; i++) {
            Process version = run(Map.of("JAVA_HOME", javaHome.toString()), script.toString(), "--version");
            assertThat(version.exitValue()).isZero();
        }

        assertThat(target.resolve("weft.jsa")).doesNotExist();
        assertThat(target.resolve("weft.jsa.failed")).exists();
        List<String> lines = Files.readAllLines(calls);
        assertThat(lines).filteredOn(line -> line.contains("ArchiveTraining")).hasSize(1);
        assertThat(lines)
                .filteredOn(line -> line.contains("--version"))
                .hasSize(2)
                .noneMatch(line -> line.contains("SharedArchiveFile"));
    }

    /**
     * Runs the launcher copy to its end, without WEFT_SKIP_BUILD, with an empty standard input; through
     * bash, not exec'd: a process another test forks at that moment may still hold the just-copied
     * script open for writing, and exec then fails with ETXTBSY ("Text file busy").
     */
    private Process run(Map<String, String> env, String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of("bash"));
        args.addAll(List.of(command));
        ProcessBuilder builder = new ProcessBuilder(args).directory(root.toFile());
        builder.environment().remove("WEFT_SKIP_BUILD");
        builder.environment().putAll(env);
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(root.resolve("stderr.txt").toFile());
        Process process = builder.start();
        process.getOutputStream().close();
        assertThat(process.waitFor(WeftProcess.TIMEOUT_SECONDS, TimeUnit.SECONDS))
                .as("exited in time")
                .isTrue();
        assertThat(Files.readString(root.resolve("stderr.txt"))).as("stderr").isEmpty();
        return process;
    }
}
