package dev.weft.protocols.basic;

import dev.weft.internet.IBufferedProtocol;
import dev.weft.internet.IPushProducer;
import dev.weft.internet.Protocol;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Splits the bytes a peer sends into lines, and can switch to raw mode and back: Twisted's {@code
 * LineReceiver}. Override {@link #lineReceived(byte[])} (and {@link #rawDataReceived(byte[])} if you
 * use raw mode); send with {@link #sendLine(byte[])}.
 *
 * <pre>{@code
 * final class Echo extends LineReceiver {
 *     @Override
 *     public void lineReceived(byte[] line) {
 *         sendLine(line);
 *     }
 * }
 * }</pre>
 *
 * <p>Lines end with {@link #delimiter()} ({@code "\r\n"} by default; the delimiter is removed), are
 * cut at the leftmost occurrence, and may be empty. A line longer than {@link #maxLength()} (16384 by
 * default) goes to {@link #lineLengthExceeded(byte[])}, which closes the connection unless
 * overridden. Every array handed to a callback is a fresh copy the callback may keep.
 *
 * <p>As in Twisted: data fed from inside a callback is buffered and parsed after the current line;
 * after {@code transport().loseConnection()} no further line of the current read is delivered (the
 * rest stays in the buffer, see {@link #clearLineBuffer()}); {@link #pauseProducing()} holds lines
 * back until {@link #resumeProducing()}. Reads go straight into the receiver's buffer through {@link
 * IBufferedProtocol}, and a partial line is never searched twice, so a long line fed one byte at a
 * time costs the same per byte as one fed whole. Unlike Twisted, the callbacks return nothing, so a
 * callback cannot stop the parsing of the current read by returning a true value (see
 * DEVIATIONS.md).
 *
 * <p>Confined to the reactor thread.
 */
public abstract class LineReceiver extends Protocol implements IBufferedProtocol, IPushProducer {
    /** The default delimiter, CR LF. */
    private static final byte[] CRLF = {'\r', '\n'};

    /** The default {@link #maxLength()}: 16384, as Twisted's {@code MAX_LENGTH}. */
    public static final int DEFAULT_MAX_LENGTH = 16384;

    private final ReceiveBuffer buffer = new ReceiveBuffer();
    private byte[] delimiter = CRLF;
    private int maxLength = DEFAULT_MAX_LENGTH;
    private boolean lineMode = true;
    private boolean busy;
    private boolean paused;
    /** How many bytes from the buffer's start are known to hold no start of a delimiter. */
    private int scanned;

    /** Creates a receiver in line mode with delimiter CR LF and a maximum line length of 16384. */
    protected LineReceiver() {}

    /**
     * Handles one line, without its delimiter.
     *
     * @param line the line; a fresh array the method may keep
     */
    public abstract void lineReceived(byte[] line);

    /**
     * Handles bytes that arrived in raw mode: each read's bytes (with whatever was buffered) in one
     * call. Throws unless overridden.
     *
     * @param data the bytes; a fresh array the method may keep
     * @throws UnsupportedOperationException unless overridden
     */
    public void rawDataReceived(byte[] data) {
        throw new UnsupportedOperationException(getClass().getName()
                + " switched to raw mode but does not override rawDataReceived(byte[]); override it to receive"
                + " raw data");
    }

    /**
     * Handles a line longer than {@link #maxLength()}: closes the connection. Override to answer the
     * peer instead; the buffer has already been emptied.
     *
     * @param line the bytes that were buffered: the over-long line, and, when its delimiter had
     *     arrived, the delimiter and everything after it (or, without a delimiter, the partial line)
     */
    public void lineLengthExceeded(byte[] line) {
        transport().loseConnection();
    }

    /**
     * Writes {@code line} followed by the delimiter, in one write. Neither its length nor delimiters
     * inside it are checked.
     *
     * @param line the line
     */
    public void sendLine(byte[] line) {
        byte[] out = Arrays.copyOf(line, line.length + delimiter.length);
        System.arraycopy(delimiter, 0, out, line.length, delimiter.length);
        transport().write(out);
    }

    /** Switches to raw mode: from the next byte parsed on, bytes go to {@link #rawDataReceived}. */
    public void setRawMode() {
        lineMode = false;
    }

    /** Switches to line mode. */
    public void setLineMode() {
        setLineMode(new byte[0]);
    }

    /**
     * Switches to line mode and parses {@code extra} as if it had just arrived (inside a callback: after
     * the bytes already buffered).
     *
     * @param extra bytes to parse, possibly empty
     */
    public void setLineMode(byte[] extra) {
        lineMode = true;
        if (extra.length > 0) {
            dataReceived(extra);
        }
    }

    /**
     * Empties the buffer and returns what it held: the unparsed bytes (inside {@link #lineReceived}, the
     * rest of the current read).
     *
     * @return the bytes, a fresh array
     */
    public byte[] clearLineBuffer() {
        scanned = 0;
        return buffer.takeAll();
    }

    /**
     * Tells whether the receiver is in line mode (Twisted's {@code line_mode}).
     *
     * @return {@code true} in line mode, {@code false} in raw mode
     */
    public boolean isLineMode() {
        return lineMode;
    }

    /**
     * Tells whether delivery is paused (Twisted's {@code paused}).
     *
     * @return {@code true} after {@link #pauseProducing()} or {@link #stopProducing()} until {@link
     *     #resumeProducing()}
     */
    public boolean isPaused() {
        return paused;
    }

    /**
     * Returns the delimiter that ends lines.
     *
     * @return a copy of the delimiter
     */
    public byte[] delimiter() {
        return delimiter.clone();
    }

    /**
     * Sets the delimiter that ends lines (Twisted's {@code delimiter}).
     *
     * @param delimiter one or more bytes; copied
     * @throws IllegalArgumentException if it is empty
     */
    public void setDelimiter(byte[] delimiter) {
        if (delimiter.length == 0) {
            throw new IllegalArgumentException("the line delimiter must not be empty; use e.g. \"\\r\\n\" or \"\\n\"");
        }
        this.delimiter = delimiter.clone();
        scanned = 0;
    }

    /**
     * Returns the longest line delivered to {@link #lineReceived}.
     *
     * @return the limit in bytes
     */
    public int maxLength() {
        return maxLength;
    }

    /**
     * Sets the longest line delivered to {@link #lineReceived} (Twisted's {@code MAX_LENGTH}).
     *
     * @param maxLength the limit in bytes, 0 or more
     * @throws IllegalArgumentException if it is negative
     */
    public void setMaxLength(int maxLength) {
        if (maxLength < 0) {
            throw new IllegalArgumentException("maxLength must be 0 or more, not " + maxLength);
        }
        this.maxLength = maxLength;
    }

    /**
     * Pauses delivery of lines and the transport's reading (Twisted's {@code pauseProducing}). The flag
     * is set before the transport is asked.
     */
    @Override
    public void pauseProducing() {
        paused = true;
        TransportProducer.pause(transport());
    }

    /**
     * Resumes the transport's reading and delivers the lines buffered meanwhile (Twisted's {@code
     * resumeProducing}). The flag is cleared before the transport is asked; if the transport throws,
     * nothing is delivered until the next read.
     */
    @Override
    public void resumeProducing() {
        paused = false;
        TransportProducer.resume(transport());
        dataReceived(new byte[0]);
    }

    /** Pauses delivery for good and stops the transport's reading (Twisted's {@code stopProducing}). */
    @Override
    public void stopProducing() {
        paused = true;
        TransportProducer.stop(transport());
    }

    /**
     * Adds {@code data} to the buffer and delivers every complete line (or, in raw mode, the bytes).
     *
     * @param data the bytes; copied into the buffer, not kept
     */
    @Override
    public void dataReceived(byte[] data) {
        buffer.append(data, busy);
        if (!busy) {
            parse();
        }
    }

    /**
     * Returns the free end of the receive buffer, for the transport to read into.
     *
     * @param sizeHint how many bytes the transport would like to write, or -1
     * @return a buffer positioned after the buffered bytes
     */
    @Override
    public ByteBuffer getBuffer(int sizeHint) {
        return buffer.writable(sizeHint, busy);
    }

    /**
     * Parses the {@code nbytes} bytes the transport just read into {@link #getBuffer(int)}'s buffer, as
     * {@link #dataReceived(byte[])} would.
     *
     * @param nbytes how many bytes were written
     */
    @Override
    public void bufferUpdated(int nbytes) {
        buffer.commit(nbytes);
        if (!busy) {
            parse();
        }
    }

    private void parse() {
        busy = true;
        try {
            while (!buffer.isEmpty() && !paused) {
                if (!lineMode) {
                    scanned = 0;
                    rawDataReceived(buffer.takeAll());
                    continue;
                }
                int start = buffer.start();
                int at = buffer.indexOf(delimiter, start + scanned);
                if (at < 0) {
                    scanned = Math.max(0, buffer.size() - delimiter.length + 1);
                    if ((long) buffer.size() >= (long) maxLength + delimiter.length) {
                        scanned = 0;
                        lineLengthExceeded(buffer.takeAll());
                    }
                    return;
                }
                int length = at - start;
                scanned = 0;
                if (length > maxLength) {
                    lineLengthExceeded(buffer.takeAll());
                    return;
                }
                byte[] line = Arrays.copyOfRange(buffer.array(), start, at);
                buffer.skip(length + delimiter.length);
                lineReceived(line);
                if (isConnected() && transport().isDisconnecting()) {
                    return;
                }
            }
        } finally {
            busy = false;
        }
    }
}
