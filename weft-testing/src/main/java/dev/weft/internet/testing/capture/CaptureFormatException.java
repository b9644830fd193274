package dev.weft.internet.testing.capture;

/**
 * Reports a capture file that is not one, is of an unsupported version, is truncated, or holds a malformed record. The
 * message names the problem and, where known, the byte offset.
 */
public class CaptureFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception; {@code message} says what is wrong, e.g. {@code "truncated record at offset 120"}. */
    public CaptureFormatException(String message) {
        super(message);
    }
}
