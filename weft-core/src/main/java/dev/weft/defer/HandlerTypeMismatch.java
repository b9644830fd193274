package dev.weft.defer;

import org.jspecify.annotations.Nullable;

/** Explains a {@link ClassCastException} a handler threw on entry because the result was not of its type. */
final class HandlerTypeMismatch {
    private HandlerTypeMismatch() {}

    static final byte CALLBACK = 1;
    static final byte ERRBACK = 2;
    static final byte BOTH = 3;

    /** Returns the kind of {@code handler}, one half of {@code pair} (or both, for {@code addBoth}). */
    static byte kindOf(Pair pair, Callback<Object, ?> handler) {
        if (pair.callback == pair.errback) {
            return BOTH;
        }
        return handler == pair.callback ? CALLBACK : ERRBACK;
    }

    /**
     * Returns a {@link ClassCastException} naming the stage, the result's type, the handler that produced it and the
     * cure, or {@code thrown} itself.
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
        String got = arg.getClass().getName();
        int from = deferred.producerStage;
        String origin;
        String cure;
        if (from == 0 && deferred instanceof DeferredList<?> && arg instanceof DeferredList.FirstResult<?>) {
            origin = "a DeferredList with fireOnOneCallback fires a FirstResult, not the List it is typed for";
            cure = "create it with DeferredList.firstSuccess(...), a Deferred of FirstResult";
        } else if (from == 0) {
            origin = "the value the Deferred was fired with";
            cure = "fire it with " + expected + ", or declare the Deferred with the type it is really fired with";
        } else if (deferred.producerKind == ERRBACK) {
            origin = "what the errback at stage " + from + " returned: an errback that returns a value recovers, and"
                    + " that value goes to the next callback, although addErrback keeps the Deferred's type";
            cure = "make that errback return " + expected + " (or null), return or rethrow the Failure to keep the"
                    + " error, or add it after this " + kind + " (an errback such as list::add returns a Boolean)";
        } else {
            String adder = deferred.producerKind == BOTH ? "addBoth" : "addCallback";
            origin = "what the " + (deferred.producerKind == BOTH ? "addBoth handler" : "callback") + " at stage "
                    + from + " returned";
            cure = "each " + adder + " returns this Deferred typed for what its handler returns: add the next handler"
                    + " to the returned reference, not to an earlier one, and make that handler return " + expected;
        }
        ClassCastException explained = new ClassCastException("the " + kind + " at stage " + stage + " of " + deferred
                + " expected " + expected + " but got a " + got + ": " + origin + ". To fix it, " + cure);
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
