package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.IAddress;
import dev.weft.internet.IPv4Address;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs one {@code weft} command in-process on a thread of its own, with captured streams, an
 * interrupter standing in for SIGINT, and the listening hook, as the tests' handle on it.
 */
final class CliRun implements AutoCloseable {
    final CapturedOutput out = new CapturedOutput();
    final CapturedOutput err = new CapturedOutput();
    final Interrupter interrupter = new Interrupter();
    final CompletableFuture<IAddress> listening = new CompletableFuture<>();
    final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final Thread thread;

    private CliRun(InputStream in, boolean terminal, String... args) {
        thread = new Thread(
                () -> {
                    try {
                        exit.complete(WeftCli.run(
                                args,
                                in,
                                out.printStream(),
                                err.printStream(),
                                interrupter,
                                listening::complete,
                                terminal));
                    } catch (Throwable t) {
                        exit.completeExceptionally(t);
                    }
                    listening.completeExceptionally(new AssertionError("the command ended without listening"));
                },
                "weft-cli-test");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts {@code weft args...} with an empty standard input and no terminal. */
    static CliRun start(String... args) {
        return new CliRun(InputStream.nullInputStream(), false, args);
    }

    /** Starts {@code weft args...} with the given input, as if on a terminal or not. */
    static CliRun start(InputStream in, boolean terminal, String... args) {
        return new CliRun(in, terminal, args);
    }

    /** Runs {@code weft args...} to its end with the given standard input. */
    static CliRun run(byte[] stdin, String... args) throws Exception {
        CliRun run = new CliRun(new ByteArrayInputStream(stdin), false, args);
        run.awaitExit();
        return run;
    }

    /** Runs {@code weft args...} to its end with an empty standard input. */
    static CliRun run(String... args) throws Exception {
        return run(new byte[0], args);
    }

    int awaitExit() throws Exception {
        return exit.get(CapturedOutput.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Waits until the command listens and returns its TCP port. */
    int port() throws Exception {
        IAddress address = listening.get(CapturedOutput.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(address).isInstanceOf(IPv4Address.class);
        return ((IPv4Address) address).port();
    }

    /** Returns standard output's lines. */
    List<String> lines() {
        return out.text().lines().toList();
    }

    /** Asserts the command failed with exactly one line on standard error, and returns that line. */
    String oneErrorLine(int exitCode) throws Exception {
        assertThat(awaitExit()).as("exit code; stderr: %s", err.text()).isEqualTo(exitCode);
        List<String> lines = err.text().lines().toList();
        assertThat(lines).as("stderr").hasSize(1);
        assertThat(err.text()).doesNotContain("\tat ").doesNotContain("Exception");
        return lines.get(0);
    }

    @Override
    public void close() throws Exception {
        if (!exit.isDone()) {
            interrupter.interrupt();
        }
        awaitExit();
        thread.join(CapturedOutput.TIMEOUT.toMillis());
    }
}
