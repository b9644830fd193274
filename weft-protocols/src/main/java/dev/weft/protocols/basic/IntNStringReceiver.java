package dev.weft.protocols.basic;

import dev.weft.internet.IBufferedProtocol;
import dev.weft.internet.IPushProducer;
import dev.weft.internet.Protocol;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Receives strings framed by an unsigned big-endian length prefix of 1, 2 or 4 bytes: Twisted's
 * {@code IntNStringReceiver}. Extend {@link Int8StringReceiver}, {@link Int16StringReceiver} or {@link
 * Int32StringReceiver}, override {@link #stringReceived(byte[])}, and send with {@link
 * #sendString(byte[])}.
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
 * <p>A prefix above {@link #maxLength()} (99999 by default) goes to {@link #lengthLimitExceeded(long)},
 * which closes the connection unless overridden; prefixes are unsigned, so an Int32 prefix may be up
 * to 4294967295 and is passed as a {@code long}, never overflowing. Every array handed to {@link
 * #stringReceived} is a fresh copy the method may keep. Reads go straight into the receiver's buffer
 * through {@link IBufferedProtocol}.
 *
 * <p>Kept from Twisted: the receiver keeps a read's bytes from its first byte until the read is fully
 * parsed. So when {@link #stringReceived} throws, or after {@link #lengthLimitExceeded}, or when data is
 * fed from inside {@link #stringReceived}, the next parse starts again at the beginning of that read
 * and strings of it are delivered again. The transport's {@code disconnecting} flag is not checked:
 * strings after {@code loseConnection()} in the same read are still delivered.
 *
 * <p>Confined to the reactor thread.
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
     * Creates a receiver for prefixes of {@code prefixLength} bytes.
     *
     * @param prefixLength 1, 2, 3 or 4
     * @throws IllegalArgumentException for any other length
     */
    protected IntNStringReceiver(int prefixLength) {
        if (prefixLength < 1 || prefixLength > 4) {
            throw new IllegalArgumentException("the length prefix must be 1 to 4 bytes long, not " + prefixLength);
        }
        this.prefixLength = prefixLength;
    }

    /**
     * Handles one string, without its prefix.
     *
     * @param string the string; a fresh array the method may keep
     */
    public abstract void stringReceived(byte[] string);

    /**
     * Handles a length prefix above {@link #maxLength()}: closes the connection. An override that keeps
     * the connection open sees the same prefix reported again on the next read (Twisted's behaviour).
     *
     * @param length the prefix's unsigned value
     */
    public void lengthLimitExceeded(long length) {
        transport().loseConnection();
    }

    /**
     * Writes the length prefix and {@code string} in one write. {@link #maxLength()} does not apply.
     *
     * @param string the string
     * @throws StringTooLongError if its length does not fit the prefix (256 bytes or more for Int8,
     *     65536 or more for Int16); nothing is written
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

    /**
     * Returns the number of bytes of the length prefix.
     *
     * @return 1, 2, 3 or 4
     */
    public int prefixLength() {
        return prefixLength;
    }

    /**
     * Returns the longest string delivered to {@link #stringReceived}.
     *
     * @return the limit in bytes
     */
    public int maxLength() {
        return maxLength;
    }

    /**
     * Sets the longest string delivered to {@link #stringReceived} (Twisted's {@code MAX_LENGTH}).
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
     * Tells whether delivery is paused (Twisted's {@code paused}).
     *
     * @return {@code true} after {@link #pauseProducing()} or {@link #stopProducing()} until {@link
     *     #resumeProducing()}
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

    /** Resumes the transport's reading and delivers the strings buffered meanwhile. */
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

    /**
     * Adds {@code data} to the buffer and delivers every complete string.
     *
     * @param data the bytes; copied, not kept
     */
    @Override
    public void dataReceived(byte[] data) {
        buffer.append(data, depth > 0);
        parse();
    }

    /**
     * Returns the free end of the receive buffer, for the transport to read into.
     *
     * @param sizeHint how many bytes the transport would like to write, or -1
     * @return a buffer positioned after the buffered bytes
     */
    @Override
    public ByteBuffer getBuffer(int sizeHint) {
        return buffer.writable(sizeHint, depth > 0);
    }

    /**
     * Parses the {@code nbytes} bytes just read into {@link #getBuffer(int)}'s buffer.
     *
     * @param nbytes how many bytes were written
     */
    @Override
    public void bufferUpdated(int nbytes) {
        buffer.commit(nbytes);
        parse();
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
        }
    }
}
