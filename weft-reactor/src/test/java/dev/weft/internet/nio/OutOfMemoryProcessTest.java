package dev.weft.internet.nio;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reactor thread that really runs out of heap, in a JVM of its own with 32 MiB: the reactor must stop and
 * hand the error to the thread waiting on it, so the program ends instead of waiting for ever beside a full
 * heap.
 */
final class OutOfMemoryProcessTest {
    private static final long TIMEOUT_SECONDS = 60;

    @Test
    void runningOutOfHeapOnTheReactorThreadEndsTheWaitingProgram(@TempDir Path dir) throws Exception {
        Path output = dir.resolve("output.txt");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(List.of(
                        java.toString(),
                        "-Xmx32m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        OutOfMemoryChild.class.getName()))
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        boolean exited;
        try {
            exited = child.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } finally {
            child.destroyForcibly();
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(exited)
                .as("the child ended within %d s; its output:%n%s", TIMEOUT_SECONDS, text)
                .isTrue();
        assertThat(text).contains("waiter got java.lang.OutOfMemoryError");
        assertThat(text).contains("The reactor stops: its thread got a fatal error");
        assertThat(child.exitValue()).as(text).isEqualTo(3);
    }
}
