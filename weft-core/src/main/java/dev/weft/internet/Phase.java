package dev.weft.internet;

import java.util.Locale;

/**
 * The phase of a system event in which a trigger runs, in this order; {@link #toString()} gives Twisted's {@code
 * "before"}, {@code "during"} or {@code "after"}. Immutable; thread-safe.
 */
public enum Phase {
    /** Runs first; a {@link dev.weft.defer.Deferred} returned here holds back the later phases. */
    BEFORE,
    /** Runs once every {@code BEFORE} trigger's Deferred has fired. */
    DURING,
    /** Runs last. */
    AFTER;

    /** {@return Twisted's spelling: {@code "before"}, {@code "during"} or {@code "after"}} */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
