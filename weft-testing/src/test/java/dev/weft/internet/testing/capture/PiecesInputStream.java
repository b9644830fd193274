package dev.weft.internet.testing.capture;

import java.io.InputStream;
import java.util.List;

/**
 * Returns its pieces one read at a time, never more than one piece per read: a network-like stream. Public for the
 * other packages' stream readers (pcap).
 */
public final class PiecesInputStream extends InputStream {
    private final List<byte[]> pieces;
    private int piece;
    private int offset;

    public PiecesInputStream(List<byte[]> pieces) {
        this.pieces = pieces;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        while (piece < pieces.size() && offset == pieces.get(piece).length) {
            piece++;
            offset = 0;
        }
        if (piece == pieces.size()) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        byte[] current = pieces.get(piece);
        int n = Math.min(len, current.length - offset);
        System.arraycopy(current, offset, b, off, n);
        offset += n;
        return n;
    }
}
