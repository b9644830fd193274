package dev.weft.protocols.tls;

import dev.weft.internet.IConsumer;
import dev.weft.internet.IProducer;
import dev.weft.internet.IPushProducer;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/**
 * Plaintext written but not yet encrypted, and the producer feeding it; a push producer is paused
 * while writes wait for the handshake. Confined to the reactor thread.
 */
final class Outbound {
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    private @Nullable IProducer producer;
    private boolean pausedByTls;

    boolean isEmpty() {
        return queue.isEmpty();
    }

    void add(byte[] data) {
        queue.add(ByteBuffer.wrap(data));
    }

    /** The oldest unsent bytes, or null. */
    @Nullable
    ByteBuffer head() {
        return queue.peek();
    }

    /** Drops the oldest piece once it is sent completely. */
    void sent(ByteBuffer head) {
        if (!head.hasRemaining()) {
            queue.poll();
        }
    }

    void clear() {
        queue.clear();
    }

    boolean hasProducer() {
        return producer != null;
    }

    /** Pauses a push producer while writes wait for the handshake. */
    void holdProducer() {
        if (producer instanceof IPushProducer p && !pausedByTls) {
            pausedByTls = true;
            p.pauseProducing();
        }
    }

    /** Resumes the producer paused by {@link #holdProducer()} once nothing waits. */
    void releaseProducer() {
        if (pausedByTls && queue.isEmpty() && producer instanceof IPushProducer p) {
            pausedByTls = false;
            p.resumeProducing(); // its writes re-enter the engine loop
        }
    }

    /**
     * Takes {@code candidate} as the producer; stops it instead (and returns false) if TLS has ended.
     *
     * @throws IllegalStateException if a producer is already registered
     */
    boolean register(IConsumer consumer, IProducer candidate, boolean ended) {
        if (ended) {
            candidate.stopProducing();
            return false;
        }
        IProducer registered = this.producer;
        if (registered != null) {
            throw IConsumer.alreadyRegistered(consumer, registered, candidate);
        }
        this.producer = candidate;
        return true;
    }

    /** Forgets the producer; returns false if there was none. */
    boolean unregister() {
        if (producer == null) {
            return false;
        }
        producer = null;
        pausedByTls = false;
        return true;
    }
}
