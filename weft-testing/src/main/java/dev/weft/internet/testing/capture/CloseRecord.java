package dev.weft.internet.testing.capture;

/**
 * Records that one leg of a connection ended; a connection's last record is a close record.
 *
 * @param byTap {@code true} if the tap closed this leg itself, {@code false} if the peer did
 * @param reason the reason in words, for example the close's {@code Failure} message
 */
public record CloseRecord(int connection, long micros, Side side, boolean byTap, CloseKind kind, String reason)
        implements CaptureRecord {
    @Override
    public int type() {
        return CLOSE;
    }
}
