package dev.weft.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.function.Predicate;

/** Collects what a command writes and lets a test wait, without sleeping, until some text has appeared. */
final class CapturedOutput extends OutputStream {
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream printStream = new PrintStream(this, true, UTF_8);

    PrintStream printStream() {
        return printStream;
    }

    @Override
    public synchronized void write(int b) {
        bytes.write(b);
        notifyAll();
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        bytes.write(b, off, len);
        notifyAll();
    }

    synchronized byte[] bytes() {
        return bytes.toByteArray();
    }

    synchronized String text() {
        return bytes.toString(UTF_8);
    }

    /** Waits until the text satisfies {@code condition}, for up to a minute, and returns it. */
    synchronized String await(String what, Predicate<String> condition) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        String text = text();
        while (!condition.test(text)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("timed out waiting for " + what + "; the output so far:\n" + text);
            }
            wait(Math.max(1, left / 1_000_000));
            text = text();
        }
        return text;
    }

    String awaitContains(String fragment) throws InterruptedException {
        return await("\"" + fragment + "\"", text -> text.contains(fragment));
    }
}
