package dev.weft.defer.oracle;

import dev.weft.defer.AlreadyCalledError;
import dev.weft.defer.CancelledError;
import dev.weft.defer.DeferredCycleError;
import dev.weft.defer.FirstError;
import dev.weft.defer.TimeoutError;
import java.util.List;
import java.util.Map;

/**
 * The oracle's exception names and the Java classes that play them. Python's {@code Exception} is
 * {@link Exception}; the raisable errors are checked exceptions here, so programs exercise weft's
 * checked-exception paths ({@code trap} and {@code raiseException} rethrow them as they are). Twisted's
 * errors are weft's own classes, and {@code RecursionError} (Twisted's answer to cancel() on a wait
 * cycle) is weft's {@link DeferredCycleError}.
 */
final class Vocabulary {
    static final String RAISED_BY_PROGRAM = "raised-by-program";

    /** Python's ValueError. */
    static class ValueError extends Exception {
        private static final long serialVersionUID = 1L;

        ValueError(String message) {
            super(message);
        }
    }

    /** Python's TypeError. */
    static class TypeError extends Exception {
        private static final long serialVersionUID = 1L;

        TypeError(String message) {
            super(message);
        }
    }

    /** Python's LookupError. */
    static class LookupError extends Exception {
        private static final long serialVersionUID = 1L;

        LookupError(String message) {
            super(message);
        }
    }

    /** Python's KeyError, which is a LookupError. */
    static class KeyError extends LookupError {
        private static final long serialVersionUID = 1L;

        KeyError(String message) {
            super(message);
        }
    }

    private static final Map<String, Class<?>> CLASSES = Map.of(
            "Exception", Exception.class,
            "ValueError", ValueError.class,
            "TypeError", TypeError.class,
            "LookupError", LookupError.class,
            "KeyError", KeyError.class,
            "CancelledError", CancelledError.class,
            "AlreadyCalledError", AlreadyCalledError.class,
            "TimeoutError", TimeoutError.class,
            "FirstError", FirstError.class,
            "RecursionError", DeferredCycleError.class);

    private Vocabulary() {}

    static Class<?> classOf(String name) {
        Class<?> c = CLASSES.get(name);
        if (c == null) {
            throw new IllegalArgumentException("unknown exception name " + name);
        }
        return c;
    }

    /**
     * Returns the classes that play {@code name} in {@code trap}: the class of {@link #classOf}, plus
     * {@link ClassCastException} for "TypeError" (Python raises TypeError where Java code, such as
     * gatherResults' step given a non-list, fails a cast).
     */
    static List<Class<?>> trapClassesOf(String name) {
        return name.equals("TypeError") ? List.of(TypeError.class, ClassCastException.class) : List.of(classOf(name));
    }

    /** Names an exception class exactly as the oracle does, or "UNEXPECTED:..." for anything else. */
    static String nameOf(Class<?> type) {
        if (type == ClassCastException.class) {
            return "TypeError";
        }
        for (Map.Entry<String, Class<?>> e : CLASSES.entrySet()) {
            if (e.getValue() == type) {
                return e.getKey();
            }
        }
        return "UNEXPECTED:" + type.getName();
    }

    /** Makes a new exception of the named kind, as the oracle's {@code make_exc}. */
    static Exception make(String name) {
        return switch (name) {
            case "Exception" -> new Exception(RAISED_BY_PROGRAM);
            case "ValueError" -> new ValueError(RAISED_BY_PROGRAM);
            case "TypeError" -> new TypeError(RAISED_BY_PROGRAM);
            case "LookupError" -> new LookupError(RAISED_BY_PROGRAM);
            case "KeyError" -> new KeyError(RAISED_BY_PROGRAM);
            case "CancelledError" -> new CancelledError(RAISED_BY_PROGRAM);
            case "AlreadyCalledError" -> new AlreadyCalledError(RAISED_BY_PROGRAM);
            case "TimeoutError" -> new TimeoutError(0);
            default -> throw new IllegalArgumentException(name + " cannot be made by a program");
        };
    }
}
