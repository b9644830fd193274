package dev.weft.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A private tmux server (its own socket, no user configuration) whose windows run commands in
 * terminals of a chosen size, read back with {@code tmux capture-pane}: the tests' real terminal.
 * Confined to the test's thread.
 */
final class TmuxPane implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Path socket;
    private final Path root;

    private TmuxPane(Path socket, Path root) {
        this.socket = socket;
        this.root = root;
    }

    /**
     * Starts a tmux server with one session, {@code columns} wide and {@code rows} high, whose first
     * window runs {@code command} in the repository root. Skips the test, with the reason, without
     * tmux. A window whose command has ended may have lost its last output (tmux reads the terminal
     * after the fact), so a command that must be read after it ends is followed by {@code exec cat},
     * which keeps the terminal open.
     */
    static TmuxPane start(Path dir, int columns, int rows, String window, String command) throws Exception {
        assumeTrue(
                ManPageProcessTest.onPath("tmux"),
                "tmux is not installed: the status line and progress cannot be watched in a real terminal"
                        + " (CI installs it, .ci/run)");
        Path config = Files.writeString(dir.resolve("tmux.conf"), "set -g remain-on-exit on\nset -g status off\n");
        TmuxPane tmux = new TmuxPane(dir.resolve("tmux.sock"), WeftProcess.root());
        tmux.tmux(
                "-f",
                config.toString(),
                "new-session",
                "-d",
                "-s",
                "weft",
                "-n",
                window,
                "-x",
                String.valueOf(columns),
                "-y",
                String.valueOf(rows),
                "-c",
                tmux.root.toString(),
                command);
        return tmux;
    }

    /** Opens another window of the same size running {@code command}. */
    void window(String window, String command) throws Exception {
        tmux("new-window", "-d", "-n", window, "-c", root.toString(), command);
    }

    /** Types {@code keys} into the window, as {@code tmux send-keys} does (key names such as Enter, C-d). */
    void keys(String window, String... keys) throws Exception {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", "weft:" + window));
        args.addAll(List.of(keys));
        tmux(args.toArray(String[]::new));
    }

    /** Types {@code text} literally. */
    void type(String window, String text) throws Exception {
        tmux("send-keys", "-t", "weft:" + window, "-l", text);
    }

    /** Returns the window's screen, one string per row, as the terminal shows it (no joining of wrapped rows). */
    List<String> screen(String window) throws Exception {
        return tmux("capture-pane", "-p", "-t", "weft:" + window).lines().toList();
    }

    /** Returns the window's screen with wrapped rows joined into the lines that were written. */
    List<String> joined(String window) throws Exception {
        return tmux("capture-pane", "-p", "-J", "-t", "weft:" + window).lines().toList();
    }

    /** Captures the window until its screen satisfies {@code condition}, for up to {@link #TIMEOUT}; returns it. */
    List<String> await(String window, String what, Predicate<List<String>> condition) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        List<String> screen = screen(window);
        while (!condition.test(screen)) {
            assertThat(System.nanoTime() - deadline)
                    .as("timed out waiting for " + what + "; the screen:\n" + String.join("\n", screen))
                    .isNegative();
            screen = screen(window);
        }
        return screen;
    }

    String tmux(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("tmux", "-S", socket.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("WEFT_SKIP_BUILD", "1");
        builder.environment().remove("TMUX");
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), UTF_8);
        assertThat(process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                .as("tmux " + String.join(" ", args))
                .isTrue();
        assertThat(process.exitValue())
                .as("tmux " + String.join(" ", args) + ": " + output)
                .isZero();
        return output;
    }

    /** Stops this tmux server and what runs in its windows. */
    @Override
    public void close() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("tmux", "-S", socket.toString(), "kill-server")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        kill.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
}
