package dev.weft.protocols.tls;

import dev.weft.internet.IConsumer;
import dev.weft.internet.IProducer;
import dev.weft.internet.IPullProducer;
import dev.weft.internet.IPushProducer;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/**
 * Plaintext written but not yet encrypted, and the producer feeding it; a push producer (or a pull
 * producer driven by a {@link PullToPush}) is registered beneath through a {@link ProducerMembrane},
 * which pauses it while writes wait for the handshake; without a loop a pull producer goes through a
 * {@link PullGate}. Confined to the reactor thread.
 */
final class Outbound {
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    /** The bytes queued behind the head piece (the head's own are its {@code remaining()}). */
    private long behindHead;

    private @Nullable IProducer producer;
    private @Nullable ProducerMembrane membrane;
    private @Nullable PullGate gate;

    boolean isEmpty() {
        return queue.isEmpty();
    }

    void add(byte[] data) {
        if (!queue.isEmpty()) {
            behindHead += data.length;
        }
        queue.add(ByteBuffer.wrap(data));
    }

    /** {@return how many plaintext bytes wait to be encrypted} */
    long bytes() {
        ByteBuffer head = queue.peek();
        return head == null ? 0 : behindHead + head.remaining();
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
            ByteBuffer next = queue.peek();
            behindHead = next == null ? 0 : behindHead - next.remaining();
        }
    }

    void clear() {
        queue.clear();
        behindHead = 0;
    }

    boolean hasProducer() {
        return producer != null;
    }

    /** {@return the producer registered through TLS (the wrapped protocol's), or null} */
    @Nullable
    IProducer producer() {
        return producer;
    }

    /** Pauses the producer while writes wait for the handshake. */
    void holdProducer() {
        ProducerMembrane m = membrane;
        if (m != null) {
            m.hold();
        }
        PullGate g = gate;
        if (g != null) {
            g.hold();
        }
    }

    /** Lets the producer held by {@link #holdProducer()} run once nothing waits. */
    void releaseProducer() {
        if (!queue.isEmpty()) {
            return;
        }
        ProducerMembrane m = membrane;
        if (m != null && m.isHeld()) {
            m.release();
        }
        PullGate g = gate;
        if (g != null && g.isHeld()) {
            g.release();
        }
    }

    /** {@return what to register beneath for the pull producer just accepted, when no loop drives it} */
    IPullProducer gateFor(IPullProducer accepted) {
        PullGate g = new PullGate(accepted);
        gate = g;
        return g;
    }

    /** {@return what to register beneath for the push producer just accepted} */
    IPushProducer membraneFor(IPushProducer accepted) {
        ProducerMembrane m = new ProducerMembrane(accepted);
        membrane = m;
        return m;
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

    /** Forgets the producer, ending the loop that drives a pull producer; returns false if there was none. */
    boolean unregister() {
        if (producer == null) {
            return false;
        }
        ProducerMembrane m = membrane;
        producer = null;
        membrane = null;
        gate = null;
        if (m != null && m.producer() instanceof PullToPush loop) {
            loop.stopStreaming();
        }
        return true;
    }
}
