package dev.weft.internet;

/** Thrown when a delayed call that has been cancelled is cancelled, delayed or reset again. */
public final class AlreadyCancelled extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error with a message naming the call.
     * @param message what was misused
     */
    public AlreadyCancelled(String message) {
        super(message);
    }
}
