package dev.weft.internet.nio.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayDeque;

/**
 * A connection's unsent bytes: the arrays handed to {@code write}, kept without copying, sent by copying up
 * to a buffer's worth at a time into the loop's shared direct write buffer (the one copy the JDK makes
 * anyway, but bounded, and without its per-thread cache growing to the largest write). Confined to the
 * reactor thread.
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

    /** Sends as much as the channel takes, up to 16 buffers' worth, through {@code out}, the loop's write buffer. */
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
