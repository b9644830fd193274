package dev.weft.internet;

import dev.weft.defer.WeftException;
import org.jspecify.annotations.Nullable;

/**
 * Reports that a client connection could not be made: Twisted's {@code ConnectError}, passed as a
 * {@link dev.weft.defer.Failure} to {@link ClientFactory#clientConnectionFailed}. Immutable;
 * thread-safe.
 */
public class ConnectError extends WeftException {
    private static final long serialVersionUID = 1L;

    private static final String SUMMARY = "An error occurred while connecting";

    /** Creates the error with no detail. */
    public ConnectError() {
        this(SUMMARY, null, null);
    }

    /**
     * Creates the error with Twisted's two optional arguments; the message is the summary, then the
     * operating-system error's message, then the detail.
     * @param osError the underlying error, e.g. a {@code java.net.ConnectException}, or null
     * @param detail what happened, or null
     */
    public ConnectError(@Nullable Throwable osError, @Nullable String detail) {
        this(SUMMARY, detail, osError);
    }

    /**
     * Creates the error with a given summary; for subclasses.
     * @param summary the first part of the message, without a full stop
     * @param detail appended after the cause's message, or null
     * @param osError the underlying error, or null
     */
    protected ConnectError(String summary, @Nullable String detail, @Nullable Throwable osError) {
        super(ErrorMessages.describe(summary, ErrorMessages.of(osError), detail), osError);
    }
}
