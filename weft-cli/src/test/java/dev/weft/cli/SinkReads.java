package dev.weft.cli;

import dev.weft.internet.testing.Split;
import dev.weft.internet.testing.StringTransport;
import java.nio.ByteBuffer;

/** Feeds a sink connection as the reactor reads: through its buffers, split as a {@link Split} says. */
final class SinkReads {
    private SinkReads() {}

    /**
     * Delivers {@code input} in {@code split}'s pieces through {@code getBuffer}/{@code bufferUpdated},
     * each piece in as many lent buffers as it needs, stopping once {@code transport} is closing; with
     * the split's empty reads, lends a buffer for nothing before each piece and at the end of stream.
     */
    static void readLikeAReactor(byte[] input, Split split, SinkProtocol p, StringTransport transport) {
        for (byte[] piece : split.pieces(input)) {
            if (split.hasEmptyReads()) {
                p.getBuffer(1); // a read that returned nothing
            }
            int offset = 0;
            while (offset < piece.length && !transport.isDisconnecting()) {
                ByteBuffer buffer = p.getBuffer(piece.length - offset);
                int n = Math.min(buffer.remaining(), piece.length - offset);
                buffer.put(piece, offset, n);
                offset += n;
                p.bufferUpdated(n);
            }
        }
        if (split.hasEmptyReads()) {
            p.getBuffer(1); // the read that finds the end of the stream
        }
    }
}
