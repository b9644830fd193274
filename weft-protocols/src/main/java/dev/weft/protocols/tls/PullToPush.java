package dev.weft.protocols.tls;

import dev.weft.internet.IConsumer;
import dev.weft.internet.IDelayedCall;
import dev.weft.internet.IPullProducer;
import dev.weft.internet.IPushProducer;
import dev.weft.internet.IReactorTime;
import java.lang.System.Logger.Level;
import org.jspecify.annotations.Nullable;

/**
 * Drives a pull producer as a push producer (Twisted's {@code _PullToPush}): a loop on the clock
 * calls its {@code resumeProducing()} once per {@code callLater(0)} until paused, stopped, or the
 * producer unregisters. The consumer calls {@link #startStreaming()} when it registers this and
 * {@link #stopStreaming()} when the producer unregisters. A {@code resumeProducing()} that throws is
 * logged and the producer is unregistered from the consumer (not stopped), as in Twisted.
 *
 * <p>Confined to the reactor thread.
 */
final class PullToPush implements IPushProducer {
    private static final System.Logger LOG = System.getLogger(PullToPush.class.getName());

    private final IPullProducer producer;
    private final IConsumer consumer;
    private final IReactorTime clock;
    private @Nullable IDelayedCall next;
    private boolean started;
    private boolean paused;
    private boolean finished;

    PullToPush(IPullProducer producer, IConsumer consumer, IReactorTime clock) {
        this.producer = producer;
        this.consumer = consumer;
        this.clock = clock;
    }

    /** {@return the pull producer this drives} */
    IPullProducer producer() {
        return producer;
    }

    /** Starts the loop: the first {@code resumeProducing()} runs on the clock's next turn. */
    void startStreaming() {
        started = true;
        schedule();
    }

    /** Ends the loop for good; the producer is asked for nothing more. */
    void stopStreaming() {
        if (finished) {
            return;
        }
        finished = true;
        cancel();
    }

    /** Suspends the loop (the transport beneath is full, or TLS holds writes). */
    @Override
    public void pauseProducing() {
        paused = true;
        cancel();
    }

    /** Lets the loop run again; harmless when it runs already. */
    @Override
    public void resumeProducing() {
        paused = false;
        schedule();
    }

    /** Ends the loop and stops the pull producer. */
    @Override
    public void stopProducing() {
        stopStreaming();
        producer.stopProducing();
    }

    private void schedule() {
        if (started && !paused && !finished && next == null) {
            next = clock.callLater(0, this::pull);
        }
    }

    private void cancel() {
        IDelayedCall call = next;
        next = null;
        if (call != null && call.active()) {
            call.cancel();
        }
    }

    /** One iteration: asks the producer for data, then schedules the next unless that ended the loop. */
    private void pull() {
        next = null;
        if (paused || finished) {
            return;
        }
        try {
            producer.resumeProducing();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, producer + " failed, producing will be stopped", e);
            try {
                consumer.unregisterProducer(); // the consumer calls stopStreaming()
            } catch (RuntimeException u) {
                LOG.log(Level.ERROR, consumer + " failed to unregister producer", u);
                finished = true;
            }
        }
        schedule();
    }

    @Override
    public String toString() {
        return "PullToPush[" + producer + "]";
    }
}
