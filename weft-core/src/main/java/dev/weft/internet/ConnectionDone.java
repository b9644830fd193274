package dev.weft.internet;

/** The connection was closed cleanly, by either side: Twisted's {@code ConnectionDone}. Thread-safe. */
public class ConnectionDone extends ConnectionClosed {
    private static final long serialVersionUID = 1L;

    private static final String SUMMARY = "Connection was closed cleanly";

    /** The message without a detail, made once: a reactor makes one of these for every clean close. */
    private static final String MESSAGE = ErrorMessages.describe(SUMMARY, (String) null);

    /** Creates the error with no detail. */
    public ConnectionDone() {
        super(SUMMARY, null, null);
    }

    private ConnectionDone(boolean writableStackTrace) {
        super(MESSAGE, writableStackTrace);
    }

    /** {@return a new error with no detail and no stack trace}, as a reactor reports a clean close. */
    public static ConnectionDone withoutStackTrace() {
        return new ConnectionDone(false);
    }

    /** Creates the error with a detail (what happened, e.g. {@code "Bye."}) appended to its message. */
    public ConnectionDone(String detail) {
        super(SUMMARY, detail, null);
    }
}
