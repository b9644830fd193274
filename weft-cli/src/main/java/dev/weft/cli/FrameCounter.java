package dev.weft.cli;

import dev.weft.internal.json.JsonObject;
import dev.weft.internet.Protocol;
import dev.weft.internet.testing.StringTransport;
import dev.weft.protocols.basic.IntNStringReceiver;
import dev.weft.protocols.basic.LineReceiver;
import dev.weft.protocols.basic.NetstringReceiver;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Counts the frames of one {@code sink --frames} connection by feeding a copy of its bytes to weft's
 * receiver for the framing (which never touches the real connection: its transport is a private
 * {@link StringTransport}). A frame longer than {@value #MAX_FRAME} bytes, or malformed input, ends the
 * counting with an error; the sink keeps every byte regardless.
 *
 * <p>Confined to the reactor thread until the connection is lost; then read by the reporter.
 */
final class FrameCounter {
    /** The longest frame counted: 16 MiB. */
    static final int MAX_FRAME = 16 << 20;

    private final FrameFormat format;
    private final Protocol receiver;
    private int[] lengths = new int[64];
    private int count;
    private long fed;
    private long framed;
    private @Nullable String error;

    FrameCounter(FrameFormat format) {
        this.format = format;
        this.receiver = switch (format) {
            case LINES -> new Lines();
            case NETSTRING -> new Netstrings();
            default -> new Strings(format.prefixLength);
        };
        receiver.makeConnection(new StringTransport());
    }

    /** Feeds bytes the connection received; the array is handed over. */
    void feed(byte[] data) {
        if (error != null) {
            return;
        }
        fed += data.length;
        receiver.dataReceived(data);
        if (receiver instanceof NetstringReceiver n && n.isBrokenPeer() && error == null) {
            Throwable parseError = n.parseError();
            String why = parseError == null ? "?" : String.valueOf(parseError.getMessage());
            error = why.startsWith("malformed netstring") ? why : "malformed netstring: " + why;
        }
    }

    /** Returns the summary of the report line: {@code 3 frames (lines)}, and the error if any. */
    String words() {
        String words = Units.plural(count, "frame") + " (" + format.key + ")";
        if (error != null) {
            return words + ", then " + error;
        }
        return fed > framed ? words + ", then " + Units.bytes(fed - framed) + " of an unfinished frame" : words;
    }

    /** Adds the frame count, lengths and any error to a JSON report. */
    void addTo(JsonObject json) {
        json.put("frames", count).put("frame_lengths", lengths, count);
        if (error != null) {
            json.put("frames_error", error);
        } else if (fed > framed) {
            json.put("frames_unfinished_bytes", fed - framed);
        }
    }

    int count() {
        return count;
    }

    private void counted(int length) {
        if (count == lengths.length) {
            lengths = Arrays.copyOf(lengths, count * 2);
        }
        lengths[count++] = length;
        framed += length
                + switch (format) {
                    case LINES -> 2;
                    case NETSTRING -> Integer.toString(length).length() + 2;
                    default -> format.prefixLength;
                };
    }

    private final class Lines extends LineReceiver {
        Lines() {
            setMaxLength(MAX_FRAME);
        }

        @Override
        public void lineReceived(byte[] line) {
            counted(line.length);
        }

        @Override
        public void lineLengthExceeded(byte[] line) {
            error = "a line longer than " + MAX_FRAME + " bytes; counting stopped";
        }
    }

    private final class Strings extends IntNStringReceiver {
        Strings(int prefixLength) {
            super(prefixLength);
            setMaxLength(MAX_FRAME);
        }

        @Override
        public void stringReceived(byte[] string) {
            counted(string.length);
        }

        @Override
        public void lengthLimitExceeded(long length) {
            error = "a length prefix of " + length + " (over " + MAX_FRAME + "); counting stopped";
        }
    }

    private final class Netstrings extends NetstringReceiver {
        Netstrings() {
            setMaxLength(MAX_FRAME);
        }

        @Override
        public void stringReceived(byte[] string) {
            counted(string.length);
        }
    }
}
