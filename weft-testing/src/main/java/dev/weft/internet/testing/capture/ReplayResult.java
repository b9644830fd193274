package dev.weft.internet.testing.capture;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Tells how a protocol answered a replayed connection: the expected bytes, what it wrote, and whether it closed. For
 * a live peer ({@link LiveReplay#result}) it also tells whether the peer ended its side as the recorded peer did (an
 * end of stream, a reset, or not before the replayed side's close: {@link #endMatches()}), and what the replay was
 * holding back for want of the peer's bytes. Immutable and thread-safe
 * (returned arrays are copies).
 *
 * <p>Bytes that legitimately change between runs (a {@code Date} header, a {@code Host} header carrying a port) can be
 * left out of the comparison with {@link #ignoring}: each run of bytes that a pattern matches, on either side, counts
 * as one placeholder equal to any other, whatever its length, and a difference is reported at its offsets into the
 * real bytes ({@link ByteDiff} tells the rule).
 *
 * <pre>{@code
 * connection.replayResult().ignoring(Pattern.compile("(?m)^(Host|Date): .*$")).assertMatches();
 * }</pre>
 */
public final class ReplayResult {
    private final int connection;
    private final Side role;
    private final byte[] expected;
    private final byte[] actual;
    private final boolean closedByProtocol;
    private final boolean connectionLost;
    /**
     * How the recorded peer ended its side after its last byte ("half-closed", "closed", "reset"); null when it did not
     * or that is not compared (an in-memory replay).
     */
    private final @Nullable String expectedEnd;
    /** How the live peer's end differs from the recorded peer's, in words; empty when it does not. */
    private final String endDifference;
    /** What the replay was holding for want of the peer's bytes, in words, or empty. */
    private final String holding;
    /** What the comparison ignores. */
    private final List<Pattern> ignore;
    /** The first difference, computed once (a scan of both sides); {@link #NONE} for none. */
    private volatile ByteDiff.@Nullable Difference difference;

    private static final ByteDiff.Difference NONE = new ByteDiff.Difference(-1, -1);

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
        this(
                connection,
                role,
                expected,
                actual,
                closedByProtocol,
                connectionLost,
                expectedEnd,
                notEnded(role, expected.length, closedByProtocol, connectionLost, expectedEnd),
                "",
                List.of());
    }

    ReplayResult(
            int connection,
            Side role,
            byte[] expected,
            byte[] actual,
            boolean closedByProtocol,
            boolean connectionLost,
            @Nullable String expectedEnd,
            String endDifference,
            String holding,
            List<Pattern> ignore) {
        this.connection = connection;
        this.role = role;
        this.expected = expected;
        this.actual = actual;
        this.closedByProtocol = closedByProtocol;
        this.connectionLost = connectionLost;
        this.expectedEnd = expectedEnd;
        this.endDifference = endDifference;
        this.holding = holding;
        this.ignore = List.copyOf(ignore);
    }

    /**
     * Returns this result comparing with what {@code patterns} match ignored, in addition to what this one ignores:
     * both sides are read as ISO-8859-1 (one char per byte), each run of bytes inside a match on either side counts
     * as one placeholder equal to any other whatever the two lengths, and a difference names its offset into each
     * side's real bytes. Give {@code (?m)} for {@code ^} and {@code $} at line ends; {@code .} stops before {@code
     * \r}. The replay's pacing is not changed: give the patterns to the replay itself (weft-fixture's {@code
     * Script.ignoring}, {@code weft replay --ignore}) for that.
     */
    public ReplayResult ignoring(Pattern... patterns) {
        List<Pattern> all = new ArrayList<>(ignore);
        for (Pattern p : patterns) {
            all.add(Objects.requireNonNull(p, "ignoring: a pattern is null"));
        }
        return new ReplayResult(
                connection,
                role,
                expected,
                actual,
                closedByProtocol,
                connectionLost,
                expectedEnd,
                endDifference,
                holding,
                all);
    }

    /** {@return the patterns whose matches the comparison ignores, in the order given} */
    public List<Pattern> ignored() {
        return ignore;
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
        return difference() == null && endMatches();
    }

    /**
     * {@return whether everything the peer has sent so far is as recorded: what came is the recording's beginning,
     * whatever is still to come and whether it ended its side; for an open connection (a pooled or keep-alive client)}
     * A last run of bytes that an ignored pattern may still match once more bytes come counts as matching so far
     * when it is the recording's beginning there.
     */
    public boolean matchesSoFar() {
        ByteDiff.Difference d = difference();
        if (d == null || d.actualOffset() >= actual.length) {
            return true;
        }
        int e = d.expectedOffset();
        int rest = actual.length - d.actualOffset();
        return !ignore.isEmpty()
                && e + rest <= expected.length
                && java.util.Arrays.equals(
                        actual, d.actualOffset(), actual.length, expected, e, e + rest); // a match not yet complete
    }

    /**
     * Throws an {@link AssertionError} unless {@link #matchesSoFar()}, naming the first differing byte (and what the
     * replay was holding); returns this. For a connection still open: {@code
     * server.takeOpenConnection(timeout).replayResult().assertMatchesSoFar()}.
     */
    public ReplayResult assertMatchesSoFar() {
        if (!matchesSoFar()) {
            throw new AssertionError(describe());
        }
        return this;
    }

    /**
     * {@return whether a live peer ended its side as the recorded peer did, {@link #endDifference()} telling how not:
     * false if the recorded peer half-closed or closed after its last byte and the live peer has not ended its side
     * (it keeps it open, or the connection was lost without it) or reset the connection; if the recorded peer reset
     * and the live one ended its side with an end of stream, or has not reset; if the recorded peer had not ended its
     * side when the replayed side closed or reset, and the live peer ended its side or reset before the replay did.
     * True otherwise: a half-close and a close match each other (an end of stream does not tell them apart), an end
     * the replay could not see because it closed first as recorded is not held against the peer, nor is any end when
     * the recording has none from either side; and always for an in-memory replay}
     */
    public boolean endMatches() {
        return endDifference.isEmpty();
    }

    /**
     * {@return how a live peer's end differs from the recorded peer's, e.g. {@code the client reset the connection;
     * the recorded client half-closed after its 6 bytes}; empty when {@link #endMatches()}}
     */
    public String endDifference() {
        return endDifference;
    }

    /** Words for a peer that has not ended its side where the recorded one did, for results built without them. */
    private static String notEnded(
            Side role, int expectedBytes, boolean ended, boolean lost, @Nullable String expectedEnd) {
        if (expectedEnd == null || ended) {
            return "";
        }
        String peer = "the " + name(role);
        return (lost ? "the connection was lost before " + peer + " ended its side" : peer + " has not ended its side")
                + "; the recorded " + name(role) + " " + expectedEnd + " after its " + ByteDiff.bytes(expectedBytes);
    }

    /**
     * {@return the offset into the expected bytes of the first difference (the actual side's offset differs by what
     * ignored runs of different lengths before it shift: see {@link #difference()}), or -1 when the bytes match}
     */
    public int mismatchOffset() {
        ByteDiff.Difference d = difference();
        return d == null ? -1 : d.expectedOffset();
    }

    /** {@return where the bytes first differ outside what is ignored, as an offset into each side, or null} */
    public ByteDiff.@Nullable Difference difference() {
        ByteDiff.Difference d = difference;
        if (d == null) {
            d = ByteDiff.firstDifference(expected, actual, ignore);
            difference = d == null ? NONE : d;
        }
        return d == NONE ? null : d;
    }

    /**
     * {@return what a live replay was holding back when the peer ended its side or the connection was lost (or now,
     * if it is still open) because the peer had sent fewer bytes than the recorded peer had before it, e.g. {@code
     * the server's reply #2 (48 bytes) until 6 more bytes came from the client (recorded: the client sent 15 bytes
     * before it)}; empty if nothing}
     */
    public String holding() {
        return holding;
    }

    /**
     * {@return a match, or where the bytes differ with hexadecimal around it; for a live peer, also where it ended its
     * side if that differs from the recording}
     */
    public String describe() {
        String who = "connection #" + connection + ", replayed to a " + name(role) + ": " + role.arrow();
        String peer = "the " + name(role);
        String recorded =
                "the recorded " + name(role) + " " + expectedEnd + " after its " + ByteDiff.bytes(expected.length);
        String ignoring = ignore.isEmpty()
                ? ""
                : "; ignoring " + ByteDiff.ignoredRuns(expected, ignore) + " recorded and "
                        + ByteDiff.ignoredRuns(actual, ignore) + " received runs matching "
                        + ignore.stream().map(Pattern::pattern).collect(Collectors.joining(" or "));
        if (matches()) {
            return who + " matches the recording (" + ByteDiff.bytes(expected.length) + ignoring + ")";
        }
        String held = holding.isEmpty() ? "" : "\n  the replay was holding " + holding;
        ByteDiff.Difference d = difference();
        if (d == null) {
            String end = endDifference.startsWith(peer + " ")
                    ? endDifference.substring(peer.length() + 1) // "but has not ended its side"
                    : endDifference;
            return who + " " + peer + " sent the recorded " + ByteDiff.bytes(expected.length) + " but " + end + held
                    + (ignoring.isEmpty() ? "" : "\n  " + ignoring.substring(2));
        }
        String bytes = who + " " + ByteDiff.explain(expected, actual, ignore);
        if (expectedEnd != null
                && closedByProtocol
                && ByteDiff.units(actual, ignore) < ByteDiff.units(expected, ignore)) {
            bytes += "\n  " + peer + " ended its side after " + ByteDiff.bytes(actual.length) + ", early: " + recorded;
        } else if (!endDifference.isEmpty()) {
            bytes += "\n  the end differs too: " + endDifference;
        }
        return bytes + held + (ignoring.isEmpty() ? "" : "\n  " + ignoring.substring(2));
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
