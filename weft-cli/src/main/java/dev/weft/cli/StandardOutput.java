package dev.weft.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * Is a command's standard output, which tells a reader gone away (a closed pipe: {@code weft dump X | head}) from the
 * other write failures (a full disk) that a {@link PrintStream} alone does not tell apart. A command whose reader has
 * gone ends quietly with {@link CliFailure#READER_GONE}, as {@code cat} and {@code grep} end on SIGPIPE; the other
 * failures keep their one line and exit 1.
 *
 * <p>A write failure counts as a closed pipe when its message says so ({@code Broken pipe}, as Linux and macOS word
 * EPIPE in English) or when standard output is a pipe, where no other write failure happens (the message may be in the
 * locale's language). Thread-safe, as {@link PrintStream} is.
 */
final class StandardOutput extends PrintStream {
    private final Noting noting;

    /** Wraps {@code out}, the process's standard output: UTF-8, flushed at each line. */
    StandardOutput(OutputStream out) {
        this(new Noting(out, StandardOutput::isPipe));
    }

    /** Wraps {@code out}, with {@code pipe} telling whether it is a pipe (for tests). */
    StandardOutput(OutputStream out, BooleanSupplier pipe) {
        this(new Noting(out, pipe));
    }

    private StandardOutput(Noting noting) {
        super(noting, true, StandardCharsets.UTF_8);
        this.noting = noting;
    }

    /** {@return whether a write failed because the reader had gone (a closed pipe)} */
    boolean readerGone() {
        return checkError() && noting.readerGone;
    }

    /** Whether descriptor 1 of this process is a pipe (Linux: /proc/self/fd/1 reads {@code pipe:[N]}). */
    private static boolean isPipe() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/fd/1")).toString().startsWith("pipe:");
        } catch (IOException | RuntimeException e) {
            return false; // no /proc: the message alone tells
        }
    }

    /** Notes whether the first write failure was a closed pipe, then throws it on to the PrintStream. */
    private static final class Noting extends FilterOutputStream {
        private final BooleanSupplier pipe;
        private volatile boolean failed;
        private volatile boolean readerGone;

        Noting(OutputStream out, BooleanSupplier pipe) {
            super(out);
            this.pipe = pipe;
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                throw noted(e);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw noted(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw noted(e);
            }
        }

        private IOException noted(IOException e) {
            if (!failed) {
                failed = true;
                String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
                readerGone = message.contains("broken pipe") || pipe.getAsBoolean();
            }
            return e;
        }
    }
}
