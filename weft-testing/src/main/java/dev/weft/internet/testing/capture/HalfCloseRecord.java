package dev.weft.internet.testing.capture;

/**
 * Records that side {@code from} finished sending (a TCP half-close, FIN) while the other direction stays open; the tap
 * passes it on to the other leg.
 */
public record HalfCloseRecord(int connection, long micros, Side from) implements CaptureRecord {
    @Override
    public int type() {
        return HALF_CLOSE;
    }
}
