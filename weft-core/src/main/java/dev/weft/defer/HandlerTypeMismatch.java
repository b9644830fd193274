package dev.weft.defer;

import org.jspecify.annotations.Nullable;

/** Explains a {@link ClassCastException} a handler threw on entry because the result was not of its type. */
final class HandlerTypeMismatch {
    private HandlerTypeMismatch() {}

    /**
     * Returns a {@link ClassCastException} naming the stage, the result's type and the cure, or {@code thrown} itself.
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

    /** Tells whether {@code thrown} is the cast of the argument at the handler's entry. */
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
