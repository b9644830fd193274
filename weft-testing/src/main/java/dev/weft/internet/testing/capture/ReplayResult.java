package dev.weft.internet.testing.capture;

/**
 * Tells how a protocol answered a replayed connection: what the recording says its side sent, what
 * it wrote, and whether it closed. {@link #assertMatches()} fails with the connection, the byte
 * offset and both sides in hexadecimal around it.
 *
 * <p>Immutable and thread-safe (the arrays it returns are copies).
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

    /**
     * Returns the replayed connection's id.
     *
     * @return the id
     */
    public int connection() {
        return connection;
    }

    /**
     * Returns the side the protocol played.
     *
     * @return {@link Side#SERVER} for {@link CaptureReplay#asServer}, {@link Side#CLIENT} for {@link
     *     CaptureReplay#asClient}
     */
    public Side role() {
        return role;
    }

    /**
     * Returns what the recorded side sent: the bytes the protocol should have written.
     *
     * @return a copy
     */
    public byte[] expected() {
        return expected.clone();
    }

    /**
     * Returns what the protocol wrote, up to the end of the replay.
     *
     * @return a copy
     */
    public byte[] actual() {
        return actual.clone();
    }

    /**
     * Tells whether the protocol closed or aborted the connection itself.
     *
     * @return {@code true} if it called {@code loseConnection} or {@code abortConnection}
     */
    public boolean closedByProtocol() {
        return closedByProtocol;
    }

    /**
     * Tells whether the protocol's {@code connectionLost} ran.
     *
     * @return {@code true} if the connection ended during the replay
     */
    public boolean connectionLost() {
        return connectionLost;
    }

    /**
     * Tells whether the protocol wrote exactly the recorded bytes.
     *
     * @return {@code true} on a match
     */
    public boolean matches() {
        return ByteDiff.firstDifference(expected, actual) < 0;
    }

    /**
     * Returns the offset of the first byte that differs.
     *
     * @return the offset, or -1 on a match
     */
    public int mismatchOffset() {
        return ByteDiff.firstDifference(expected, actual);
    }

    /**
     * Describes the outcome: a match, or where and how the bytes differ.
     *
     * @return for example {@code connection #2, replayed to a server: s>c differs at byte 7: …}, with
     *     two more lines of hexadecimal on a mismatch
     */
    public String describe() {
        String who = "connection #" + connection + ", replayed to a " + name(role) + ": " + role.arrow();
        if (matches()) {
            return who + " matches the recording (" + expected.length + " bytes)";
        }
        return who + " " + ByteDiff.explain(expected, actual);
    }

    /**
     * Throws unless the protocol wrote exactly the recorded bytes.
     *
     * @return this result, for chaining
     * @throws AssertionError naming the connection, the offset and both sides around it
     */
    public ReplayResult assertMatches() {
        if (!matches()) {
            throw new AssertionError(describe());
        }
        return this;
    }

    /**
     * Describes the outcome.
     *
     * @return {@link #describe()}
     */
    @Override
    public String toString() {
        return describe();
    }

    private static String name(Side side) {
        return side == Side.SERVER ? "server" : "client";
    }
}
