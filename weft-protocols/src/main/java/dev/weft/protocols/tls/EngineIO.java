package dev.weft.protocols.tls;

import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * One connection's {@link SSLEngine} and its buffers: ciphertext in ({@code netIn}, kept flipped: what
 * waits to be unwrapped is between its position and limit), plaintext out
 * ({@code appIn}), ciphertext out ({@code netOut}). Runs single {@code wrap}/{@code unwrap} calls and
 * grows buffers; never retries a call unchanged. Confined to the reactor thread, but for the wrap
 * a worker does right after a delegated task, while the reactor thread leaves it alone.
 *
 * <p>Buffers start at what a handshake needs and grow with the traffic: {@code netIn} at 4 KiB (a
 * handshake's records fit), lent whole to reads; a read that fills it grows it to one packet, and a
 * read that fills that to the transport's hint (64 KiB on the reactor); {@code appIn}
 * empty until a record's plaintext needs it (a buffered protocol takes its plaintext in its own
 * buffer); {@code netOut} at one packet (~16.7 KB), handed to the transport whenever the engine wants
 * a whole packet free. A connection that only shakes hands holds ~21 KB of them.
 */
final class EngineIO {
    static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /** The least free space lent for a read, unless the hint is smaller: 4 KiB. */
    private static final int MIN_READ = 4096;

    final SSLEngine engine;
    /** Whether this end is the TLS client; read once, as {@link #firstPacket} is. */
    final boolean client;
    /**
     * The engine's packet size when it was made: what a filled 4 KiB input grows to. Read once, as the
     * reactor thread may fill the input while a worker runs a task that holds the engine's lock.
     */
    private final int firstPacket;

    private ByteBuffer netIn;
    private ByteBuffer appIn;
    private ByteBuffer netOut;
    /** {@code netIn} is lent for a read ({@link #inputBuffer}) and not yet flipped back. */
    private boolean filling;
    /** The last read filled all {@code netIn} had free: the next is lent the transport's whole hint. */
    private boolean readFilled;
    /** Some ciphertext (or what the peer sent instead) has arrived since the engine was made. */
    private boolean anyReceived;

    EngineIO(SSLEngine engine) {
        this.engine = engine;
        client = engine.getUseClientMode();
        firstPacket = engine.getSession().getPacketBufferSize();
        netIn = ByteBuffer.allocate(Math.min(firstPacket, MIN_READ)).flip();
        appIn = EMPTY;
        netOut = ByteBuffer.allocate(firstPacket);
    }

    /** Appends ciphertext from the transport, growing the input buffer as needed. */
    void received(byte[] data) {
        fill(Math.max(data.length, 1)).put(data);
        inputWritten();
    }

    /**
     * Returns the ciphertext buffer for the transport to read into, with at least 1 byte free from its
     * position; {@link #inputWritten()} takes what it wrote. It has {@code sizeHint} bytes free once a
     * read has filled it, else what it has (at least {@code min(sizeHint, 4 KiB)}).
     */
    ByteBuffer inputBuffer(int sizeHint) {
        int hint = Math.max(sizeHint, 1);
        return fill(readFilled ? hint : Math.min(hint, MIN_READ));
    }

    /** Compacts {@code netIn} for writing, growing it to {@code free} bytes free at least. */
    private ByteBuffer fill(int free) {
        if (!filling) {
            netIn.compact(); // the unread ciphertext (at most a partial record) moves to the front
            filling = true;
        }
        if (netIn.remaining() < free) {
            ByteBuffer grown = ByteBuffer.allocate(Math.max(netIn.position() + free, netIn.capacity() * 2));
            netIn = grown.put(netIn.flip());
        }
        return netIn;
    }

    /**
     * Takes the ciphertext written since {@link #inputBuffer(int)}. A read that filled a buffer smaller
     * than a packet grows it to one packet, and only a read that fills that is lent the whole hint next.
     */
    void inputWritten() {
        if (filling) {
            boolean filled = !netIn.hasRemaining();
            netIn.flip();
            filling = false;
            anyReceived |= netIn.hasRemaining();
            if (filled && netIn.capacity() < firstPacket) {
                netIn = ByteBuffer.allocate(firstPacket).put(netIn).flip();
                filled = false;
            }
            readFilled = filled;
        }
    }

    /**
     * Returns how many bytes wait to be unwrapped if they cannot begin a TLS record, else 0. What waits
     * starts at a record boundary; its first byte must be a TLS content type (20 to 24) or, for an
     * SSLv2-style hello, have its high bit set. The engine itself needs a whole 5-byte header to tell,
     * so a peer that sends less and closes is caught only here.
     */
    int bytesThatCannotBeTls() {
        inputWritten();
        if (!netIn.hasRemaining()) {
            return 0;
        }
        int first = netIn.get(netIn.position()) & 0xff;
        return (first >= 20 && first <= 24) || (first & 0x80) != 0 ? 0 : netIn.remaining();
    }

    /** Tells whether the peer has sent nothing at all since the engine was made. */
    boolean receivedNothing() {
        inputWritten();
        return !anyReceived;
    }

    /** Tells whether ciphertext waits to be unwrapped. */
    boolean hasInput() {
        inputWritten(); // a read that returned nothing never says so: take what the buffer holds
        return netIn.hasRemaining();
    }

    /**
     * Wraps {@code src}; on overflow (the engine wants a whole packet free) hands the output so far to
     * {@code out}, grows if the packet size grew, and retries once.
     */
    SSLEngineResult wrap(ByteBuffer src, Output out) throws SSLException {
        SSLEngineResult r = engine.wrap(src, netOut);
        if (r.getStatus() == Status.BUFFER_OVERFLOW) {
            out.send(takeOutput());
            int packet = engine.getSession().getPacketBufferSize();
            if (netOut.capacity() < packet) {
                netOut = ByteBuffer.allocate(packet);
            }
            r = engine.wrap(src, netOut);
        }
        return r;
    }

    /**
     * Unwraps one buffered record, growing the input on underflow and the plaintext on overflow if empty.
     * The input stays flipped between records: it is compacted once per read, not once per record.
     */
    SSLEngineResult unwrap() throws SSLException {
        inputWritten();
        SSLEngineResult r = engine.unwrap(netIn, appIn);
        if (r.getStatus() == Status.BUFFER_UNDERFLOW) {
            growInput();
        } else if (r.getStatus() == Status.BUFFER_OVERFLOW && appIn.position() == 0) {
            appIn = ByteBuffer.allocate(
                    Math.max(appIn.capacity() * 2, engine.getSession().getApplicationBufferSize()));
        }
        return r;
    }

    /**
     * Unwraps one buffered record straight into {@code dst}, from its position; returns null, having
     * consumed nothing, if the record's plaintext would not fit there.
     */
    @Nullable
    SSLEngineResult unwrapInto(ByteBuffer dst) throws SSLException {
        inputWritten();
        SSLEngineResult r = engine.unwrap(netIn, dst);
        if (r.getStatus() == Status.BUFFER_OVERFLOW) {
            return null;
        }
        if (r.getStatus() == Status.BUFFER_UNDERFLOW) {
            growInput();
        }
        return r;
    }

    private void growInput() {
        int packet = engine.getSession().getPacketBufferSize();
        if (netIn.capacity() < packet) {
            netIn = ByteBuffer.allocate(packet).put(netIn).flip();
        }
    }

    /**
     * Returns the length of the TLS record at the head of the input if all of it has arrived, else 0 (a
     * record is a 5-byte header whose last two bytes give the length of what follows).
     */
    int wholeRecord() {
        inputWritten();
        int at = netIn.position();
        if (netIn.remaining() < 5) {
            return 0;
        }
        int length = 5 + (((netIn.get(at + 3) & 0xff) << 8) | (netIn.get(at + 4) & 0xff));
        return netIn.remaining() >= length ? length : 0;
    }

    /**
     * Returns the level and description ({@code level << 8 | description}) of the alert record at the
     * head of the input if it is one whose 2-byte body is unencrypted, else -1: a record of type 21,
     * version 3.x and length 2 (encrypted, it would carry at least an AEAD tag).
     */
    int plaintextAlertAtHead() {
        inputWritten();
        int at = netIn.position();
        if (netIn.remaining() < 7
                || netIn.get(at) != 21
                || netIn.get(at + 1) != 3
                || netIn.get(at + 3) != 0
                || netIn.get(at + 4) != 2) {
            return -1;
        }
        return ((netIn.get(at + 5) & 0xff) << 8) | (netIn.get(at + 6) & 0xff);
    }

    /** Takes the decrypted bytes, or returns null if there are none. */
    byte @Nullable [] takePlaintext() {
        return take(appIn);
    }

    /** {@return how many encrypted bytes wait to be taken} */
    int outputWaiting() {
        return netOut.position();
    }

    /** Takes the encrypted bytes waiting to be written, or returns null if there are none. */
    byte @Nullable [] takeOutput() {
        return take(netOut);
    }

    private static byte @Nullable [] take(ByteBuffer b) {
        if (b.position() == 0) {
            return null;
        }
        b.flip();
        byte[] data = new byte[b.remaining()];
        b.get(data);
        b.clear();
        return data;
    }

    /** Where ciphertext goes when the output buffer must be emptied in the middle of a wrap. */
    @FunctionalInterface
    interface Output {
        void send(byte @Nullable [] ciphertext);
    }
}
