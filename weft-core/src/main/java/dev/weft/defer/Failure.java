package dev.weft.defer;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Twisted's {@code Failure}: a {@link Throwable} as a value that travels down a {@link Deferred}'s error path.
 *
 * <p>It holds the original exception, so identity and stack trace survive {@link #trap} and {@link #raiseException()}.
 * {@link #check(Class[])} and {@link #trap(Class[])} return the first matching <em>argument</em> (see DEVIATIONS.md).
 * Immutable; thread-safe.
 */
public final class Failure {
    private final Throwable value;

    /** Wraps {@code value}, which must not be null. */
    public Failure(Throwable value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /** Returns the wrapped exception, the very object given to the constructor. */
    public Throwable value() {
        return value;
    }

    /** Returns the class of the wrapped exception. */
    public Class<? extends Throwable> type() {
        return value.getClass();
    }

    /** Returns the exception's localized message, or {@code ""} if there is none. */
    public String getErrorMessage() {
        String message = value.getLocalizedMessage();
        return message == null ? "" : message;
    }

    /** Returns the fully-qualified names of the exception's class and superclasses, most specific first. */
    public List<String> parents() {
        List<String> names = new ArrayList<>();
        for (Class<?> c = value.getClass(); c != Object.class; c = c.getSuperclass()) {
            names.add(c.getName());
        }
        return names;
    }

    /**
     * Returns null: with no types nothing matches, as Twisted's {@code check()} returns None. Without this method,
     * {@code check()} would be ambiguous between the two varargs forms.
     */
    public @Nullable Class<?> check() {
        return null;
    }

    /** Returns the first of {@code types}, in argument order, that the exception is an instance of, or null. */
    public @Nullable Class<?> check(Class<?>... types) {
        for (Class<?> type : types) {
            if (type.isInstance(value)) {
                return type;
            }
        }
        return null;
    }

    /** Returns the first of {@code names} that names the exception's class or one of its superclasses, or null. */
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
     * Rethrows the original exception (undeclared) and never returns: with no types nothing matches, as Twisted's
     * {@code trap()} re-raises. Without this method, {@code trap()} would be ambiguous between the two varargs forms.
     */
    public Class<?> trap() {
        throw raiseException();
    }

    /** Returns what {@link #check(Class[])} returns on a match, or rethrows the original exception (undeclared). */
    public Class<?> trap(Class<?>... types) {
        Class<?> match = check(types);
        if (match == null) {
            throw raiseException();
        }
        return match;
    }

    /** Returns what {@link #check(String[])} returns on a match, or rethrows the original exception (undeclared). */
    public String trap(String... names) {
        String match = check(names);
        if (match == null) {
            throw raiseException();
        }
        return match;
    }

    /** Throws the wrapped exception itself, checked or not; write {@code throw failure.raiseException();}. */
    public RuntimeException raiseException() {
        throw Failure.<RuntimeException>sneakyThrow(value);
    }

    /** Returns the exception's stack trace, causes included. */
    public String getTraceback() {
        StringWriter out = new StringWriter();
        try (PrintWriter writer = new PrintWriter(out)) {
            value.printStackTrace(writer);
        }
        return out.toString();
    }

    /** Returns {@code "[Failure instance: " + getTraceback() + "]"}. */
    @Override
    public String toString() {
        return "[Failure instance: " + getTraceback().stripTrailing() + "]";
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneakyThrow(Throwable t) throws E {
        throw (E) t;
    }
}
