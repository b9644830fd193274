package dev.weft.internet.testing;

import java.util.Locale;

/**
 * The direction of a connection a {@link Fault} acts on, written {@code c>s:} or {@code s>c:}. Immutable; thread-safe.
 */
public enum Direction {
    /** From the connecting side to the accepting side. */
    CLIENT_TO_SERVER("c>s"),
    /** From the accepting side to the connecting side. */
    SERVER_TO_CLIENT("s>c"),
    /** Both directions, each on its own; written without a prefix. */
    BOTH("");

    private final String prefix;

    Direction(String prefix) {
        this.prefix = prefix;
    }

    /** Returns the text form's prefix without the colon: {@code "c>s"}, {@code "s>c"}, or {@code ""}. */
    public String prefix() {
        return prefix;
    }

    /** Tells whether a fault on this direction acts on the single direction {@code oneWay}. */
    public boolean covers(Direction oneWay) {
        return this == BOTH || this == oneWay;
    }

    /** Returns the other one-way direction; {@link #BOTH} for itself. */
    public Direction reverse() {
        return switch (this) {
            case CLIENT_TO_SERVER -> SERVER_TO_CLIENT;
            case SERVER_TO_CLIENT -> CLIENT_TO_SERVER;
            case BOTH -> BOTH;
        };
    }

    /** Parses a prefix, {@code c>s} or {@code s>c} (case-insensitive), else {@link IllegalArgumentException}. */
    public static Direction ofPrefix(String prefix) {
        return switch (prefix.toLowerCase(Locale.ROOT)) {
            case "c>s" -> CLIENT_TO_SERVER;
            case "s>c" -> SERVER_TO_CLIENT;
            default ->
                throw new IllegalArgumentException("unknown direction '" + prefix
                        + "': write c>s: (client to server) or s>c: (server to client) before the fault,"
                        + " or nothing for both");
        };
    }
}
