package dev.weft.defer;

import org.jspecify.annotations.Nullable;

/**
 * Explains a {@link ClassCastException} that a handler threw on entry, because the chain's result
 * was not of the type the handler was written for: the usual cause is a handler added through a
 * stale reference after an earlier one changed the result's type (an errback such as {@code
 * list::add} returns a {@code Boolean}).
 *
 * <p>Only the thrown path pays for this; a handler that runs normally costs nothing more. Confined
 * to the thread of the Deferred whose chain runs.
 */
final class HandlerTypeMismatch {
    private HandlerTypeMismatch() {}

    /**
     * Returns a {@link ClassCastException} that names the stage, the type of the result it got and
     * the cure, caused by {@code thrown}; or {@code thrown} itself when it came from inside the
     * handler's own code rather than from the cast of its argument.
     *
     * @param thrown what the handler threw
     * @param arg the result the handler was called with
     * @param deferred the Deferred whose chain runs
     * @param pair the pair the handler belongs to
     * @param handler the half of the pair that ran
     * @return the exception the chain's Failure should carry
     */
    static ClassCastException explain(
            ClassCastException thrown,
            @Nullable Object arg,
            Deferred<?> deferred,
            Pair pair,
            Callback<Object, ?> handler) {
        String message = thrown.getMessage();
        if (arg == null || message == null || !isEntryCast(thrown, message, arg)) {
            return thrown;
        }
        int stage = deferred.lastPolledStage();
        String kind = handler == pair.callback ? "callback" : "errback";
        String expected = expectedType(message);
        String previous = stage <= 1
                ? "the value the Deferred was fired with"
                : "the chain's result after stage " + (stage - 1) + " (what the last handler to run returned)";
        ClassCastException explained = new ClassCastException("the " + kind + " at stage " + stage + " of " + deferred
                + " expected " + expected + " but got a " + arg.getClass().getName() + ": " + previous
                + ". Each add... returns this Deferred typed for the result its handler returns: add the next"
                + " handler to the returned reference, and make every handler return what the next one"
                + " takes (an errback such as list::add returns a Boolean)");
        explained.initCause(thrown);
        return explained;
    }

    /**
     * Tells whether {@code thrown} is the cast of the argument at the handler's entry: thrown straight
     * from the call in the chain runner (a lambda's hidden frame is not in the trace) or from a bridge
     * method one frame up, and naming the argument's class.
     */
    private static boolean isEntryCast(ClassCastException thrown, String message, Object arg) {
        if (!message.startsWith("class " + arg.getClass().getName() + " cannot be cast")) {
            return false;
        }
        StackTraceElement[] trace = thrown.getStackTrace();
        for (int i = 0; i < Math.min(2, trace.length); i++) {
            if (trace[i].getClassName().equals(ChainRunner.class.getName())) {
                return true;
            }
        }
        return false;
    }

    /** Extracts the target class from the JDK's message ({@code ... cannot be cast to class X ...}). */
    private static String expectedType(String message) {
        String marker = "cannot be cast to class ";
        int start = message.indexOf(marker);
        if (start < 0) {
            return "another type";
        }
        start += marker.length();
        int end = message.indexOf(' ', start);
        return "a " + (end < 0 ? message.substring(start) : message.substring(start, end));
    }
}
