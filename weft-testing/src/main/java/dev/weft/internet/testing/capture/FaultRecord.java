package dev.weft.internet.testing.capture;

/**
 * Records a fault the tap applied ({@code weft tap --fault}): which fault, and what it did, for
 * example a connection closed after exactly N bytes. Data records of a faulty connection carry the
 * bytes as they were delivered, so this record explains why they differ from what was sent.
 *
 * @param connection the connection's id
 * @param micros microseconds since the capture started
 * @param fault the fault in its text form, for example {@code c>s:close-after=1000}
 * @param effect what happened, for example {@code closed both legs after 1000 bytes c>s}
 */
public record FaultRecord(int connection, long micros, String fault, String effect) implements CaptureRecord {
    /**
     * Returns {@link CaptureRecord#FAULT}.
     *
     * @return the type code 6
     */
    @Override
    public int type() {
        return FAULT;
    }
}
