package dev.weft.cli;

import dev.weft.internet.testing.Split;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.List;

/**
 * Hands out an input in the pieces of a {@link Split}, at most one piece per {@code read}, waiting
 * {@code delay} before every piece but the first: what {@code weft send --split} feeds its input pump,
 * so that each piece becomes one write (with {@code TCP_NODELAY}) and the pause lets it leave as a
 * segment of its own. Read by the pump's thread, which is the one that waits.
 */
final class PacedPieces extends InputStream {
    private final List<byte[]> pieces;
    private final long delayNanos;
    private int piece;
    private int offset;

    /**
     * @throws IllegalArgumentException if the split does not fit the input (an {@code at:K} beyond it)
     */
    PacedPieces(byte[] input, Split split, double delaySeconds) {
        this.pieces = split.pieces(input);
        this.delayNanos = (long) (delaySeconds * 1e9);
    }

    int pieceCount() {
        return pieces.size();
    }

    @Override
    public int read() throws InterruptedIOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int at, int length) throws InterruptedIOException {
        if (piece >= pieces.size()) {
            return -1;
        }
        if (offset == 0 && piece > 0 && delayNanos > 0) {
            try {
                Thread.sleep(delayNanos / 1_000_000, (int) (delayNanos % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted between pieces");
            }
        }
        byte[] current = pieces.get(piece);
        int n = Math.min(length, current.length - offset);
        System.arraycopy(current, offset, buffer, at, n);
        offset += n;
        if (offset == current.length) {
            piece++;
            offset = 0;
        }
        return n;
    }
}
