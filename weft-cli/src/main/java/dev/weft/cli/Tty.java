package dev.weft.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tells whether one of the process's descriptors is a terminal, on Linux, from {@code /proc/self/fd}.
 * ({@link System#console()} answers only for standard input and output together, so it cannot tell
 * that standard error, where the status and progress lines go, is a terminal.) Thread-safe.
 */
final class Tty {
    private Tty() {}

    /** Tells whether {@code descriptor} (0, 1 or 2) is a terminal; false where that cannot be told. */
    static boolean isTerminal(int descriptor) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + descriptor))
                    .toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }
}
