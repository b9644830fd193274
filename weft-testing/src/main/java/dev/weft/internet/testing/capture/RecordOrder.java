package dev.weft.internet.testing.capture;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Checks that records come in an order a capture can hold, one record at a time: each connection is opened once, by its
 * first record, its times never decrease, and no leg sends data or half-closes after its own close. {@link
 * CaptureReader} uses it, so {@link Capture#read} and the commands read a file alike. Times are compared within a
 * connection only: weft's writers keep them in order across the file too, but a file written through {@link
 * CaptureWriter} with a clock per connection replays the same. Records of unknown types are not checked. Holds a few
 * bytes per connection; confined to one thread.
 */
final class RecordOrder {
    private static final int CLIENT_CLOSED = 1;
    private static final int SERVER_CLOSED = 2;

    /** What is known of a connection opened: its latest time, and which of its legs have closed. */
    private static final class State {
        long micros;
        int closed;
    }

    private final Map<Integer, State> connections = new HashMap<>();

    /** Returns what is wrong with {@code r} coming next, as words, or null; then takes it in. */
    @Nullable
    String check(CaptureRecord r) {
        if (r instanceof UnknownRecord) {
            return null;
        }
        int id = r.connection();
        State state = connections.get(id);
        if (r instanceof OpenRecord) {
            if (state != null) {
                return "it opens connection #" + id + " a second time, but each connection is opened once (were two"
                        + " captures joined?)";
            }
            state = new State();
            state.micros = r.micros();
            connections.put(id, state);
            return null;
        }
        if (state == null) {
            return "it is a " + name(r) + " record of connection #" + id + ", which no open record began before it";
        }
        if (r.micros() < state.micros) {
            return "its time, " + r.micros() + " µs, is before that of connection #" + id + "'s previous record, "
                    + state.micros + " µs, but times never decrease";
        }
        state.micros = r.micros();
        Side side = r instanceof DataRecord d
                ? d.from()
                : r instanceof HalfCloseRecord h ? h.from() : r instanceof CloseRecord c ? c.side() : null;
        if (side == null) {
            return null;
        }
        int bit = side == Side.CLIENT ? CLIENT_CLOSED : SERVER_CLOSED;
        if (r instanceof CloseRecord) {
            state.closed |= bit;
        } else if ((state.closed & bit) != 0) {
            return "it is " + (r instanceof DataRecord ? "data from" : "a half-close of") + " the "
                    + side.name().toLowerCase(Locale.ROOT) + " of connection #" + id + " after that leg's close";
        }
        return null;
    }

    private static String name(CaptureRecord r) {
        return switch (r.type()) {
            case CaptureRecord.CONNECTED -> "connected";
            case CaptureRecord.DATA -> "data";
            case CaptureRecord.HALF_CLOSE -> "half-close";
            case CaptureRecord.CLOSE -> "close";
            case CaptureRecord.FAULT -> "fault";
            default -> "type " + r.type();
        };
    }
}
