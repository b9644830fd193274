package dev.weft.defer;

/**
 * Reports that a Deferred timed out ({@link Deferred#addTimeout(double, Scheduler)}): Twisted's {@code
 * defer.TimeoutError}. Immutable after construction; thread-safe.
 */
public class TimeoutError extends WeftException {
    private static final long serialVersionUID = 1L;

    private final double seconds;

    /**
     * Creates the error for a timeout of the given length.
     *
     * @param seconds the timeout that elapsed, in seconds
     */
    public TimeoutError(double seconds) {
        super("Deferred timed out after " + seconds + " seconds");
        this.seconds = seconds;
    }

    /**
     * Returns the timeout that elapsed.
     *
     * @return the timeout, in seconds
     */
    public double seconds() {
        return seconds;
    }
}
