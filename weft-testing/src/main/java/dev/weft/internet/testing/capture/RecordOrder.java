package dev.weft.internet.testing.capture;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Checks that records come in an order a capture can hold, one record at a time: each has a connection id of 1 or more
 * and a time that is not negative; each connection is opened once, by its first record, and its times never decrease;
 * each leg closes once, and no side sends data or half-closes after its own half-close (its FIN) or its leg's close.
 * {@link CaptureReader} uses it, so {@link Capture#read} and the commands read a file alike, and so does {@link
 * Capture}'s constructor. Times are compared within a connection only: weft's writers keep them in order across the
 * file too, but a file written through {@link CaptureWriter} with a clock per connection replays the same. Records of
 * unknown types are not checked. Holds a few bytes per connection; confined to one thread.
 */
final class RecordOrder {
    private static final int CLIENT_CLOSED = 1;
    private static final int SERVER_CLOSED = 2;
    private static final int CLIENT_FINISHED = 4;
    private static final int SERVER_FINISHED = 8;

    /** What is known of a connection opened: its latest time, and which legs have closed and sides half-closed. */
    private static final class State {
        long micros;
        int ended;
    }

    private final Map<Integer, State> connections = new HashMap<>();

    /** Returns what is wrong with {@code r} coming next, as words, or null; then takes it in. */
    @Nullable
    String check(CaptureRecord r) {
        if (r.connection() <= 0) {
            return "its connection id, " + r.connection() + ", is not 1 or more";
        }
        if (r.micros() < 0) {
            return "its time, " + r.micros() + " µs, is negative";
        }
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
        String who = side.name().toLowerCase(Locale.ROOT);
        int closed = side == Side.CLIENT ? CLIENT_CLOSED : SERVER_CLOSED;
        int finished = side == Side.CLIENT ? CLIENT_FINISHED : SERVER_FINISHED;
        if (r instanceof CloseRecord) {
            if ((state.ended & closed) != 0) {
                return "it is a second close of the " + who + " leg of connection #" + id + ", after that leg's close,"
                        + " but each leg closes once";
            }
            state.ended |= closed;
            return null;
        }
        String what = r instanceof DataRecord ? "data from" : "a half-close of";
        if ((state.ended & closed) != 0) {
            return "it is " + what + " the " + who + " of connection #" + id + " after that leg's close";
        }
        if ((state.ended & finished) != 0) {
            return "it is " + (r instanceof DataRecord ? what : "a second half-close of") + " the " + who
                    + " of connection #" + id + " after that side's half-close, but a side sends nothing after its"
                    + " FIN";
        }
        if (r instanceof HalfCloseRecord) {
            state.ended |= finished;
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
