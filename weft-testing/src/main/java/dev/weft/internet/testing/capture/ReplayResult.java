package dev.weft.internet.testing.capture;

import org.jspecify.annotations.Nullable;

/**
 * Tells how a protocol answered a replayed connection: the expected bytes, what it wrote, and whether it closed. For
 * a live peer ({@link LiveReplay#result}) it also tells whether the peer ended its side (an end of stream) where the
 * recorded peer did. Immutable and thread-safe (returned arrays are copies).
 */
public final class ReplayResult {
    private final int connection;
    private final Side role;
    private final byte[] expected;
    private final byte[] actual;
    private final boolean closedByProtocol;
    private final boolean connectionLost;
    /**
     * How the recorded peer ended its side after its last byte ("half-closed", "closed"), when the live peer must end
     * its side too; null when that is not compared (an in-memory replay, or a recorded peer that reset or never
     * ended).
     */
    private final @Nullable String expectedEnd;

    ReplayResult(
            int connection,
            Side role,
            byte[] expected,
            byte[] actual,
            boolean closedByProtocol,
            boolean connectionLost) {
        this(connection, role, expected, actual, closedByProtocol, connectionLost, null);
    }

    ReplayResult(
            int connection,
            Side role,
            byte[] expected,
            byte[] actual,
            boolean closedByProtocol,
            boolean connectionLost,
            @Nullable String expectedEnd) {
        this.connection = connection;
        this.role = role;
        this.expected = expected;
        this.actual = actual;
        this.closedByProtocol = closedByProtocol;
        this.connectionLost = connectionLost;
        this.expectedEnd = expectedEnd;
    }

    /** {@return the replayed connection's id} */
    public int connection() {
        return connection;
    }

    /** {@return the side the protocol played} */
    public Side role() {
        return role;
    }

    /** {@return a copy of what the recorded side sent: what the protocol should have written} */
    public byte[] expected() {
        return expected.clone();
    }

    /** {@return a copy of what the protocol wrote} */
    public byte[] actual() {
        return actual.clone();
    }

    /**
     * {@return whether the protocol called {@code loseConnection} or {@code abortConnection}; for a live peer, whether
     * it ended its side (the replay read its end of stream)}
     */
    public boolean closedByProtocol() {
        return closedByProtocol;
    }

    /** {@return whether the protocol's {@code connectionLost} ran} */
    public boolean connectionLost() {
        return connectionLost;
    }

    /**
     * {@return whether the protocol wrote exactly the recorded bytes and, for a live peer, {@linkplain #endMatches()
     * ended its side} as the recorded peer did}
     */
    public boolean matches() {
        return ByteDiff.firstDifference(expected, actual) < 0 && endMatches();
    }

    /**
     * {@return false if the recorded peer ended its side (a half-close, or a clean close) after its last byte and the
     * live peer has not: it keeps its side open, or the connection was lost (a reset) without it; true otherwise, and
     * always for an in-memory replay}
     */
    public boolean endMatches() {
        return expectedEnd == null || closedByProtocol;
    }

    /** {@return the offset of the first differing byte, or -1 when the bytes match} */
    public int mismatchOffset() {
        return ByteDiff.firstDifference(expected, actual);
    }

    /**
     * {@return a match, or where the bytes differ with hexadecimal around it; for a live peer, also where it ended its
     * side if that differs from the recording}
     */
    public String describe() {
        String who = "connection #" + connection + ", replayed to a " + name(role) + ": " + role.arrow();
        String peer = "the " + name(role);
        String recorded = "the recorded " + name(role) + " " + expectedEnd + " after its " + expected.length + " bytes";
        if (matches()) {
            return who + " matches the recording (" + expected.length + " bytes)";
        }
        if (mismatchOffset() < 0) {
            return who + " " + peer + " sent the recorded " + expected.length + " bytes but "
                    + (connectionLost
                            ? "the connection was lost before " + peer + " ended its side"
                            : "has not ended its side")
                    + "; " + recorded;
        }
        String bytes = who + " " + ByteDiff.explain(expected, actual);
        if (expectedEnd != null && closedByProtocol && actual.length < expected.length) {
            return bytes + "\n  " + peer + " ended its side after " + actual.length + " bytes, early: " + recorded;
        }
        return bytes;
    }

    /**
     * Throws an {@link AssertionError} naming the offset and both sides unless the bytes match, or naming the end a
     * live peer did not make ({@link #endMatches()}); returns this.
     */
    public ReplayResult assertMatches() {
        if (!matches()) {
            throw new AssertionError(describe());
        }
        return this;
    }

    @Override
    public String toString() {
        return describe();
    }

    private static String name(Side side) {
        return side == Side.SERVER ? "server" : "client";
    }
}
