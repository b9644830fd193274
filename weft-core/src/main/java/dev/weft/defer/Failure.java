package dev.weft.defer;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Wraps a {@link Throwable} as a value that travels down a {@link Deferred}'s error path: Twisted's
 * {@code Failure}.
 *
 * <p>It holds the original exception and never copies it, so identity and stack trace survive {@link
 * #trap} and {@link #raiseException()}, which rethrow checked exceptions undeclared. {@link
 * #check(Class[])} and {@link #trap(Class[])} return the first matching <em>argument</em>, in argument
 * order; {@link Error}s match like any Throwable (see DEVIATIONS.md).
 *
 * <p>Immutable; thread-safe (the wrapped exception is shared, not copied).
 */
public final class Failure {
    private final Throwable value;

    /**
     * Wraps {@code value}.
     *
     * @param value the exception
     * @throws NullPointerException if {@code value} is null
     */
    public Failure(Throwable value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /**
     * Returns the wrapped exception, the very object given to the constructor.
     *
     * @return the exception
     */
    public Throwable value() {
        return value;
    }

    /**
     * Returns the class of the wrapped exception.
     *
     * @return the exception's runtime class
     */
    public Class<? extends Throwable> type() {
        return value.getClass();
    }

    /**
     * Returns the exception's localized message.
     *
     * @return the message, or the empty string if there is none
     */
    public String getErrorMessage() {
        String message = value.getLocalizedMessage();
        return message == null ? "" : message;
    }

    /**
     * Returns the names of the exception's class and superclasses, most specific first.
     *
     * @return fully-qualified class names, up to {@code java.lang.Throwable}
     */
    public List<String> parents() {
        List<String> names = new ArrayList<>();
        for (Class<?> c = value.getClass(); c != Object.class; c = c.getSuperclass()) {
            names.add(c.getName());
        }
        return names;
    }

    /**
     * Returns the first of {@code types}, in argument order, that the exception is an instance of.
     *
     * @param types the classes to test
     * @return the first matching argument, or null when none matches
     */
    public @Nullable Class<?> check(Class<?>... types) {
        for (Class<?> type : types) {
            if (type.isInstance(value)) {
                return type;
            }
        }
        return null;
    }

    /**
     * Returns the first of {@code names} that names the exception's class or one of its superclasses.
     *
     * @param names fully-qualified class names to test
     * @return the first matching argument, or null when none matches
     */
    public @Nullable String check(String... names) {
        for (String name : names) {
            for (Class<?> c = value.getClass(); c != Object.class; c = c.getSuperclass()) {
                if (c.getName().equals(name)) {
                    return name;
                }
            }
        }
        return null;
    }

    /**
     * Returns what {@link #check(Class[])} returns on a match, or rethrows the original exception.
     *
     * @param types the classes to let through
     * @return the first matching argument; otherwise the wrapped exception is thrown (undeclared)
     */
    public Class<?> trap(Class<?>... types) {
        Class<?> match = check(types);
        if (match == null) {
            throw raiseException();
        }
        return match;
    }

    /**
     * Returns what {@link #check(String[])} returns on a match, or rethrows the original exception.
     *
     * @param names fully-qualified class names to let through
     * @return the first matching argument; otherwise the wrapped exception is thrown (undeclared)
     */
    public String trap(String... names) {
        String match = check(names);
        if (match == null) {
            throw raiseException();
        }
        return match;
    }

    /**
     * Throws the wrapped exception itself, checked or not; write {@code throw failure.raiseException();}.
     *
     * @return never returns normally
     */
    public RuntimeException raiseException() {
        throw Failure.<RuntimeException>sneakyThrow(value);
    }

    /**
     * Returns the exception's stack trace, causes included.
     *
     * @return the traceback text
     */
    public String getTraceback() {
        StringWriter out = new StringWriter();
        try (PrintWriter writer = new PrintWriter(out)) {
            value.printStackTrace(writer);
        }
        return out.toString();
    }

    /**
     * Returns a description with the full stack trace.
     *
     * @return {@code "[Failure instance: " + getTraceback() + "]"}
     */
    @Override
    public String toString() {
        return "[Failure instance: " + getTraceback().stripTrailing() + "]";
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneakyThrow(Throwable t) throws E {
        throw (E) t;
    }
}
