package dev.weft.internet.nio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link NioReactor#run()} on a program's main thread, in a JVM of its own ({@link SignalChild}), sent SIGTERM
 * ({@link Process#destroy()} sends it on Linux) or calling {@code System.exit}: the reactor stops as Twisted's
 * does on a signal, so its shutdown triggers run and its sockets close before the JVM halts, and the JVM never
 * hangs waiting for it. The exit status is the JVM's: 143 (128 + SIGTERM) whether or not the reactor stopped.
 */
final class SignalProcessTest {
    /** Far longer than any step takes; shorter than the hook's bound where the test shows it was not waited out. */
    private static final long STEP_SECONDS = 60;

    private Child child;

    @AfterEach
    void killChild() {
        if (child != null) {
            child.process.destroyForcibly();
        }
    }

    @Test
    void sigtermRunsTheShutdownTriggersAndClosesThePortAndConnections() throws Exception {
        child = Child.start("serve");
        int port = child.port();
        try (Socket client = new Socket("127.0.0.1", port)) {
            child.awaitLine("connected");
            child.sigterm();
            client.setSoTimeout((int) TimeUnit.SECONDS.toMillis(STEP_SECONDS));
            String received = new String(client.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(received)
                    .as("what the client read before its end of stream; the child's output:%n%s", child.output())
                    .isEqualTo("bye\n");
        }
        int status = child.exitStatus();
        assertThat(child.lines())
                .as("the child's output")
                .containsSubsequence(
                        "before shutdown",
                        "connectionLost ConnectionDone",
                        "factory stopped",
                        "after shutdown: 0 open sockets");
        assertThat(status).as(child.output()).isEqualTo(143);
    }

    @Test
    void optedOutTheReactorIsKilledWithoutItsTriggers() throws Exception {
        child = Child.start("serve-opted-out");
        int port = child.port();
        try (Socket client = new Socket("127.0.0.1", port)) {
            child.awaitLine("connected");
            child.sigterm();
            client.setSoTimeout((int) TimeUnit.SECONDS.toMillis(STEP_SECONDS));
            assertThat(client.getInputStream().readAllBytes()).isEmpty();
        }
        assertThat(child.exitStatus()).isEqualTo(143);
        assertThat(child.lines()).as(child.output()).doesNotContain("before shutdown", "factory stopped");
    }

    @Test
    void systemExitInACallbackExitsAtOnceWithoutTheTriggers() throws Exception {
        child = Child.start("exit-in-callback");
        // The reactor thread waits inside System.exit for the hooks: a hook waiting for it would hang the JVM
        // until its 30-second bound.
        assertThat(child.exitStatus()).as(child.output()).isEqualTo(3);
        assertThat(child.lines()).contains("exiting").doesNotContain("before shutdown");
    }

    @Test
    void systemExitInAShutdownTriggerDuringASignalDoesNotHang() throws Exception {
        child = Child.start("exit-in-trigger");
        child.port();
        child.sigterm();
        // SIGTERM's exit holds the JVM's shutdown; the trigger's System.exit waits for it for ever.
        assertThat(child.exitStatus()).as(child.output()).isEqualTo(143);
        assertThat(child.lines()).contains("before shutdown");
    }

    @Test
    void systemExitOnAnotherThreadStopsTheReactorFirst() throws Exception {
        child = Child.start("exit-from-thread");
        assertThat(child.exitStatus()).as(child.output()).isEqualTo(5);
        assertThat(child.lines())
                .as(child.output())
                .containsSubsequence("exiting", "before shutdown", "factory stopped", "after shutdown: 0 open sockets");
    }

    /** A {@link SignalChild} whose output lines a thread collects. */
    private static final class Child {
        private final Process process;
        private final BlockingQueue<String> unread = new LinkedBlockingQueue<>();
        private final List<String> lines = new ArrayList<>();
        private final CountDownLatch outputEnded = new CountDownLatch(1);

        private Child(Process process) {
            this.process = process;
            Thread reader = new Thread(() -> read(process.getInputStream()), "signal-child-output");
            reader.setDaemon(true);
            reader.start();
        }

        static Child start(String mode) throws IOException {
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            return new Child(new ProcessBuilder(List.of(
                            java.toString(),
                            "-cp",
                            System.getProperty("java.class.path"),
                            SignalChild.class.getName(),
                            mode))
                    .redirectErrorStream(true)
                    .start());
        }

        private void read(InputStream in) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                    unread.add(line);
                }
            } catch (IOException e) {
                unread.add("(reading the child's output failed: " + e + ")");
            } finally {
                outputEnded.countDown();
            }
        }

        /** Waits for the next line that starts with {@code prefix}, skipping others; returns it. */
        String awaitLine(String prefix) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STEP_SECONDS);
            while (true) {
                String line = unread.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new AssertionError("no line starting with \"" + prefix + "\" within " + STEP_SECONDS
                            + " s; the child's output:\n" + output());
                }
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
        }

        /**
         * Sends the child SIGTERM, as {@link Process#destroy()} does on Linux, but through its {@link
         * ProcessHandle}: {@code Process.destroy()} also closes this end of the child's output, losing what it
         * prints while it shuts down.
         */
        void sigterm() {
            assertThat(process.toHandle().destroy()).as("SIGTERM sent").isTrue();
        }

        int port() throws InterruptedException {
            return Integer.parseInt(awaitLine("listening on ").substring("listening on ".length()));
        }

        /** Waits for the child to end and its output to be read, failing after {@link #STEP_SECONDS}. */
        int exitStatus() throws InterruptedException {
            if (!process.waitFor(STEP_SECONDS, TimeUnit.SECONDS)
                    || !outputEnded.await(STEP_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError(
                        "the child did not exit within " + STEP_SECONDS + " s; its output:\n" + output());
            }
            return process.exitValue();
        }

        List<String> lines() {
            synchronized (lines) {
                return List.copyOf(lines);
            }
        }

        String output() {
            return String.join("\n", lines());
        }
    }
}
