package dev.weft.cli;

import dev.weft.internet.testing.Split;
import java.io.IOException;
import java.io.InputStream;

/** Prepares the input of {@code weft send --split}: reads it whole and cuts it. Pure; thread-safe. */
final class SendSplit {
    private SendSplit() {}

    /**
     * Reads {@code in} to its end and returns it as paced pieces.
     *
     * @throws CliFailure (usage) if the split does not fit the input, (runtime) if it cannot be read
     */
    static InputStream pace(InputStream in, Split split, double delay, String file) {
        byte[] all;
        try (InputStream input = in) {
            all = input.readAllBytes();
        } catch (IOException e) {
            throw CliFailure.runtime(
                    "cannot read " + (file.equals("-") ? "standard input" : file) + ": " + Problems.io(e), e);
        }
        try {
            return new PacedPieces(all, split, delay);
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage("--split does not fit the input: " + e.getMessage(), e);
        }
    }
}
