package dev.weft.junit;

/**
 * The checks {@link WeftExtension} runs after each test; {@link SkipHygiene} turns some off. Immutable; thread-safe.
 */
public enum HygieneCheck {
    /** A {@code Deferred} failed and nobody handled it (Twisted's "Unhandled error in Deferred"). */
    UNHANDLED_DEFERRED_ERRORS,
    /** Delayed calls are still pending on an injected {@code Clock} or {@code MemoryReactorClock}. */
    PENDING_CALLS,
    /** Connections or listening ports are still open on the injected reactor or {@code SinkServer}. */
    OPEN_SOCKETS,
    /** A reactor thread ({@code weft-reactor-N}) the test started is still running. */
    REACTOR_THREADS
}
