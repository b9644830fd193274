package dev.weft.cli;

import dev.weft.internet.testing.Split;
import java.io.IOException;
import java.io.InputStream;

/** Prepares the input of {@code weft send --split}: reads it whole and cuts it. Pure; thread-safe. */
final class SendSplit {
    /** The most input {@code --split} cuts: it holds the whole input in memory. */
    static final int MOST_HELD = 1 << 30;

    private SendSplit() {}

    /**
     * Reads {@code in} to its end and returns it as paced pieces.
     *
     * @throws CliFailure (runtime) if the split does not fit the input, or the input cannot be read or is
     *     longer than {@link #MOST_HELD}
     */
    static InputStream pace(InputStream in, Split split, double delay, String file) {
        return pace(in, split, delay, file, MOST_HELD);
    }

    static InputStream pace(InputStream in, Split split, double delay, String file, int mostHeld) {
        String what = file.equals("-") ? "standard input" : file;
        byte[] all;
        try (InputStream input = in) {
            all = input.readNBytes(mostHeld);
            if (input.read() >= 0) {
                throw CliFailure.runtime(what + " is longer than --split cuts (at most " + mostHeld
                        + " bytes: it holds the whole input in memory); send it without --split, or less of it");
            }
        } catch (IOException e) {
            throw CliFailure.runtime("cannot read " + what + ": " + Problems.io(e), e);
        } catch (OutOfMemoryError e) {
            throw CliFailure.runtime(
                    "out of memory holding " + what + " for --split (" + e.getMessage()
                            + "); give the JVM more heap, e.g. WEFT_JAVA_OPTS=-Xmx4g, or send less",
                    e);
        }
        try {
            return new PacedPieces(all, split, delay);
        } catch (IllegalArgumentException e) {
            // The input decides, not the command line: a run failure (1), as for any input it cannot take.
            String spec = SplitConverter.text(split);
            throw CliFailure.runtime(
                    spec.startsWith("at:")
                            ? "--split " + spec + " cuts beyond the input: " + what + " has " + Units.bytes(all.length)
                                    + (all.length == 0
                                            ? "; send some input, or leave --split out"
                                            : "; cut within it (at:1 to at:" + all.length + "), or send more")
                            : "--split " + spec + " does not fit " + what + " (" + Units.bytes(all.length) + "): "
                                    + e.getMessage(),
                    e);
        }
    }
}
