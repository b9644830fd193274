package dev.weft.cli;

import dev.weft.internet.Addresses;
import dev.weft.internet.IAddress;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The run that the {@code ./weft} launcher records its class-data archive from: {@code java
 * -XX:ArchiveClassesAtExit=weft.jsa -cp weft.jar dev.weft.cli.ArchiveTraining}. In one JVM it runs
 * what users start most often, through the same code as {@code WeftCli.main}: a {@code sink} on a
 * free loopback port, a {@code send} of a file and a {@code send} of standard input to it, and
 * {@code --version}. An archive records the classes one JVM loaded, so a training that ran only a
 * sink (as before) left {@code send}'s classes out of it.
 *
 * <p>Prints nothing; exits 0 when every command did what it should, 1 otherwise or after {@value
 * #TIMEOUT_SECONDS} seconds (the launcher then keeps no archive). Not a user command. Runs on the calling (main) thread; the sink runs on a thread
 * of its own.
 */
public final class ArchiveTraining {
    /** How long the whole training may take before it gives up. */
    static final long TIMEOUT_SECONDS = 60;

    private ArchiveTraining() {}

    /**
     * Runs the training and exits the JVM with 0 if every command succeeded, 1 otherwise.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        PrintStream out = new PrintStream(OutputStream.nullOutputStream(), true);
        // What WeftCli.main does before it runs a command, so that its classes are archived too.
        Arguments.recover(args);
        Tty.isTerminal(2);
        CliLogging.install(out, () -> false);
        CompletableFuture<Integer> code = new CompletableFuture<>();
        Thread training = new Thread(
                () -> {
                    try {
                        code.complete(train(out));
                    } catch (Exception | Error e) {
                        code.complete(CliFailure.RUNTIME);
                    }
                },
                "weft-training");
        training.setDaemon(true);
        training.start();
        try {
            System.exit(code.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        } catch (ExecutionException | TimeoutException | InterruptedException e) {
            System.exit(CliFailure.RUNTIME);
        }
    }

    /**
     * Runs the sink, the sends and {@code --version}, writing everything they print to {@code out}.
     *
     * @return 0 if all succeeded, 1 otherwise
     */
    static int train(PrintStream out) throws IOException, InterruptedException {
        List<Integer> codes = new ArrayList<>();
        codes.add(WeftCli.run(new String[] {"--version"}, InputStream.nullInputStream(), out, out));
        CompletableFuture<IAddress> listening = new CompletableFuture<>();
        CompletableFuture<Integer> sink = new CompletableFuture<>();
        Thread sinkThread = new Thread(
                () -> {
                    try {
                        sink.complete(WeftCli.run(
                                new String[] {"sink", "--listen", "tcp:0:interface=127.0.0.1", "--expect", "2"},
                                InputStream.nullInputStream(),
                                out,
                                out,
                                new Interrupter(),
                                listening::complete,
                                false));
                    } catch (RuntimeException | Error e) {
                        sink.completeExceptionally(e);
                    }
                },
                "weft-training-sink");
        sinkThread.setDaemon(true);
        sinkThread.start();
        Path file = Files.createTempFile("weft-training", ".bin");
        try {
            Files.write(file, new byte[] {'x'});
            String endpoint = Addresses.clientEndpoint(listening.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
            codes.add(WeftCli.run(
                    new String[] {"send", endpoint, file.toString()}, InputStream.nullInputStream(), out, out));
            codes.add(WeftCli.run(
                    new String[] {"send", "--timeout", Long.toString(TIMEOUT_SECONDS), endpoint, "-"},
                    new ByteArrayInputStream("weft\n".getBytes(StandardCharsets.US_ASCII)),
                    out,
                    out));
            codes.add(sink.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        } catch (ExecutionException | TimeoutException e) {
            return CliFailure.RUNTIME;
        } finally {
            Files.deleteIfExists(file);
        }
        return codes.stream().allMatch(c -> c == 0) ? 0 : CliFailure.RUNTIME;
    }
}
