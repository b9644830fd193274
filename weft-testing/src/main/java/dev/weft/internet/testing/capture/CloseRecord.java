package dev.weft.internet.testing.capture;

/**
 * Records that one leg of a connection ended. A connection has one close record per leg that was
 * opened (two once the server was reached, one when it could not be), and its last record is a close
 * record.
 *
 * @param connection the connection's id
 * @param micros microseconds since the capture started
 * @param side the leg that ended
 * @param byTap {@code true} if the tap closed this leg itself (following the other leg, or when
 *     interrupted), {@code false} if the peer on that leg closed or reset it
 * @param kind how the leg ended
 * @param reason the reason in words, for example the message of the close's {@code Failure}
 */
public record CloseRecord(int connection, long micros, Side side, boolean byTap, CloseKind kind, String reason)
        implements CaptureRecord {
    /**
     * Returns {@link CaptureRecord#CLOSE}.
     *
     * @return the type code 5
     */
    @Override
    public int type() {
        return CLOSE;
    }
}
