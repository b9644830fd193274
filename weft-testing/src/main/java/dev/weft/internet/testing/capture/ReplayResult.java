package dev.weft.internet.testing.capture;

/**
 * Tells how a protocol answered a replayed connection: the expected bytes, what it wrote, and whether it closed.
 * Immutable and thread-safe (returned arrays are copies).
 */
public final class ReplayResult {
    private final int connection;
    private final Side role;
    private final byte[] expected;
    private final byte[] actual;
    private final boolean closedByProtocol;
    private final boolean connectionLost;

    ReplayResult(
            int connection,
            Side role,
            byte[] expected,
            byte[] actual,
            boolean closedByProtocol,
            boolean connectionLost) {
        this.connection = connection;
        this.role = role;
        this.expected = expected;
        this.actual = actual;
        this.closedByProtocol = closedByProtocol;
        this.connectionLost = connectionLost;
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

    /** {@return whether the protocol called {@code loseConnection} or {@code abortConnection}} */
    public boolean closedByProtocol() {
        return closedByProtocol;
    }

    /** {@return whether the protocol's {@code connectionLost} ran} */
    public boolean connectionLost() {
        return connectionLost;
    }

    /** {@return whether the protocol wrote exactly the recorded bytes} */
    public boolean matches() {
        return ByteDiff.firstDifference(expected, actual) < 0;
    }

    /** {@return the offset of the first differing byte, or -1 on a match} */
    public int mismatchOffset() {
        return ByteDiff.firstDifference(expected, actual);
    }

    /** {@return a match, or where the bytes differ with hexadecimal around it} */
    public String describe() {
        String who = "connection #" + connection + ", replayed to a " + name(role) + ": " + role.arrow();
        if (matches()) {
            return who + " matches the recording (" + expected.length + " bytes)";
        }
        return who + " " + ByteDiff.explain(expected, actual);
    }

    /** Throws an {@link AssertionError} naming the offset and both sides unless the bytes match; returns this. */
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
