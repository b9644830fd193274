package dev.weft.internet.nio.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayDeque;

/**
 * A connection's unsent bytes: the arrays handed to {@code write}, kept without copying, and sent by
 * copying up to a buffer's worth at a time into the loop's shared direct write buffer.
 *
 * <p>Sending from the loop's direct buffer is the one copy the JDK would make anyway for heap
 * arrays, but bounded (256 KiB, whatever the arrays' sizes) and without the JDK's per-thread cache
 * of temporary direct buffers growing to the largest write; bytes the socket does not take stay in
 * the arrays, and are copied again on the next attempt.
 *
 * <p>Confined to the reactor thread.
 */
final class WriteQueue {
    private static final int SPINS = 16;

    private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
    private long bytes;

    /** Appends {@code data}, which the queue now owns. */
    void add(byte[] data) {
        pending.add(ByteBuffer.wrap(data));
        bytes += data.length;
    }

    /** Returns how many bytes wait to be sent. */
    long bytes() {
        return bytes;
    }

    /** Drops everything unsent. */
    void clear() {
        pending.clear();
        bytes = 0;
    }

    /**
     * Sends as much as the channel takes, up to 16 buffers' worth.
     *
     * @param out the loop's direct write buffer, used as scratch
     * @throws IOException if the socket fails
     */
    void sendTo(WritableByteChannel channel, ByteBuffer out) throws IOException {
        for (int spin = 0; spin < SPINS && bytes > 0; spin++) {
            out.clear();
            for (ByteBuffer b : pending) {
                int n = Math.min(b.remaining(), out.remaining());
                out.put(out.position(), b, b.position(), n);
                out.position(out.position() + n);
                if (!out.hasRemaining()) {
                    break;
                }
            }
            out.flip();
            int attempted = out.remaining();
            int sent = channel.write(out);
            if (sent <= 0) {
                return;
            }
            consume(sent);
            if (sent < attempted) {
                return;
            }
        }
    }

    private void consume(int sent) {
        bytes -= sent;
        int left = sent;
        while (left > 0) {
            ByteBuffer head = pending.getFirst();
            int n = Math.min(left, head.remaining());
            head.position(head.position() + n);
            left -= n;
            if (!head.hasRemaining()) {
                pending.removeFirst();
            }
        }
    }
}
