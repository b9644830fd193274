package dev.weft.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tells what the process's standard input is, on Linux, from {@code /proc/self/fd/0}: closed, or a
 * terminal. A JVM started with its standard input closed ({@code <&-}) opens its own files on
 * descriptor 0, so reading "standard input" would read one of them (the JDK's {@code lib/modules}):
 * the {@code ./weft} launcher notices the closed descriptor first and says so in {@value #CLOSED_ENV};
 * without the launcher, a descriptor 0 that points into the JDK is taken as closed. Thread-safe.
 */
final class StandardInput {
    /** The variable the launcher sets to 1 when it found standard input closed. */
    static final String CLOSED_ENV = "WEFT_STDIN_CLOSED";

    private StandardInput() {}

    /** Tells whether standard input was closed when the process started. */
    static boolean isClosed() {
        if ("1".equals(System.getenv(CLOSED_ENV))) {
            return true;
        }
        String target = target();
        String javaHome = System.getProperty("java.home", "");
        return target != null && !javaHome.isEmpty() && target.startsWith(javaHome + "/");
    }

    /** Tells whether standard input is a terminal (someone may be typing). */
    static boolean isTerminal() {
        return Tty.isTerminal(0);
    }

    private static @org.jspecify.annotations.Nullable String target() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/fd/0")).toString();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
    }
}
