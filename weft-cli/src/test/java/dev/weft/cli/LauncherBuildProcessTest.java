package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's staleness check: a build whose jar comes out unchanged (Maven then keeps the jar's
 * old time) must still count as done. Runs a copy of the script and the jar with a source file newer
 * than the jar and an {@code mvn} on the PATH that only logs that it ran, as a build of an edit to a
 * comment would leave things.
 */
final class LauncherBuildProcessTest {
    @TempDir
    Path root;

    @Test
    void aBuildThatLeavesTheJarUnchangedIsNotRepeatedOnTheNextRun() throws Exception {
        Path script = root.resolve("weft");
        Files.copy(WeftProcess.root().resolve("weft"), script, StandardCopyOption.COPY_ATTRIBUTES);
        Path jar = Files.createDirectories(root.resolve("weft-cli/target")).resolve("weft.jar");
        Files.copy(WeftProcess.root().resolve("weft-cli/target/weft.jar"), jar);
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(3600)));
        Path source =
                Files.createDirectories(root.resolve("weft-cli/src/main/java")).resolve("Edited.java");
        Files.writeString(source, "// only a comment changed\n");
        Path calls = root.resolve("mvn-calls.txt");
        Path bin = Files.createDirectories(root.resolve("bin"));
        Path mvn = bin.resolve("mvn");
        Files.writeString(mvn, "#!/usr/bin/env bash\necho \"$*\" >> '" + calls + "'\n");
        assertThat(mvn.toFile().setExecutable(true)).isTrue();

        for (int i = 0; i < 2; i++) {
            // Through bash, not exec'd: a process another test forks at that moment may still hold the
            // just-copied script open for writing, and exec then fails with ETXTBSY ("Text file busy").
            ProcessBuilder builder =
                    new ProcessBuilder("bash", script.toString(), "--version").directory(root.toFile());
            builder.environment().remove("WEFT_SKIP_BUILD");
            builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
            builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
            Process process = builder.start();
            process.getOutputStream().close();
            assertThat(process.waitFor(WeftProcess.TIMEOUT_SECONDS, TimeUnit.SECONDS))
                    .isTrue();
            assertThat(process.exitValue()).as("run %d", i + 1).isZero();
        }

        List<String> builds = Files.readAllLines(calls);
        assertThat(builds).as("builds").hasSize(1);
        assertThat(builds.get(0)).contains("-pl weft-cli -am package");
        assertThat(Files.getLastModifiedTime(jar)).isGreaterThan(Files.getLastModifiedTime(source));
    }
}
