package dev.weft.internet.nio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ReactorThread#start(NioReactor, boolean) ReactorThread.start(reactor, true)} in a JVM of its own ({@link
 * ReactorThreadHookChild}): when the JVM exits, by {@code System.exit} or its main thread returning, the reactor's
 * shutdown runs, triggers (and the Deferred one waits on) included, before the JVM halts; without the opt-in it does
 * not. Each child is bounded: killed if it has not ended within {@link #CHILD_SECONDS}.
 */
final class ReactorThreadHookProcessTest {
    private static final long CHILD_SECONDS = 60;

    private Process process;

    @AfterEach
    void killChild() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    @Test
    void systemExitRunsTheReactorsShutdown() throws Exception {
        Ended ended = run("exit");
        assertThat(ended.status).as(ended.toString()).isEqualTo(7);
        assertThat(ended.lines())
                .as(ended.toString())
                .containsSubsequence("running", "before shutdown", "before shutdown done", "after shutdown");
    }

    @Test
    void theMainThreadReturningRunsTheReactorsShutdown() throws Exception {
        Ended ended = run("main-returns");
        assertThat(ended.status).as(ended.toString()).isZero();
        assertThat(ended.lines())
                .as(ended.toString())
                .containsSubsequence("running", "before shutdown", "before shutdown done", "after shutdown");
    }

    @Test
    void withoutTheOptInTheJvmExitsWithoutTheReactorsShutdown() throws Exception {
        Ended ended = run("exit-opted-out");
        assertThat(ended.status).as(ended.toString()).isEqualTo(7);
        assertThat(ended.lines()).as(ended.toString()).contains("running").doesNotContain("before shutdown");
    }

    /** The exit status, output and error output of a child that has ended. */
    private record Ended(int status, String output, String errors) {
        List<String> lines() {
            return output.lines().toList();
        }

        @Override
        public String toString() {
            return "status " + status + "; output:\n" + output + "\nerrors:\n" + errors;
        }
    }

    /** Runs a {@link ReactorThreadHookChild} in {@code mode} to its end; fails if it runs longer than the bound. */
    private Ended run(String mode) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        process = new ProcessBuilder(List.of(
                        java.toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        ReactorThreadHookChild.class.getName(),
                        mode))
                .start();
        // Apart: the reactor's log lines on stderr would otherwise land inside the lines the child prints.
        CompletableFuture<String> output = readAll(process.getInputStream(), "output");
        CompletableFuture<String> errors = readAll(process.getErrorStream(), "errors");
        if (!process.waitFor(CHILD_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the child (" + mode + ") did not exit within " + CHILD_SECONDS
                    + " s; its output:\n" + output.getNow("(not read yet)") + "\nits errors:\n"
                    + errors.getNow("(not read yet)"));
        }
        return new Ended(
                process.exitValue(),
                output.get(CHILD_SECONDS, TimeUnit.SECONDS),
                errors.get(CHILD_SECONDS, TimeUnit.SECONDS));
    }

    /** Reads {@code in} to its end on a thread of its own. */
    private static CompletableFuture<String> readAll(InputStream in, String what) {
        CompletableFuture<String> all = new CompletableFuture<>();
        Thread reader = new Thread(
                () -> {
                    try (in) {
                        all.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        all.complete("(reading the child's " + what + " failed: " + e + ")");
                    }
                },
                "hook-child-" + what);
        reader.setDaemon(true);
        reader.start();
        return all;
    }
}
