package dev.weft.cli;

import dev.weft.internal.json.JsonObject;
import dev.weft.internet.testing.capture.CaptureRecord;
import dev.weft.internet.testing.capture.CloseRecord;
import dev.weft.internet.testing.capture.ConnectedRecord;
import dev.weft.internet.testing.capture.DataRecord;
import dev.weft.internet.testing.capture.FaultRecord;
import dev.weft.internet.testing.capture.HalfCloseRecord;
import dev.weft.internet.testing.capture.OpenRecord;
import dev.weft.internet.testing.capture.UnknownRecord;
import java.util.Base64;
import java.util.Locale;

/**
 * Renders capture records as the JSON objects of {@code weft dump --json}: one per line, with {@code
 * seconds} since the capture began, {@code seq} (the connection), {@code event} and the record's
 * fields; data records carry every byte, base64-encoded, in {@code data}. A close record's {@code kind} is the one
 * the capture stores, and {@code closed} the label the text prints ({@link CaptureText#closeLabel}): they differ for
 * a TLS leg stored as a reset that was none. Pure; thread-safe.
 */
final class CaptureJson {
    private CaptureJson() {}

    static String line(CaptureRecord record) {
        JsonObject json = new JsonObject().put("seconds", record.micros() / 1e6).put("seq", record.connection());
        if (record instanceof OpenRecord r) {
            json.put("event", "open")
                    .put("client", r.client())
                    .put("listener", r.listener())
                    .put("to", r.target());
        } else if (record instanceof ConnectedRecord r) {
            json.put("event", "connected").put("local", r.local()).put("server", r.server());
        } else if (record instanceof DataRecord r) {
            json.put("event", "data")
                    .put("from", r.from().name().toLowerCase(Locale.ROOT))
                    .put("bytes", r.bytes().length)
                    .put("data", Base64.getEncoder().encodeToString(r.bytes()));
        } else if (record instanceof HalfCloseRecord r) {
            json.put("event", "half-close").put("from", r.from().name().toLowerCase(Locale.ROOT));
        } else if (record instanceof CloseRecord r) {
            json.put("event", "close")
                    .put("side", r.side().name().toLowerCase(Locale.ROOT))
                    .put("kind", r.kind().label())
                    .put("closed", CaptureText.closeLabel(r))
                    .put("by", r.byTap() ? "tap" : "peer")
                    .put("reason", r.reason());
        } else if (record instanceof FaultRecord r) {
            json.put("event", "fault").put("fault", r.fault()).put("effect", r.effect());
        } else if (record instanceof UnknownRecord r) {
            json.put("event", "unknown").put("type", r.type()).put("bytes", r.rest().length);
        }
        return json.toString();
    }
}
