package dev.weft.protocols.basic;

import dev.weft.internet.IBufferedProtocol;
import dev.weft.internet.ITransport;
import dev.weft.internet.Protocol;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Twisted's {@code NetstringReceiver}: receives and sends netstrings, {@code <decimal length>:<payload>,}
 * (e.g. {@code 5:hello,}). Override {@link #stringReceived(byte[])}; send with {@link #sendString(byte[])}.
 *
 * <p>Malformed input (a length with a leading zero or a non-digit, a length above {@link #maxLength()}, a
 * missing {@code :} or a payload not followed by {@code ,}) closes the connection, sets {@link
 * #isBrokenPeer()} and records a {@link NetstringParseError} saying what was wrong; the strings before the
 * bad one have been delivered. As in Twisted, nothing is reset afterwards: later reads that bring bytes fail
 * again, and a partial length followed by one {@code "\n"} is taken as incomplete. Every array handed to
 * {@link #stringReceived} is a fresh copy; arrays given to it are copied. Confined to the reactor thread.
 */
public abstract class NetstringReceiver extends Protocol implements IBufferedProtocol {
    /** The default {@link #maxLength()}: 99999, as Twisted's {@code MAX_LENGTH}. */
    public static final int DEFAULT_MAX_LENGTH = 99999;

    private static final byte[] EMPTY = new byte[0];
    private static final int INCOMPLETE = 0;
    private static final int CONSUMED = 1;
    private static final int BROKEN = 2;

    private final ReceiveBuffer remaining = new ReceiveBuffer();
    private int maxLength = DEFAULT_MAX_LENGTH;
    private boolean parsingPayload;
    /** The payload received so far, comma included, when it arrived in more than one read. */
    private byte[] payload = EMPTY;

    private long payloadSize;
    private long expectedPayloadSize;
    private boolean brokenPeer;
    private @Nullable NetstringParseError parseError;
    private int depth;

    /** Creates a receiver with a maximum string length of 99999. */
    protected NetstringReceiver() {}

    /** Handles one string, without its framing. */
    public abstract void stringReceived(byte[] string);

    /** Connects, and resets the parser (as Twisted's {@code makeConnection}). */
    @Override
    public void makeConnection(ITransport transport) {
        remaining.clear();
        parsingPayload = false;
        payloadSize = 0;
        expectedPayloadSize = 0;
        brokenPeer = false;
        parseError = null;
        super.makeConnection(transport);
    }

    /** Writes {@code string} as a netstring, in one write. {@link #maxLength()} does not apply. */
    public void sendString(byte[] string) {
        byte[] length = (string.length + ":").getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(length, length.length + string.length + 1);
        System.arraycopy(string, 0, out, length.length, string.length);
        out[out.length - 1] = ',';
        transport().write(out);
    }

    /** Tells whether the peer sent malformed input (Twisted's {@code brokenPeer}). */
    public boolean isBrokenPeer() {
        return brokenPeer;
    }

    /** Returns what was wrong with the input last, or null if nothing was. */
    public @Nullable NetstringParseError parseError() {
        return parseError;
    }

    /** Returns the longest string delivered to {@link #stringReceived}. */
    public int maxLength() {
        return maxLength;
    }

    /** Sets the longest string, in bytes (at least 1), delivered (Twisted's {@code MAX_LENGTH}). */
    public void setMaxLength(int maxLength) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("a netstring's maxLength must be 1 or more, not " + maxLength);
        }
        this.maxLength = maxLength;
    }

    /** Adds {@code data} to the buffer and delivers every complete netstring. */
    @Override
    public void dataReceived(byte[] data) {
        remaining.append(data, depth > 0);
        parse();
    }

    /** Returns the free end of the receive buffer, for the transport to read into. */
    @Override
    public ByteBuffer getBuffer(int sizeHint) {
        return remaining.writable(sizeHint, depth > 0);
    }

    /** Parses the {@code nbytes} bytes just read into {@link #getBuffer(int)}'s buffer. */
    @Override
    public void bufferUpdated(int nbytes) {
        remaining.commit(nbytes);
        parse();
    }

    /** The receive buffer, for tests of what a connection keeps. */
    ReceiveBuffer receiveBuffer() {
        return remaining;
    }

    private void parse() {
        depth++;
        try {
            while (!remaining.isEmpty()) {
                int result = consume();
                if (result == INCOMPLETE) {
                    break;
                }
                if (result == BROKEN) {
                    transport().loseConnection();
                    brokenPeer = true;
                    break;
                }
            }
        } finally {
            depth--;
            if (depth == 0) {
                remaining.settle();
            }
        }
    }

    /** Consumes a length and then payload bytes, as Twisted's {@code _consumeData}. */
    private int consume() {
        if (!parsingPayload) {
            int result = consumeLength();
            if (result != CONSUMED) {
                return result;
            }
            parsingPayload = true;
            payloadSize = 0;
        }
        return consumePayload();
    }

    private int consumeLength() {
        byte[] a = remaining.array();
        int start = remaining.start();
        int end = remaining.end();
        int i = start;
        if (i < end && a[i] == '0') {
            i++;
        } else {
            while (i < end && a[i] >= '0' && a[i] <= '9') {
                i++;
            }
        }
        int digits = i - start;
        if (digits == 0) {
            return fail(
                    "the netstring does not start with a length: expected a decimal digit, got " + describe(a[start]));
        }
        if (tooLong(a, start, digits)) {
            return fail("the netstring's length " + digitsText(a, start, digits) + " is above the maximum " + maxLength
                    + " (maxLength)");
        }
        if (i == end || (i == end - 1 && a[i] == '\n')) {
            // Python's "$": a partial length, possibly followed by one final newline, waits for more.
            return INCOMPLETE;
        }
        if (a[i] != ':') {
            String what = a[start] == '0' && a[i] >= '0' && a[i] <= '9'
                    ? "a length must not have a leading zero"
                    : "expected ':' after the length " + digitsText(a, start, digits) + ", got " + describe(a[i]);
            return fail("malformed netstring: " + what);
        }
        expectedPayloadSize = parseDigits(a, start, digits) + 1;
        remaining.skip(digits + 1);
        return CONSUMED;
    }

    private int consumePayload() {
        if (payloadSize == expectedPayloadSize) {
            // A payload that already failed its comma check fails again, whatever arrives (Twisted).
            String unterminated = "the netstring is not terminated by ','";
            String message = parseError != null ? parseError.getMessage() : null;
            return fail(message != null ? message : unterminated);
        }
        byte[] a = remaining.array();
        int start = remaining.start();
        int available = remaining.size();
        long needed = expectedPayloadSize - payloadSize;
        if (available < needed) {
            appendPayload(a, start, available);
            remaining.skip(available);
            return INCOMPLETE;
        }
        int take = (int) needed;
        byte last;
        byte[] string;
        if (payloadSize == 0) {
            last = a[start + take - 1];
            string = last == ',' ? Arrays.copyOfRange(a, start, start + take - 1) : EMPTY;
        } else {
            appendPayload(a, start, take);
            last = payload[(int) payloadSize - 1];
            string = last == ',' ? Arrays.copyOf(payload, (int) payloadSize - 1) : EMPTY;
        }
        remaining.skip(take);
        payloadSize = expectedPayloadSize;
        if (last != ',') {
            return fail("the netstring's " + (expectedPayloadSize - 1) + "-byte payload is not followed by ','"
                    + " (got " + describe(last) + "): the length does not match the data");
        }
        parsingPayload = false;
        payloadSize = 0;
        payload = EMPTY;
        stringReceived(string);
        return CONSUMED;
    }

    private void appendPayload(byte[] a, int from, int n) {
        if (n == 0) {
            return;
        }
        long needed = payloadSize + n;
        if (payload.length < needed) {
            payload = Arrays.copyOf(
                    payload, (int) Math.min(Integer.MAX_VALUE - 16, Math.max(needed, payload.length * 2L)));
        }
        System.arraycopy(a, from, payload, (int) payloadSize, n);
        payloadSize += n;
    }

    private int fail(String message) {
        parseError = new NetstringParseError(message);
        return BROKEN;
    }

    private boolean tooLong(byte[] a, int start, int digits) {
        return digits > 10 || parseDigits(a, start, digits) > maxLength;
    }

    private static long parseDigits(byte[] a, int start, int digits) {
        long value = 0;
        for (int k = 0; k < digits; k++) {
            value = value * 10 + (a[start + k] - '0');
        }
        return value;
    }

    private static String digitsText(byte[] a, int start, int digits) {
        String text = new String(a, start, Math.min(digits, 24), StandardCharsets.US_ASCII);
        return digits > 24 ? text + "... (" + digits + " digits)" : text;
    }

    private static String describe(byte b) {
        return b >= 0x20 && b < 0x7F ? "'" + (char) b + "'" : String.format("byte 0x%02x", b & 0xFF);
    }
}
