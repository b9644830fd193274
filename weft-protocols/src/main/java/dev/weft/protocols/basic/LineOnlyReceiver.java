package dev.weft.protocols.basic;

import dev.weft.internet.IBufferedProtocol;
import dev.weft.internet.Protocol;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * Twisted's {@code LineOnlyReceiver}: splits the bytes a peer sends into lines, with no raw mode and no
 * pausing. Override {@link #lineReceived(byte[])}; send with {@link #sendLine(byte[])}.
 *
 * <p>Lines end with {@link #delimiter()} ({@code "\r\n"} by default). Each read is cut into all of its
 * complete lines first, then delivered in order; a line longer than {@link #maxLength()} goes to {@link
 * #lineLengthExceeded(byte[])} (which closes the connection unless overridden) and ends the delivery of that
 * read, as does {@code transport().loseConnection()}. A partial line longer than {@link #maxLength()} is
 * reported after each read, and kept. As in Twisted, that partial line includes the start of a delimiter
 * that the read cut in two: a line of exactly {@code maxLength} bytes whose {@code "\r"} and {@code "\n"}
 * arrive in separate reads is reported as too long, while the same bytes in one read are a line; set the
 * maximum a delimiter's length above the longest line you accept, or use {@link LineReceiver}, which
 * waits for the rest of the delimiter. Every array handed to a callback is a fresh copy; arrays given to it
 * are copied. Prefer {@link LineReceiver} when a too-long line must not drop the complete lines after it.
 * Confined to the reactor thread.
 */
public abstract class LineOnlyReceiver extends Protocol implements IBufferedProtocol {
    private static final byte[] CRLF = {'\r', '\n'};

    private final ReceiveBuffer buffer = new ReceiveBuffer();
    private byte[] delimiter = CRLF;
    private int maxLength = LineReceiver.DEFAULT_MAX_LENGTH;
    private int depth;
    /** How many bytes from the buffer's start are known to hold no start of a delimiter. */
    private int scanned;

    private int[] cuts = new int[16];

    /** Creates a receiver with delimiter CR LF and a maximum line length of 16384. */
    protected LineOnlyReceiver() {}

    /** Handles one line, without its delimiter. */
    public abstract void lineReceived(byte[] line);

    /**
     * Handles a line, or a partial line (which stays buffered), longer than {@link #maxLength()}: closes the
     * connection.
     */
    public void lineLengthExceeded(byte[] line) {
        transport().loseConnection();
    }

    /** Writes {@code line} and the delimiter with one {@code writeSequence}. No checks. */
    public void sendLine(byte[] line) {
        transport().writeSequence(List.of(line, delimiter.clone()));
    }

    /** Returns a copy of the delimiter that ends lines. */
    public byte[] delimiter() {
        return delimiter.clone();
    }

    /** Sets the delimiter that ends lines (Twisted's {@code delimiter}), one or more bytes, copied. */
    public void setDelimiter(byte[] delimiter) {
        if (delimiter.length == 0) {
            throw new IllegalArgumentException("the line delimiter must not be empty; use e.g. \"\\r\\n\" or \"\\n\"");
        }
        this.delimiter = delimiter.clone();
        scanned = 0;
    }

    /** Returns the longest line delivered to {@link #lineReceived}. */
    public int maxLength() {
        return maxLength;
    }

    /**
     * Sets the longest line, in bytes (not negative), delivered to {@link #lineReceived} (Twisted's {@code
     * MAX_LENGTH}).
     */
    public void setMaxLength(int maxLength) {
        if (maxLength < 0) {
            throw new IllegalArgumentException("maxLength must be 0 or more, not " + maxLength);
        }
        this.maxLength = maxLength;
    }

    /** Adds {@code data} to the buffered partial line and delivers every complete line. */
    @Override
    public void dataReceived(byte[] data) {
        buffer.append(data, depth > 0);
        parse();
    }

    /** Returns the free end of the receive buffer, for the transport to read into. */
    @Override
    public ByteBuffer getBuffer(int sizeHint) {
        return buffer.writable(sizeHint, depth > 0);
    }

    /** Parses the {@code nbytes} bytes just read into {@link #getBuffer(int)}'s buffer. */
    @Override
    public void bufferUpdated(int nbytes) {
        buffer.commit(nbytes);
        parse();
    }

    /** The receive buffer, for tests of what a connection keeps. */
    ReceiveBuffer receiveBuffer() {
        return buffer;
    }

    private void parse() {
        // Cut the whole read first (the lines live in a local view), then keep only the tail.
        int[] at = depth == 0 ? cuts : new int[4];
        int count = 0;
        byte[] array = buffer.array();
        int start = buffer.start();
        int end = buffer.end();
        int from = start + scanned;
        int cut;
        while ((cut = buffer.indexOf(delimiter, from)) >= 0) {
            if (count == at.length) {
                at = Arrays.copyOf(at, count * 2);
            }
            at[count++] = cut;
            from = cut + delimiter.length;
        }
        if (depth == 0) {
            cuts = at;
        }
        int tail = count == 0 ? start : at[count - 1] + delimiter.length;
        buffer.set(array, tail, end);
        scanned = Math.max(0, end - tail - delimiter.length + 1);
        int dlen = delimiter.length;
        depth++;
        try {
            int lineStart = start;
            for (int i = 0; i < count; i++) {
                if (isConnected() && transport().isDisconnecting()) {
                    return;
                }
                byte[] line = Arrays.copyOfRange(array, lineStart, at[i]);
                lineStart = at[i] + dlen;
                if (line.length > maxLength) {
                    lineLengthExceeded(line);
                    return;
                }
                lineReceived(line);
            }
            if (buffer.size() > maxLength) {
                lineLengthExceeded(Arrays.copyOfRange(buffer.array(), buffer.start(), buffer.end()));
            }
        } finally {
            depth--;
            if (depth == 0) {
                buffer.settle();
                if (cuts.length > 1024) {
                    cuts = new int[16];
                }
            }
        }
    }
}
