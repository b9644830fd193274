package dev.weft.protocols.basic;

import dev.weft.internet.IProtocol;
import dev.weft.internet.testing.Chunking;
import dev.weft.internet.testing.Split;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Feeds a receiver its input in every split of the chunking harness, once through {@code
 * IBufferedProtocol} (as the reactor does, reads that return nothing included) and once through {@code
 * dataReceived}.
 */
final class Feed {
    private Feed() {}

    static <P extends IProtocol> void everySplit(byte[] input, Supplier<P> newProtocol, BiConsumer<Split, P> check) {
        Chunking.forEach(input, newProtocol, check);
        // The splits with empty reads deliver the same pieces; dataReceived has no buffer to lend.
        Chunking.standard().withEmptyReads(false).splits(input.length).forEach(split -> {
            P protocol = newProtocol.get();
            for (byte[] piece : split.pieces(input)) {
                protocol.dataReceived(piece);
            }
            try {
                check.accept(split, protocol);
            } catch (AssertionError e) {
                throw new AssertionError("through dataReceived, " + split + ": " + e.getMessage(), e);
            }
        });
    }
}
