package dev.weft.internet.testing.capture;

/**
 * Records that a client connected to the tap; the first record of every connection.
 *
 * @param connection the connection's id, 1 or more
 * @param client the client's address, for example {@code "127.0.0.1:53422"}
 * @param listener the tap's own address on that connection, for example {@code "127.0.0.1:9000"}
 * @param target the endpoint the tap connects to for it, as given to {@code --to}
 */
public record OpenRecord(int connection, long micros, String client, String listener, String target)
        implements CaptureRecord {
    @Override
    public int type() {
        return OPEN;
    }
}
