package dev.weft.internet.testing.capture;

/**
 * Records that the tap's connection to the server was made; from then on data flows both ways.
 * Absent when the server could not be reached (the connection then has a {@link CloseRecord} of
 * kind {@link CloseKind#CONNECT_FAILED}).
 *
 * @param connection the connection's id
 * @param micros microseconds since the capture started
 * @param local the tap's address on the server leg, for example {@code "127.0.0.1:40112"}
 * @param server the server's address, for example {@code "127.0.0.1:7000"}
 */
public record ConnectedRecord(int connection, long micros, String local, String server) implements CaptureRecord {
    /**
     * Returns {@link CaptureRecord#CONNECTED}.
     *
     * @return the type code 2
     */
    @Override
    public int type() {
        return CONNECTED;
    }
}
