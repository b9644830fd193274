package dev.weft.internet.testing.capture;

/**
 * Records that the tap reached the server; absent if it could not (then a {@link CloseRecord} of kind {@link
 * CloseKind#CONNECT_FAILED} follows). A TLS server leg is recorded at the TCP connect: if its handshake then does
 * not complete within the tap's connect timeout, a {@link CloseKind#CONNECT_FAILED} close follows this record.
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
