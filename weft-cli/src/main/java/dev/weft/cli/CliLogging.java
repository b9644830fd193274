package dev.weft.cli;

import java.io.PrintStream;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Routes the library's log records ({@code System.Logger}, backed by {@code java.util.logging}) to
 * standard error as one line each, {@code weft: WARNING: what happened: why}, with the stack trace
 * only under {@code --debug}. It formats no dates, so it needs no time-zone file, and it never
 * throws: a log line about running out of file descriptors must not need a file descriptor.
 *
 * <p>Installed once per process by {@code WeftCli.main}; thread-safe.
 */
final class CliLogging extends Handler {
    private final PrintStream err;
    private final BooleanSupplier debug;

    private CliLogging(PrintStream err, BooleanSupplier debug) {
        this.err = err;
        this.debug = debug;
        setLevel(Level.INFO);
    }

    /** Replaces the root logger's handlers with one that prints to {@code err}. */
    static void install(PrintStream err, BooleanSupplier debug) {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        root.addHandler(new CliLogging(err, debug));
    }

    /** Returns the one line for a record: its level, its message and its causes' messages. */
    static String line(LogRecord record) {
        StringBuilder line = new StringBuilder("weft: ")
                .append(
                        record.getLevel() == Level.SEVERE
                                ? "ERROR"
                                : record.getLevel().getName())
                .append(": ")
                .append(record.getMessage());
        Throwable cause = record.getThrown();
        if (cause != null) {
            line.append(": ").append(Problems.chain(cause));
        }
        return Problems.oneLine(line.toString());
    }

    @Override
    public void publish(LogRecord record) {
        if (!isLoggable(record) || (outOfHeap(record.getThrown()) && !debug.getAsBoolean())) {
            return; // a reactor stopped by running out of heap: the command says so in its one line
        }
        try {
            synchronized (err) {
                err.println(line(record));
                Throwable thrown = record.getThrown();
                if (thrown != null && debug.getAsBoolean()) {
                    thrown.printStackTrace(err);
                }
            }
        } catch (RuntimeException e) {
            // standard error is gone: nothing to report to
        }
    }

    /** Tells whether {@code thrown} is or was caused by an {@link OutOfMemoryError} (Java heap, not direct memory). */
    private static boolean outOfHeap(@org.jspecify.annotations.Nullable Throwable thrown) {
        for (int i = 0; thrown != null && i < 16; i++, thrown = thrown.getCause()) {
            if (thrown instanceof OutOfMemoryError
                    && !String.valueOf(thrown.getMessage()).contains("Direct buffer memory")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void flush() {
        err.flush();
    }

    @Override
    public void close() {
        flush();
    }
}
