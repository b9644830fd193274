package dev.weft.defer;

import org.jspecify.annotations.Nullable;

/**
 * SKELETON (the Deferred helper replaces this body): wraps a Throwable as Twisted's {@code Failure}.
 */
public final class Failure {
    private final Throwable value;

    /**
     * Wraps {@code value}.
     *
     * @param value the exception
     */
    public Failure(Throwable value) {
        this.value = value;
    }

    /**
     * Returns the wrapped exception.
     *
     * @return the exception
     */
    public Throwable value() {
        return value;
    }

    /**
     * Returns the class of the wrapped exception.
     *
     * @return the class
     */
    public Class<? extends Throwable> type() {
        return value.getClass();
    }

    /**
     * Returns the exception's message.
     *
     * @return the message
     */
    public String getErrorMessage() {
        return String.valueOf(value.getMessage());
    }

    /**
     * Returns the first argument the failure is an instance of, or null.
     *
     * @param types the classes to test
     * @return the first matching argument, or null
     */
    public @Nullable Class<?> check(Class<?>... types) {
        for (Class<?> t : types) {
            if (t.isInstance(value)) {
                return t;
            }
        }
        return null;
    }

    /**
     * Returns the first argument the failure is an instance of, or rethrows the original exception.
     *
     * @param types the classes to test
     * @return the first matching argument
     */
    public Class<?> trap(Class<?>... types) {
        Class<?> c = check(types);
        if (c == null) {
            throw raiseException();
        }
        return c;
    }

    /**
     * Throws the wrapped exception.
     *
     * @return never returns
     */
    public RuntimeException raiseException() {
        throw Failure.<RuntimeException>sneaky(value);
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
