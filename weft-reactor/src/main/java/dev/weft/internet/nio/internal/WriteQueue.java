package dev.weft.internet.nio.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/**
 * A connection's unsent bytes: the arrays handed to {@code write}, kept without copying, sent by copying up
 * to a buffer's worth at a time into the loop's shared direct write buffer (the one copy the JDK makes
 * anyway, but bounded, and without its per-thread cache growing to the largest write). Confined to the
 * reactor thread.
 */
final class WriteQueue {
    private static final int SPINS = 16;

    /** The buffers not yet sent, made at the first write: many connections (a sink's) never write. */
    private @Nullable ArrayDeque<ByteBuffer> pending;

    private long bytes;

    /** Appends {@code data}, which the queue now owns. */
    void add(byte[] data) {
        ArrayDeque<ByteBuffer> q = pending;
        if (q == null) {
            q = new ArrayDeque<>();
            pending = q;
        }
        q.add(ByteBuffer.wrap(data));
        bytes += data.length;
    }

    /** Returns how many bytes wait to be sent. */
    long bytes() {
        return bytes;
    }

    /** Drops everything unsent, and the deque that held it: a queue is cleared only when its connection ends. */
    void clear() {
        pending = null;
        bytes = 0;
    }

    /** Sends as much as the channel takes, up to 16 buffers' worth, through {@code out}, the loop's write buffer. */
    void sendTo(WritableByteChannel channel, ByteBuffer out) throws IOException {
        ArrayDeque<ByteBuffer> q = pending;
        if (q == null) {
            return;
        }
        for (int spin = 0; spin < SPINS && bytes > 0; spin++) {
            out.clear();
            for (ByteBuffer b : q) {
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
            consume(q, sent);
            if (sent < attempted) {
                return;
            }
        }
    }

    private void consume(ArrayDeque<ByteBuffer> q, int sent) {
        bytes -= sent;
        int left = sent;
        while (left > 0) {
            ByteBuffer head = q.getFirst();
            int n = Math.min(left, head.remaining());
            head.position(head.position() + n);
            left -= n;
            if (!head.hasRemaining()) {
                q.removeFirst();
            }
        }
    }
}
