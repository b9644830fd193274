package dev.weft.defer;

import org.jspecify.annotations.Nullable;

/** One entry of a Deferred's chain: a (callback, errback) pair or an internal entry. Immutable. */
final class Pair {
    /** An ordinary (callback, errback) pair. */
    static final int HANDLERS = 0;

    /**
     * Twisted's {@code _CONTINUE}: hands the result to {@link #target}, which waits on this Deferred, and resumes it.
     */
    static final int CONTINUE = 1;

    /** The pair {@code chainDeferred(target)} adds: fires {@link #target} with the result. */
    static final int CHAIN = 2;

    final int kind;
    final @Nullable Callback<Object, ?> callback;
    final @Nullable Callback<Object, ?> errback;
    final @Nullable Deferred<?> target;
    /** The {@code add…} method that added an ordinary pair: one of {@link HandlerTypeMismatch}'s adders; else 0. */
    final byte adder;

    private Pair(
            int kind,
            @Nullable Callback<Object, ?> callback,
            @Nullable Callback<Object, ?> errback,
            @Nullable Deferred<?> target,
            byte adder) {
        this.kind = kind;
        this.callback = callback;
        this.errback = errback;
        this.target = target;
        this.adder = adder;
    }

    @SuppressWarnings("unchecked")
    static Pair handlers(@Nullable Callback<?, ?> callback, @Nullable Callback<?, ?> errback, byte adder) {
        return new Pair(HANDLERS, (Callback<Object, ?>) callback, (Callback<Object, ?>) errback, null, adder);
    }

    static Pair continuation(Deferred<?> waiting) {
        return new Pair(CONTINUE, null, null, waiting, (byte) 0);
    }

    static Pair chain(Deferred<?> target) {
        return new Pair(CHAIN, null, null, target, (byte) 0);
    }
}
