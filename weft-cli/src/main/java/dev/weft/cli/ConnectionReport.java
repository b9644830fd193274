package dev.weft.cli;

import dev.weft.internal.json.JsonObject;
import org.jspecify.annotations.Nullable;

/**
 * Describes one connection {@code sink} accounted for: what a report line and a JSON object print.
 *
 * @param seq the connection's number, from 1, in the order the sink accepted them
 * @param peer the peer's address as text, for example {@code 127.0.0.1:53422}
 * @param bytes how many bytes arrived (all of them are kept)
 * @param nanos how long the connection was open, from {@code connectionMade} to {@code connectionLost}
 * @param outcome how it ended
 * @param reason the close reason in words: the message of the {@code Failure}, or the limit
 * @param file where its bytes were saved, or null without {@code --out}
 * @param fileError why they could not be saved, or null
 * @param frames the frames counted with {@code --frames}, or null without it
 * @param tls the connection's TLS version and cipher (or why TLS failed), or null for plain TCP
 */
record ConnectionReport(
        int seq,
        String peer,
        long bytes,
        long nanos,
        Outcome outcome,
        String reason,
        @Nullable String file,
        @Nullable String fileError,
        @Nullable FrameCounter frames,
        @Nullable TlsReport tls) {

    ConnectionReport withFile(@Nullable String savedAs, @Nullable String error) {
        return new ConnectionReport(seq, peer, bytes, nanos, outcome, reason, savedAs, error, frames, tls);
    }

    /** Formats the text report line, for example {@code #1 127.0.0.1:53422 11 bytes in 0.004 s (2.7 KiB/s) clean}. */
    String line() {
        StringBuilder line = new StringBuilder()
                .append('#')
                .append(seq)
                .append(' ')
                .append(peer)
                .append(' ')
                .append(Units.bytes(bytes))
                .append(" in ")
                .append(Units.seconds(nanos))
                .append(" (")
                .append(Units.rate(bytes, nanos))
                .append(") ")
                .append(outcome.words);
        if (outcome == Outcome.ERROR || outcome == Outcome.OVER_LIMIT) {
            line.append(": ").append(reason);
        } else if (outcome == Outcome.NO_CLOSE_NOTIFY) {
            line.append(" (").append(Outcome.TRUNCATION).append(')');
        }
        if (tls != null && tls.handshakeDone()) {
            line.append(", ").append(tls.words());
        }
        if (frames != null) {
            line.append(", ").append(frames.words());
        }
        if (file != null) {
            line.append(" -> ").append(file);
        }
        if (fileError != null) {
            line.append(" (not saved: ").append(fileError).append(')');
        }
        return line.toString();
    }

    /** Formats the JSON object of {@code --json}. */
    String json() {
        JsonObject json = new JsonObject()
                .put("event", "connection")
                .put("seq", seq)
                .put("peer", peer)
                .put("bytes", bytes)
                .put("seconds", nanos / 1e9)
                .put("bytes_per_second", Units.bytesPerSecond(bytes, nanos))
                .put("closed", outcome.key)
                .put("reason", reason);
        if (tls != null) {
            tls.addTo(json, "");
        }
        if (frames != null) {
            frames.addTo(json);
        }
        if (file != null) {
            json.put("file", file);
        }
        if (fileError != null) {
            json.put("file_error", fileError);
        }
        return json.toString();
    }
}
