package dev.weft.internet.testing.capture;

/**
 * Records a fault the tap applied ({@code weft tap --fault}) and what it did; it explains why the delivered data differ
 * from what was sent.
 *
 * @param fault the fault in its text form, for example {@code c>s:close-after=1000}
 * @param effect what happened, for example {@code closed both legs after 1000 bytes c>s}
 */
public record FaultRecord(int connection, long micros, String fault, String effect) implements CaptureRecord {
    @Override
    public int type() {
        return FAULT;
    }
}
