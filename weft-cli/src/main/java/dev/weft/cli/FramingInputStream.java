package dev.weft.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Turns input into frames for {@code send --frames}: each line (ended by LF, a CR before it dropped; a
 * last line without LF counts too) becomes one frame of the chosen {@link FrameFormat}.
 *
 * <p>Confined to the thread that reads it.
 */
final class FramingInputStream extends InputStream {
    private final InputStream in;
    private final FrameFormat format;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private byte[] pending = new byte[0];
    private int offset;
    private boolean eof;
    private final long mostHeld;

    FramingInputStream(InputStream in, FrameFormat format) {
        this(in, format, FrameFormat.MOST_HELD);
    }

    /** As above, holding lines of at most {@code mostHeld} bytes (tests). */
    FramingInputStream(InputStream in, FrameFormat format, long mostHeld) {
        this.in = new java.io.BufferedInputStream(in);
        this.format = format;
        this.mostHeld = mostHeld;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (offset == pending.length) {
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(len, pending.length - offset);
        System.arraycopy(pending, offset, b, off, n);
        offset += n;
        return n;
    }

    /** Frames the next line; false at the end of the input. */
    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        // A line longer than the framing takes is counted to its end, not held, then refused with its length.
        long most = format.longestPayload(mostHeld);
        long length = 0;
        int last = -1;
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (length <= most) {
                line.write(c);
            }
            last = c;
            length++;
        }
        if (c < 0) {
            eof = true;
            if (length == 0) {
                return false;
            }
        }
        long payloadLength = last == '\r' ? length - 1 : length;
        if (payloadLength > most) {
            line.reset();
            throw format.tooLong(payloadLength, mostHeld);
        }
        byte[] payload = line.toByteArray();
        line.reset();
        if (payload.length > payloadLength) {
            payload = java.util.Arrays.copyOf(payload, (int) payloadLength); // the CR before the LF
        }
        pending = format.frame(payload);
        offset = 0;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
