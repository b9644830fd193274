package dev.weft.internet;

/** Thrown when a delayed call that has already run is cancelled, delayed or reset. Thread-safe. */
public final class AlreadyCalled extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** Creates the error; the message names the call misused. */
    public AlreadyCalled(String message) {
        super(message);
    }
}
