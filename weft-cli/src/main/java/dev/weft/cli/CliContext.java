package dev.weft.cli;

import dev.weft.internet.IAddress;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.function.Consumer;

/**
 * Holds what one run of the command line works with: its streams, whether it talks to a terminal,
 * where interrupts come from, and a hook that learns each listening address. {@code WeftCli.main}
 * fills it from the process; tests inject their own.
 *
 * <p>The streams are thread-safe ({@link PrintStream} synchronizes); {@link #debug} is set while the
 * command line is parsed, before any command runs.
 */
final class CliContext {
    final InputStream in;
    final PrintStream out;
    final PrintStream err;
    final boolean terminal;
    final Interrupter interrupter;
    final Consumer<IAddress> onListening;
    volatile boolean debug;

    CliContext(
            InputStream in,
            PrintStream out,
            PrintStream err,
            boolean terminal,
            Interrupter interrupter,
            Consumer<IAddress> onListening) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
        this.interrupter = interrupter;
        this.onListening = onListening;
    }

    /** {@return whether standard output's reader went away (a closed pipe), not another write failure} */
    boolean outputReaderGone() {
        return out instanceof StandardOutput s && s.readerGone();
    }

    /**
     * {@return what ends a command whose standard output failed: quiet, with {@link CliFailure#READER_GONE}, if its
     * reader went away; else {@link WeftCli#OUTPUT_FAILED} and {@code more}, exit 1}
     */
    CliFailure outputFailed(String more) {
        return outputReaderGone() ? CliFailure.readerGone() : CliFailure.runtime(WeftCli.OUTPUT_FAILED + more);
    }
}
