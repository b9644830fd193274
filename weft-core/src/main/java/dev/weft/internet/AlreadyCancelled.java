package dev.weft.internet;

/** Thrown when a cancelled delayed call is cancelled, delayed or reset again. Thread-safe. */
public final class AlreadyCancelled extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** Creates the error with a message naming the call misused. */
    public AlreadyCancelled(String message) {
        super(message);
    }
}
