package dev.weft.bench.sink;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One case of the sink benchmark, as {@code run-sink-bench.sh} records it: a server, a workload, and what the server
 * and the load generator reported.
 *
 * <p>Immutable; thread-safe.
 *
 * @param server the server's name
 * @param workload the workload's name (W1..W4, Q1..Q4, or a spec)
 * @param spec {@code conns:bytes:chunk:parallel[:nodelay]}
 * @param ok whether the case passed every check
 * @param reason why it failed, empty if it passed
 * @param seconds the server's clock: first accept to the last connection checked
 * @param bytes the bytes the server accumulated
 * @param connections the connections the server saw end
 * @param peakRssKb the server's peak RSS, -1 if unknown
 * @param cpuSeconds the server's CPU time (user + system), -1 if unknown
 * @param clientMbPerSecond the load generator's own rate
 * @param verifySeconds how much of {@code seconds} the server spent checking bytes, -1 if unknown
 */
record SinkRun(
        String server,
        String workload,
        String spec,
        boolean ok,
        String reason,
        double seconds,
        double bytes,
        double connections,
        double peakRssKb,
        double cpuSeconds,
        double clientMbPerSecond,
        double verifySeconds) {

    /** Returns how many connections the spec runs. */
    long specConnections() {
        return size(spec.split(":")[0]);
    }

    /** Returns the bytes per connection of the spec. */
    long specBytes() {
        return size(spec.split(":")[1]);
    }

    /** Returns the bytes the server holds at most: in-flight connections times bytes per connection. */
    long heldBytes() {
        return Math.min(size(spec.split(":")[3]), specConnections()) * specBytes();
    }

    /** Tells whether the workload is about connection rate (many small connections) rather than bytes. */
    boolean rateWorkload() {
        return specConnections() >= 1000;
    }

    /** Returns MB/s (10^6 bytes) on the server's clock. */
    double mbPerSecond() {
        return bytes / seconds / 1e6;
    }

    /** Returns connections per second on the server's clock. */
    double connectionsPerSecond() {
        return connections / seconds;
    }

    /** Returns the workload's headline figure: connections/s or MB/s. */
    double headline() {
        return rateWorkload() ? connectionsPerSecond() : mbPerSecond();
    }

    /**
     * Returns the headline figure without the time spent checking the bytes (the CRC), or -1 if the server did not
     * report that time: what receiving alone achieved.
     */
    double receiveHeadline() {
        if (verifySeconds < 0 || verifySeconds >= seconds) {
            return -1;
        }
        double t = seconds - verifySeconds;
        return rateWorkload() ? connections / t : bytes / t / 1e6;
    }

    /**
     * Builds a run from one raw record, checking what the sink benchmark's contract requires.
     *
     * @throws IllegalArgumentException if the record lacks the fields every record has
     */
    static SinkRun of(Map<?, ?> r) {
        String server = str(r.get("server"));
        String workload = str(r.get("workload"));
        String spec = str(r.get("spec"));
        boolean ok = "ok".equals(r.get("status"));
        StringBuilder reason = new StringBuilder(str(r.get("reason")));
        Map<?, ?> srv = r.get("srv") instanceof Map<?, ?> m ? m : Map.of();
        Map<?, ?> lg = r.get("lg") instanceof Map<?, ?> m ? m : Map.of();
        SinkRun partial = new SinkRun(
                server,
                workload,
                spec,
                ok,
                "",
                num(srv.get("seconds")),
                num(srv.get("bytes")),
                num(srv.get("connections")),
                num(srv.get("peak_rss_kb")),
                num(srv.get("cpu_seconds")),
                num(lg.get("mb_per_s")),
                num(srv.get("verify_seconds")));
        if (ok) {
            long conns = partial.specConnections();
            if (partial.connections() != conns) {
                reason.append("connections ")
                        .append(srv.get("connections"))
                        .append(" != ")
                        .append(conns);
            } else if (partial.bytes() != (double) conns * partial.specBytes()) {
                reason.append("bytes ").append(srv.get("bytes")).append(" != ").append(conns * partial.specBytes());
            } else if (!Boolean.TRUE.equals(srv.get("crc_ok"))) {
                reason.append("crc_ok is not true");
            } else if (num(lg.get("errors")) != 0) {
                reason.append("load generator errors: ").append(lg.get("error"));
            } else if (!(partial.seconds() > 0)) {
                reason.append("no server time");
            }
            ok = reason.length() == 0;
        }
        return partial.withVerdict(ok, reason.toString());
    }

    private SinkRun withVerdict(boolean passed, String why) {
        return new SinkRun(
                server,
                workload,
                spec,
                passed,
                why,
                seconds,
                bytes,
                connections,
                peakRssKb,
                cpuSeconds,
                clientMbPerSecond,
                verifySeconds);
    }

    private static String str(@Nullable Object o) {
        return o == null ? "" : o.toString();
    }

    private static double num(@Nullable Object o) {
        return o instanceof Number n ? n.doubleValue() : -1;
    }

    /** Parses a size with an optional binary K/M/G suffix. */
    static long size(String s) {
        String t = s.trim();
        char last = Character.toUpperCase(t.charAt(t.length() - 1));
        long mult = switch (last) {
            case 'K' -> 1L << 10;
            case 'M' -> 1L << 20;
            case 'G' -> 1L << 30;
            default -> 1;
        };
        String digits = mult == 1 ? t : t.substring(0, t.length() - 1);
        return (long) (Double.parseDouble(digits) * mult);
    }
}
