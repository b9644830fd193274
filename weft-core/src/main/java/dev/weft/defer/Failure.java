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
 * <p>A Failure holds the original exception object and never copies it, so the same exception (and
 * its stack trace) reaches every errback, crosses chained Deferreds and comes back out of {@link
 * #trap} and {@link #raiseException()}. Checked exceptions are wrapped and rethrown as they are (the
 * rethrow is not declared, so a caller of {@code trap} that wants to catch one catches {@code
 * Exception}).
 *
 * <h2>Matching</h2>
 *
 * {@link #check(Class[])} and {@link #trap(Class[])} return the first <em>argument</em> that matches,
 * in argument order, as Twisted does: for a {@code FileNotFoundException}, {@code
 * check(IOException.class, FileNotFoundException.class)} returns {@code IOException.class}. A class
 * matches when the exception is an instance of it (interfaces included); a name matches when it is
 * the {@link Class#getName()} of the exception's class or of one of its superclasses; {@link Error}s
 * follow the same rule (DEVIATIONS.md).
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
     * Returns the wrapped exception: the very object given to the constructor.
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
     * Returns the exception's message, Twisted's {@code str(value)}: {@link
     * Throwable#getLocalizedMessage()}, or the empty string when the exception has no message.
     *
     * @return the message, never null
     */
    public String getErrorMessage() {
        String message = value.getLocalizedMessage();
        return message == null ? "" : message;
    }

    /**
     * Returns the names of the exception's class and of its superclasses, most specific first:
     * Twisted's {@code parents}, the names {@link #check(String[])} matches against.
     *
     * @return fully-qualified class names, from the exception's class up to {@code
     *     java.lang.Throwable}
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
     * Returns the first of {@code names}, in argument order, that names the exception's class or one
     * of its superclasses ({@link Class#getName()}, e.g. {@code "java.io.IOException"}).
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
     * Errbacks use it to let through only the errors they handle: the rethrown exception becomes the
     * next Failure of the chain, and it is the same object, so identity and stack trace survive.
     *
     * @param types the classes to let through
     * @return the first matching argument; when nothing matches, the wrapped exception itself is
     *     thrown instead, checked or not (undeclared)
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
     * @return the first matching argument; when nothing matches, the wrapped exception itself is
     *     thrown instead, checked or not (undeclared)
     */
    public String trap(String... names) {
        String match = check(names);
        if (match == null) {
            throw raiseException();
        }
        return match;
    }

    /**
     * Throws the wrapped exception itself, checked or not, with its original stack trace. Declared to
     * return an exception so callers can write {@code throw failure.raiseException();}.
     *
     * @return never returns normally: the wrapped exception is thrown, checked or not (undeclared)
     */
    public RuntimeException raiseException() {
        throw Failure.<RuntimeException>sneakyThrow(value);
    }

    /**
     * Returns the exception's stack trace, causes included, as {@link Throwable#printStackTrace()}
     * prints it.
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
     * Returns a description with the full stack trace, as Twisted's {@code Failure} prints itself.
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
