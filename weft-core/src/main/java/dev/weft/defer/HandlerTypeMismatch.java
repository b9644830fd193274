package dev.weft.defer;

import org.jspecify.annotations.Nullable;

/** Explains a {@link ClassCastException} a handler threw on entry because the result was not of its type. */
final class HandlerTypeMismatch {
    private HandlerTypeMismatch() {}

    /** Adders (the {@code add…} method that added a pair) and kinds (which of its handlers returned a result). */
    static final byte CALLBACK = 1;

    static final byte ERRBACK = 2;
    static final byte BOTH = 3;
    static final byte FINALLY = 4;
    static final byte CALLBACKS = 5;
    static final byte DEFERRING = 6;
    static final byte TIMEOUT = 7;
    /** A kind only: the errback of an {@code addCallbacks} pair ({@link #CALLBACKS} is then its callback). */
    static final byte CALLBACKS_ERRBACK = 8;

    /** Returns the kind of {@code handler}, one half of {@code pair}: the method that added it, and which half. */
    static byte kindOf(Pair pair, Callback<Object, ?> handler) {
        return pair.adder == CALLBACKS && handler == pair.errback ? CALLBACKS_ERRBACK : pair.adder;
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
        String passed = deferred.passedStage == 0
                ? ""
                : ", passed on unchanged by " + handlerName(deferred.passedKind, deferred.passedStage);
        String origin;
        String cure;
        if (from == 0 && deferred instanceof DeferredList<?> && arg instanceof DeferredList.FirstResult<?>) {
            origin = "a DeferredList with fireOnOneCallback fires a FirstResult, not the List it is typed for" + passed;
            cure = "create it with DeferredList.firstSuccess(...), a Deferred of FirstResult";
        } else if (from == 0) {
            origin = "the value the Deferred was fired with" + passed;
            cure = "fire it with " + expected + ", or declare the Deferred with the type it is really fired with";
        } else if (deferred.producerKind == ERRBACK) {
            origin = "what the errback at stage " + from + " returned" + passed + ": an errback that returns a value"
                    + " recovers, and that value goes to the next callback, although addErrback keeps the Deferred's"
                    + " type";
            cure = "make that errback return " + expected + " (or null), return or rethrow the Failure to keep the"
                    + " error, or add it after this " + kind + " (an errback such as list::add returns a Boolean)";
        } else if (deferred.producerKind == TIMEOUT) {
            origin = "what the onTimeoutCancel of the addTimeout at stage " + from + " returned" + passed;
            cure = "make onTimeoutCancel return " + expected + " or a Failure: addTimeout keeps the Deferred's type";
        } else {
            byte producer = deferred.producerKind;
            origin = "what " + handlerName(producer, from)
                    + (producer == DEFERRING ? " returned fired with" : " returned") + passed;
            cure = "each " + adderName(producer) + " returns this Deferred typed for what its handler returns: add the"
                    + " next handler to the returned reference, not to an earlier one, and make that handler return "
                    + expected;
        }
        ClassCastException explained = new ClassCastException("the " + kind + " at stage " + stage + " of " + deferred
                + " expected " + expected + " but got a " + got + ": " + origin + ". To fix it, " + cure);
        explained.initCause(thrown);
        return explained;
    }

    /** Names the handler of {@code kind} at {@code stage}, e.g. {@code "the addFinally action at stage 2"}. */
    private static String handlerName(byte kind, int stage) {
        String handler = switch (kind) {
            case CALLBACK -> "the callback";
            case DEFERRING -> "the Deferred that the addCallbackDeferring callback";
            case ERRBACK -> "the errback";
            case BOTH -> "the addBoth handler";
            case FINALLY -> "the addFinally action";
            case CALLBACKS -> "the callback of the addCallbacks";
            case CALLBACKS_ERRBACK -> "the errback of the addCallbacks";
            case TIMEOUT -> "the addTimeout";
            default -> "the handler";
        };
        return handler + " at stage " + stage;
    }

    /** Names the method that added a handler of {@code kind}. */
    private static String adderName(byte kind) {
        return switch (kind) {
            case DEFERRING -> "addCallbackDeferring";
            case ERRBACK -> "addErrback";
            case BOTH -> "addBoth";
            case FINALLY -> "addFinally";
            case CALLBACKS, CALLBACKS_ERRBACK -> "addCallbacks";
            case TIMEOUT -> "addTimeout";
            default -> "addCallback";
        };
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
