package dev.weft.protocols.basic;

import dev.weft.internet.IBufferedProtocol;
import dev.weft.internet.IPushProducer;
import dev.weft.internet.Protocol;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Twisted's {@code IntNStringReceiver}: receives strings framed by an unsigned big-endian length prefix of 1,
 * 2 or 4 bytes. Extend {@link Int8StringReceiver}, {@link Int16StringReceiver} or {@link
 * Int32StringReceiver}, override {@link #stringReceived(byte[])}, and send with {@link #sendString(byte[])}.
 *
 * <pre>{@code
 * final class Echo extends Int32StringReceiver {
 *     @Override
 *     public void stringReceived(byte[] string) {
 *         sendString(string);
 *     }
 * }
 * }</pre>
 *
 * <p>A prefix above {@link #maxLength()} goes to {@link #lengthLimitExceeded(long)}, which closes the
 * connection unless overridden; an Int32 prefix may be up to 4294967295 and is passed as a {@code long}.
 * Every array handed to {@link #stringReceived} is a fresh copy it may keep.
 *
 * <p>As in Twisted, a read's bytes are kept until the read is fully parsed: when {@link #stringReceived}
 * throws, after {@link #lengthLimitExceeded}, or when data is fed from inside {@link #stringReceived}, the
 * next parse starts again at the beginning of that read and its strings are delivered again. Strings after
 * {@code loseConnection()} in the same read are still delivered. Unlike Twisted, {@link #resumeProducing()}
 * from inside {@link #stringReceived} does not re-parse: each string is delivered once (DEVIATIONS.md).
 * Confined to the reactor thread.
 */
public abstract class IntNStringReceiver extends Protocol implements IBufferedProtocol, IPushProducer {
    /** The default {@link #maxLength()}: 99999, as Twisted's {@code MAX_LENGTH}. */
    public static final int DEFAULT_MAX_LENGTH = 99999;

    private final int prefixLength;
    private final ReceiveBuffer buffer = new ReceiveBuffer();
    private int maxLength = DEFAULT_MAX_LENGTH;
    private boolean paused;
    private int depth;

    /**
     * Creates a receiver for prefixes of {@code prefixLength} bytes: 1, 2, 3 or 4, else {@link
     * IllegalArgumentException}.
     */
    protected IntNStringReceiver(int prefixLength) {
        if (prefixLength < 1 || prefixLength > 4) {
            throw new IllegalArgumentException("the length prefix must be 1 to 4 bytes long, not " + prefixLength);
        }
        this.prefixLength = prefixLength;
    }

    /** Handles one string, without its prefix. */
    public abstract void stringReceived(byte[] string);

    /**
     * Handles a length prefix above {@link #maxLength()}: closes the connection. An override that keeps it
     * open sees the same prefix again on the next read (as in Twisted).
     */
    public void lengthLimitExceeded(long length) {
        transport().loseConnection();
    }

    /**
     * Writes the length prefix and {@code string} in one write; {@link #maxLength()} does not apply.
     * @throws StringTooLongError if its length does not fit the prefix (256 bytes or more for Int8, 65536 or
     * more for Int16); nothing is written
     */
    public void sendString(byte[] string) {
        long limit = 1L << (8 * prefixLength);
        if (string.length >= limit) {
            throw new StringTooLongError("cannot send " + string.length + " bytes with a " + prefixLength
                    + "-byte length prefix: the maximum is " + (limit - 1) + " bytes; use a longer prefix");
        }
        byte[] out = new byte[prefixLength + string.length];
        for (int i = 0; i < prefixLength; i++) {
            out[i] = (byte) (string.length >>> (8 * (prefixLength - 1 - i)));
        }
        System.arraycopy(string, 0, out, prefixLength, string.length);
        transport().write(out);
    }

    /** Returns the number of bytes of the length prefix: 1, 2, 3 or 4. */
    public int prefixLength() {
        return prefixLength;
    }

    /** Returns the longest string delivered to {@link #stringReceived}. */
    public int maxLength() {
        return maxLength;
    }

    /**
     * Sets the longest string, in bytes (not negative), delivered to {@link #stringReceived} (Twisted's
     * {@code MAX_LENGTH}).
     */
    public void setMaxLength(int maxLength) {
        if (maxLength < 0) {
            throw new IllegalArgumentException("maxLength must be 0 or more, not " + maxLength);
        }
        this.maxLength = maxLength;
    }

    /**
     * Tells whether delivery is paused (Twisted's {@code paused}): from {@link #pauseProducing()} or {@link
     * #stopProducing()} until {@link #resumeProducing()}.
     */
    public boolean isPaused() {
        return paused;
    }

    /** Pauses delivery and the transport's reading (Twisted's {@code pauseProducing}). */
    @Override
    public void pauseProducing() {
        paused = true;
        TransportProducer.pause(transport());
    }

    /**
     * Resumes the transport's reading and delivers the strings buffered meanwhile. Called from inside {@link
     * #stringReceived} (e.g. a callback that fires at once), it only lifts the pause: the running delivery goes
     * on with the next string, so each string is delivered once (Twisted re-parses here; see DEVIATIONS.md).
     */
    @Override
    public void resumeProducing() {
        paused = false;
        TransportProducer.resume(transport());
        if (depth == 0) {
            dataReceived(new byte[0]);
        }
    }

    /** Pauses delivery for good and stops the transport's reading. */
    @Override
    public void stopProducing() {
        paused = true;
        TransportProducer.stop(transport());
    }

    /** Adds {@code data} (copied, not kept) to the buffer and delivers every complete string. */
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
        byte[] array = buffer.array();
        int start = buffer.start();
        int end = buffer.end();
        int offset = start;
        depth++;
        try {
            while (end - offset >= prefixLength && !paused) {
                long length = 0;
                for (int i = 0; i < prefixLength; i++) {
                    length = (length << 8) | (array[offset + i] & 0xFF);
                }
                if (length > maxLength) {
                    buffer.set(array, start, end);
                    lengthLimitExceeded(length);
                    return;
                }
                int messageStart = offset + prefixLength;
                if (end - messageStart < length) {
                    break;
                }
                offset = messageStart + (int) length;
                stringReceived(Arrays.copyOfRange(array, messageStart, offset));
            }
            buffer.set(array, offset, end);
        } finally {
            depth--;
            if (depth == 0) {
                buffer.settle();
            }
        }
    }
}
