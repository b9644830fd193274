package dev.weft.internet.nio.internal;

import dev.weft.internet.IConsumer;
import dev.weft.internet.IProducer;
import dev.weft.internet.IPullProducer;
import dev.weft.internet.IPushProducer;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The producer registered with a connection and whether the connection paused it: Twisted's {@code
 * producer}, {@code streamingProducer} and {@code producerPaused}. Confined to the reactor thread.
 */
final class ProducerSlot {
    private @Nullable IProducer producer;
    private boolean streaming;
    private boolean paused;

    /** Tells whether a producer is registered. */
    boolean isRegistered() {
        return producer != null;
    }

    /** Whether a push producer is paused because the buffer went over the high-water mark. */
    boolean isPausedByBuffer() {
        return producer != null && streaming && paused;
    }

    /** Treats the registered push producer as paused by the buffer, so a drain resumes it. */
    void keepPaused() {
        if (producer != null && streaming) {
            paused = true;
        }
    }

    /** Whether the registered producer is a push producer; false when there is none. */
    boolean isStreaming() {
        return producer != null && streaming;
    }

    /**
     * Registers {@code candidate}: a pull producer is resumed at once; on a connection that is gone
     * it is stopped instead. Throws {@link IllegalStateException} if one is already registered.
     */
    void register(IConsumer consumer, IProducer candidate, boolean isStreaming, boolean connectionUp) {
        Objects.requireNonNull(candidate, "producer");
        IProducer current = producer;
        if (current != null) {
            throw IConsumer.alreadyRegistered(consumer, current, candidate);
        }
        if (!connectionUp) {
            candidate.stopProducing();
            return;
        }
        producer = candidate;
        streaming = isStreaming;
        paused = false;
        if (!isStreaming) {
            ((IPullProducer) candidate).resumeProducing();
        }
    }

    /** Forgets the producer; returns whether there was one. */
    boolean unregister() {
        boolean was = producer != null;
        producer = null;
        paused = false;
        return was;
    }

    /** Pauses a streaming producer: the write buffer passed the high-water mark (again). */
    void overHighWaterMark() {
        IProducer p = producer;
        if (p != null && streaming) {
            paused = true;
            ((IPushProducer) p).pauseProducing();
        }
    }

    /** Resumes a pull producer, or a paused push producer, after a drain; returns whether it did. */
    boolean resumeAfterDrain() {
        IProducer p = producer;
        if (p == null || (streaming && !paused)) {
            return false;
        }
        paused = false;
        if (streaming) {
            ((IPushProducer) p).resumeProducing();
        } else {
            ((IPullProducer) p).resumeProducing();
        }
        return true;
    }

    /** Unregisters the producer and returns it, for {@code stopProducing}. */
    @Nullable
    IProducer take() {
        IProducer p = producer;
        unregister();
        return p;
    }

    @Override
    public String toString() {
        return String.valueOf(producer);
    }
}
