package dev.weft.internet.testing.capture;

/**
 * Records that the tap reached the server; absent if it could not (then a {@link CloseRecord} of kind {@link
 * CloseKind#CONNECT_FAILED} follows).
 *
 * @param local the tap's address on the server leg, for example {@code "127.0.0.1:40112"}
 * @param server the server's address, for example {@code "127.0.0.1:7000"}
 */
public record ConnectedRecord(int connection, long micros, String local, String server) implements CaptureRecord {
    @Override
    public int type() {
        return CONNECTED;
    }
}
