package dev.weft.cli;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Finds how many columns the terminal has, so that a status line is cut to fit instead of wrapping
 * (a wrapped line cannot be redrawn in place and leaves copies behind). Asks {@code stty size} about
 * {@code /dev/tty}, once; {@code $COLUMNS} if that fails; 80 otherwise. Thread-safe.
 */
final class TerminalWidth {
    static final int DEFAULT = 80;

    private TerminalWidth() {}

    /** Returns the width of the terminal, or {@link #DEFAULT} when {@code terminal} is false or it is unknown. */
    static int columns(boolean terminal) {
        if (!terminal) {
            return DEFAULT;
        }
        try {
            Process stty = new ProcessBuilder("stty", "size")
                    .redirectInput(new File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String answer = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            if (stty.waitFor(2, TimeUnit.SECONDS) && stty.exitValue() == 0) {
                String[] rowsColumns = answer.split("\\s+");
                int columns = Integer.parseInt(rowsColumns[rowsColumns.length - 1]);
                if (columns > 0) {
                    return columns;
                }
            }
        } catch (Exception e) {
            // no stty or no terminal: fall back
        }
        try {
            int columns =
                    Integer.parseInt(String.valueOf(System.getenv("COLUMNS")).strip());
            return columns > 0 ? columns : DEFAULT;
        } catch (NumberFormatException e) {
            return DEFAULT;
        }
    }
}
