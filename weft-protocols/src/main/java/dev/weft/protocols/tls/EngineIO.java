package dev.weft.protocols.tls;

import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * One connection's {@link SSLEngine} and its buffers: ciphertext in ({@code netIn}), plaintext out
 * ({@code appIn}), ciphertext out ({@code netOut}). Runs single {@code wrap}/{@code unwrap} calls and
 * grows buffers; never retries a call unchanged. Confined to the reactor thread.
 */
final class EngineIO {
    static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    final SSLEngine engine;
    private ByteBuffer netIn;
    private ByteBuffer appIn;
    private ByteBuffer netOut;

    EngineIO(SSLEngine engine) {
        this.engine = engine;
        int packet = engine.getSession().getPacketBufferSize();
        netIn = ByteBuffer.allocate(packet);
        appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        netOut = ByteBuffer.allocate(packet * 4);
    }

    /** Appends ciphertext from the transport, growing the input buffer as needed. */
    void received(byte[] data) {
        if (netIn.remaining() < data.length) {
            netIn = grow(netIn, Math.max(netIn.position() + data.length, netIn.capacity() * 2));
        }
        netIn.put(data);
    }

    /** Tells whether ciphertext waits to be unwrapped. */
    boolean hasInput() {
        return netIn.position() > 0;
    }

    /** Wraps {@code src}; on overflow hands the output so far to {@code out}, grows if needed, retries once. */
    SSLEngineResult wrap(ByteBuffer src, Output out) throws SSLException {
        SSLEngineResult r = engine.wrap(src, netOut);
        if (r.getStatus() == Status.BUFFER_OVERFLOW) {
            out.send(takeOutput());
            int packet = engine.getSession().getPacketBufferSize();
            if (netOut.capacity() < packet) {
                netOut = ByteBuffer.allocate(packet * 4);
            }
            r = engine.wrap(src, netOut);
        }
        return r;
    }

    /** Unwraps one buffered record, growing the input on underflow and the plaintext on overflow if empty. */
    SSLEngineResult unwrap() throws SSLException {
        netIn.flip();
        SSLEngineResult r;
        try {
            r = engine.unwrap(netIn, appIn);
        } finally {
            netIn.compact();
        }
        if (r.getStatus() == Status.BUFFER_UNDERFLOW) {
            int packet = engine.getSession().getPacketBufferSize();
            if (netIn.capacity() < packet) {
                netIn = grow(netIn, packet);
            }
        } else if (r.getStatus() == Status.BUFFER_OVERFLOW && appIn.position() == 0) {
            appIn = ByteBuffer.allocate(
                    Math.max(appIn.capacity() * 2, engine.getSession().getApplicationBufferSize()));
        }
        return r;
    }

    /** Takes the decrypted bytes, or returns null if there are none. */
    byte @Nullable [] takePlaintext() {
        return take(appIn);
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

    private static ByteBuffer grow(ByteBuffer b, int capacity) {
        ByteBuffer grown = ByteBuffer.allocate(capacity);
        b.flip();
        grown.put(b);
        return grown;
    }

    /** Where ciphertext goes when the output buffer must be emptied in the middle of a wrap. */
    @FunctionalInterface
    interface Output {
        void send(byte @Nullable [] ciphertext);
    }
}
