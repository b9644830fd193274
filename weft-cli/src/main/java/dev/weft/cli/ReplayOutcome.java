package dev.weft.cli;

import dev.weft.internal.json.JsonObject;
import dev.weft.internet.testing.capture.ByteDiff;
import dev.weft.internet.testing.capture.RecordedConnection;
import dev.weft.internet.testing.capture.Side;

/**
 * Is the verdict on one replayed connection: what the live peer sent against what the recorded peer
 * sent, as a report line and as JSON. Immutable; thread-safe.
 *
 * @param connection the recorded connection's id
 * @param compared the side whose bytes are compared (the live peer's)
 * @param expected what the recorded peer sent
 * @param got what the live peer sent
 * @param sent how many recorded bytes this side wrote
 * @param close how the connection ended, in words
 * @param timedOut whether the idle timeout ended it
 * @param timeout the idle timeout, in seconds
 * @param awaited what the replay waited for when the idle timeout ended it, in words; empty otherwise
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
        String awaited) {

    static ReplayOutcome of(RecordedConnection c, Side compared, ReplayPeerProtocol.Result result, double timeout) {
        String close = Outcome.of(result.reason()).words;
        return new ReplayOutcome(
                c.id(),
                compared,
                c.bytes(compared),
                result.received(),
                result.sent(),
                close,
                result.timedOut(),
                timeout,
                result.awaited());
    }

    boolean matches() {
        return ByteDiff.firstDifference(expected, got) < 0;
    }

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
        if (matches()) {
            return "#" + connection + " matches: sent " + Units.bytes(sent) + ", received " + Units.bytes(got.length)
                    + " (" + compared.arrow() + ") as recorded" + silent;
        }
        return "#" + connection + " " + ByteDiff.summary(expected, got) + " (" + compared.arrow() + ": recorded "
                + Units.bytes(expected.length) + ", got " + got.length + ")" + silent;
    }

    JsonObject json() {
        int offset = ByteDiff.firstDifference(expected, got);
        JsonObject json = new JsonObject()
                .put("connection", connection)
                .put("matches", offset < 0)
                .put("direction", compared.arrow())
                .put("sent", sent)
                .put("expectedBytes", expected.length)
                .put("receivedBytes", got.length)
                .put("offset", offset);
        if (offset >= 0) {
            json.put("expected", ByteDiff.window(expected, offset)).put("got", ByteDiff.window(got, offset));
        }
        return json.put("close", close).put("timedOut", timedOut);
    }
}
