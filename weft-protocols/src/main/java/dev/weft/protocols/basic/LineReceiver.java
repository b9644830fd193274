package dev.weft.protocols.basic;

import dev.weft.internet.IBufferedProtocol;
import dev.weft.internet.IPushProducer;
import dev.weft.internet.Protocol;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Twisted's {@code LineReceiver}: splits the bytes a peer sends into lines, and can switch to raw mode and
 * back. Override {@link #lineReceived(byte[])} (and {@link #rawDataReceived(byte[])} for raw mode); send with
 * {@link #sendLine(byte[])}.
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
 * <p>Lines end with {@link #delimiter()} ({@code "\r\n"} by default; removed), are cut at the leftmost
 * occurrence, and may be empty. A line longer than {@link #maxLength()} goes to {@link
 * #lineLengthExceeded(byte[])}, which closes the connection unless overridden. Every array handed to a
 * callback is a fresh copy it may keep; arrays given to this receiver are copied, not kept.
 *
 * <p>As in Twisted: data fed from inside a callback is parsed after the current line; after {@code
 * transport().loseConnection()} no further line of the current read is delivered (see {@link
 * #clearLineBuffer()}); {@link #pauseProducing()} holds lines back until {@link #resumeProducing()}. A
 * partial line is never searched twice. Unlike Twisted, a callback cannot stop the parsing of the current
 * read by returning a true value (see DEVIATIONS.md). Confined to the reactor thread.
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

    /** Handles one line, without its delimiter. */
    public abstract void lineReceived(byte[] line);

    /**
     * Handles bytes that arrived in raw mode: each read's bytes (with whatever was buffered) in one call.
     * @throws UnsupportedOperationException unless overridden
     */
    public void rawDataReceived(byte[] data) {
        throw new UnsupportedOperationException(getClass().getName()
                + " switched to raw mode but does not override rawDataReceived(byte[]); override it to receive"
                + " raw data");
    }

    /**
     * Handles a line longer than {@link #maxLength()}: closes the connection; override to answer the peer
     * instead.
     * @param line what was buffered, the buffer now emptied: the over-long line, then its delimiter and what
     * followed, if it had arrived
     */
    public void lineLengthExceeded(byte[] line) {
        transport().loseConnection();
    }

    /**
     * Writes {@code line} followed by the delimiter, in one write; neither its length nor delimiters inside
     * it are checked.
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
     * Switches to line mode and parses {@code extra} as if it had just arrived (inside a callback: after the
     * bytes already buffered).
     */
    public void setLineMode(byte[] extra) {
        lineMode = true;
        if (extra.length > 0) {
            dataReceived(extra);
        }
    }

    /**
     * Empties the buffer and returns what it held: the unparsed bytes (inside {@link #lineReceived}, the rest
     * of the current read).
     */
    public byte[] clearLineBuffer() {
        scanned = 0;
        byte[] all = buffer.takeAll();
        if (!busy) {
            buffer.settle();
        }
        return all;
    }

    /** Tells whether the receiver is in line mode (Twisted's {@code line_mode}). */
    public boolean isLineMode() {
        return lineMode;
    }

    /**
     * Tells whether delivery is paused (Twisted's {@code paused}): from {@link #pauseProducing()} or {@link
     * #stopProducing()} until {@link #resumeProducing()}.
     */
    public boolean isPaused() {
        return paused;
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

    /** Pauses delivery of lines and the transport's reading; the flag is set before the transport is asked. */
    @Override
    public void pauseProducing() {
        paused = true;
        TransportProducer.pause(transport());
    }

    /**
     * Resumes the transport's reading and delivers the lines buffered meanwhile; if the transport throws,
     * nothing is delivered until the next read.
     */
    @Override
    public void resumeProducing() {
        paused = false;
        TransportProducer.resume(transport());
        dataReceived(new byte[0]);
    }

    /** Pauses delivery for good and stops the transport's reading. */
    @Override
    public void stopProducing() {
        paused = true;
        TransportProducer.stop(transport());
    }

    /** Adds {@code data} to the buffer and delivers every complete line (or, in raw mode, the bytes). */
    @Override
    public void dataReceived(byte[] data) {
        buffer.append(data, busy);
        if (!busy) {
            parse();
        }
    }

    /** Returns the free end of the receive buffer, for the transport to read into. */
    @Override
    public ByteBuffer getBuffer(int sizeHint) {
        return buffer.writable(sizeHint, busy);
    }

    /** Parses the {@code nbytes} bytes just read into {@link #getBuffer(int)}'s buffer. */
    @Override
    public void bufferUpdated(int nbytes) {
        buffer.commit(nbytes);
        if (!busy) {
            parse();
        }
    }

    /** The receive buffer, for tests of what a connection keeps. */
    ReceiveBuffer receiveBuffer() {
        return buffer;
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
            buffer.settle();
        }
    }
}
