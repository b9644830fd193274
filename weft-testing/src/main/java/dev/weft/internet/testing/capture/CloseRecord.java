package dev.weft.internet.testing.capture;

/**
 * Records that one leg of a connection ended, closed by the tap ({@code byTap}) or the peer, with the {@code reason} in
 * words; a connection's last record is a close record.
 */
public record CloseRecord(int connection, long micros, Side side, boolean byTap, CloseKind kind, String reason)
        implements CaptureRecord {
    @Override
    public int type() {
        return CLOSE;
    }
}
