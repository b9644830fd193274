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

    FramingInputStream(InputStream in, FrameFormat format) {
        this.in = new java.io.BufferedInputStream(in);
        this.format = format;
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
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            line.write(c);
        }
        if (c < 0) {
            eof = true;
            if (line.size() == 0) {
                return false;
            }
        }
        byte[] payload = line.toByteArray();
        line.reset();
        int length = payload.length;
        if (length > 0 && payload[length - 1] == '\r') {
            payload = java.util.Arrays.copyOf(payload, length - 1);
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
