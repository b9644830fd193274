package dev.weft.protocols.basic;

import dev.weft.defer.WeftException;

/**
 * Describes malformed netstring input (Twisted's {@code NetstringParseError}): a length that does not
 * start the data, has a leading zero, exceeds the receiver's maximum, or a payload not followed by a
 * comma. {@link NetstringReceiver} does not throw it: it closes the connection and keeps the error
 * for {@link NetstringReceiver#parseError()}.
 *
 * <p>Immutable; thread-safe.
 */
public class NetstringParseError extends WeftException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what was wrong with the input
     */
    public NetstringParseError(String message) {
        super(message, null, false);
    }
}
