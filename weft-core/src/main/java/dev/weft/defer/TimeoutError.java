package dev.weft.defer;

/** Reports that a Deferred's {@link Deferred#addTimeout} elapsed: Twisted's {@code defer.TimeoutError}. Thread-safe. */
public class TimeoutError extends WeftException {
    private static final long serialVersionUID = 1L;

    private final double seconds;

    /** Creates the error for a timeout of {@code seconds}. */
    public TimeoutError(double seconds) {
        super("Deferred timed out after " + seconds + " seconds");
        this.seconds = seconds;
    }

    /** {@return the timeout that elapsed, in seconds} */
    public double seconds() {
        return seconds;
    }
}
