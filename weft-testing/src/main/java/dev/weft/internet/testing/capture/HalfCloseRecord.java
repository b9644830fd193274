package dev.weft.internet.testing.capture;

/**
 * Records that one side finished sending (a TCP half-close, FIN) while the other direction stays
 * open; the tap passes the half-close on to the other leg.
 *
 * @param from the side that will send nothing more
 */
public record HalfCloseRecord(int connection, long micros, Side from) implements CaptureRecord {
    @Override
    public int type() {
        return HALF_CLOSE;
    }
}
