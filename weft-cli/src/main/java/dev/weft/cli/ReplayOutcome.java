package dev.weft.cli;

import dev.weft.internal.json.JsonObject;
import dev.weft.internet.testing.capture.ByteDiff;
import dev.weft.internet.testing.capture.RecordedConnection;
import dev.weft.internet.testing.capture.Side;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Is the verdict on one replayed connection: what the live peer sent against what the recorded peer
 * sent, outside what {@code --ignore} matches, and how it ended its side against how the recorded peer did
 * ({@code ReplayResult.endMatches}), as report lines and as JSON. Immutable; thread-safe.
 *
 * @param connection the recorded connection's id
 * @param compared the side whose bytes are compared (the live peer's)
 * @param expected what the recorded peer sent
 * @param got what the live peer sent
 * @param sent how many recorded bytes this side wrote
 * @param close how the connection ended, as the sink's JSON names it ({@code clean}, {@code reset}, ...)
 * @param timedOut whether the idle timeout ended it
 * @param timeout the idle timeout, in seconds
 * @param awaited what the replay waited for when the idle timeout ended it, in words; empty otherwise
 * @param holding what the replay was holding for want of the peer's bytes at its end, in words; empty if nothing
 * @param endDifference how the peer's end differed from the recorded peer's, in words; empty if it did not
 * @param ignore what the comparison ignores ({@code --ignore})
 */
record ReplayOutcome(
        int connection,
        Side compared,
        byte[] expected,
        byte[] got,
        long sent,
        String close,
        boolean timedOut,
        double timeout,
        String awaited,
        String holding,
        String endDifference,
        List<Pattern> ignore) {

    static ReplayOutcome of(
            RecordedConnection c,
            Side compared,
            ReplayPeerProtocol.Result result,
            double timeout,
            List<Pattern> ignore) {
        String close = Outcome.of(result.reason()).key;
        byte[] got = result.received();
        return new ReplayOutcome(
                c.id(),
                compared,
                c.sentExactly(compared, got) ? got : c.bytes(compared), // a copy only to show a difference
                got,
                result.sent(),
                close,
                result.timedOut(),
                timeout,
                result.awaited(),
                result.holding(),
                result.endDifference(),
                ignore);
    }

    private ByteDiff.@Nullable Difference difference() {
        if (expected == got) {
            return null; // the live bytes were the recorded ones (of)
        }
        return ByteDiff.firstDifference(expected, got, ignore);
    }

    /** Tells whether the bytes and the end are as recorded. */
    boolean matches() {
        return difference() == null && endDifference.isEmpty();
    }

    /**
     * The report: one line for a match; for bytes that differ, the line, the bytes around it on both sides (as Java's
     * {@code ReplayResult.describe()} shows them), how the end differed too, and what the replay was holding back, if
     * anything; for an end that differs after the recorded bytes, one line naming both ends.
     */
    String line() {
        String who = compared == Side.SERVER ? "server" : "client";
        String silent = "";
        if (timedOut) {
            String limit = Units.seconds((long) (timeout * 1e9));
            silent = awaited.isEmpty()
                    ? "; the " + who + " sent nothing for " + limit
                            + " while awaited, so the replay gave up (--timeout)"
                    : "; the replay waited " + limit + " for " + awaited + ", and gave up (--timeout)";
        }
        String ignoring = ignore.isEmpty()
                ? ""
                : ", ignoring " + ByteDiff.ignoredRuns(expected, ignore) + " recorded and "
                        + ByteDiff.ignoredRuns(got, ignore) + " received runs";
        ByteDiff.Difference d = difference();
        String counts = "sent " + Units.bytes(sent) + ", received " + Units.bytes(got.length);
        if (d == null && endDifference.isEmpty()) {
            return "#" + connection + " matches: " + counts + " (" + compared.arrow() + ") as recorded" + ignoring
                    + silent;
        }
        if (d == null) {
            return "#" + connection + " differs at its end: " + endDifference + " (" + compared.arrow() + ": " + counts
                    + " as recorded" + ignoring + ")" + silent
                    + (holding.isEmpty() ? "" : "\n  the replay was holding " + holding);
        }
        return "#" + connection + " " + ByteDiff.summary(expected, got, ignore) + " (" + compared.arrow()
                + ": recorded " + Units.bytes(expected.length) + ", got " + got.length + ignoring + ")" + silent
                + ByteDiff.windows(expected, got, d)
                + (endDifference.isEmpty() ? "" : "\n  the end differs too: " + endDifference)
                + (holding.isEmpty() ? "" : "\n  the replay was holding " + holding);
    }

    /**
     * The {@code --json} line: {@code "event":"connection"} and the connection's {@code seq}, as sink, tap and dump
     * name theirs, then the verdict in snake_case keys: {@code matches} for the bytes and the end, {@code offset} -1
     * when the bytes match, {@code end_matches}, and {@code end} telling how the end differed.
     */
    JsonObject json() {
        ByteDiff.Difference d = difference();
        JsonObject json = new JsonObject()
                .put("event", "connection")
                .put("seq", connection)
                .put("matches", d == null && endDifference.isEmpty())
                .put("direction", compared.arrow())
                .put("sent", sent)
                .put("expected_bytes", expected.length)
                .put("received_bytes", got.length)
                .put("offset", d == null ? -1 : d.expectedOffset());
        if (d != null) {
            json.put("received_offset", d.actualOffset())
                    .put("expected", ByteDiff.window(expected, d.expectedOffset()))
                    .put("got", ByteDiff.window(got, d.actualOffset()));
        }
        if (!ignore.isEmpty()) {
            json.put(
                    "ignored_runs",
                    new JsonObject()
                            .put("expected", ByteDiff.ignoredRuns(expected, ignore))
                            .put("received", ByteDiff.ignoredRuns(got, ignore)));
        }
        if (!holding.isEmpty()) {
            json.put("holding", holding);
        }
        json.put("end_matches", endDifference.isEmpty());
        if (!endDifference.isEmpty()) {
            json.put("end", endDifference);
        }
        return json.put("closed", close).put("timed_out", timedOut);
    }
}
