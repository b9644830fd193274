package dev.weft.protocols.basic;

import dev.weft.defer.WeftException;

/**
 * Thrown by {@link IntNStringReceiver#sendString(byte[])} when a string is too long for the length
 * prefix (Twisted's {@code StringTooLongError}); nothing is written then.
 *
 * <p>Immutable; thread-safe.
 */
public class StringTooLongError extends WeftException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message how long the string was and what the prefix allows
     */
    public StringTooLongError(String message) {
        super(message);
    }
}
