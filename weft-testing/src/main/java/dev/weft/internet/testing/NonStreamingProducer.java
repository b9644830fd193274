package dev.weft.internet.testing;

import dev.weft.defer.Deferred;
import dev.weft.internet.IConsumer;
import dev.weft.internet.IPullProducer;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Twisted's {@code NonStreamingProducer}: a pull producer that writes {@code "0"} to {@code "9"}, one per {@link
 * #resumeProducing()}, then unregisters itself and fires {@link #result()}. A further resume throws; {@link
 * #stopProducing()} sets {@link #isStopped()} and fires {@link #result()} too, or after it finished only sets the flag
 * (see DEVIATIONS.md). Confined to the reactor thread.
 */
public final class NonStreamingProducer implements IPullProducer {
    /** How many pieces the producer writes. */
    public static final int COUNT = 10;

    private final Deferred<Void> result = new Deferred<>();
    private @Nullable IConsumer consumer;
    private int counter;
    private boolean stopped;
    private boolean done;

    /** Creates a producer for {@code consumer}; register it with {@code consumer.registerProducer(p, false)}. */
    public NonStreamingProducer(IConsumer consumer) {
        this.consumer = consumer;
    }

    /** Writes the next value, the tenth unregistering and firing {@link #result()}; throws if finished or stopped. */
    @Override
    public void resumeProducing() {
        IConsumer c = consumer;
        if (c == null || counter >= COUNT) {
            throw new IllegalStateException("BUG: resumeProducing after unregister/stop (" + this + ")");
        }
        c.write(Integer.toString(counter).getBytes(StandardCharsets.US_ASCII));
        counter++;
        if (counter == COUNT) {
            c.unregisterProducer();
            finish();
        }
    }

    /** Throws {@link IllegalStateException}: a consumer must never pause a pull producer. */
    public void pauseProducing() {
        throw new IllegalStateException("BUG: pauseProducing should never be called on a pull producer");
    }

    /** Sets {@link #isStopped()} and fires {@link #result()} unless it already fired. */
    @Override
    public void stopProducing() {
        stopped = true;
        finish();
    }

    private void finish() {
        consumer = null;
        if (!done) {
            done = true;
            result.callback(null);
        }
    }

    /** {@return the Deferred that fires with null when the producer finished or was stopped} */
    public Deferred<Void> result() {
        return result;
    }

    /** {@return how many pieces were written, 0 to {@value #COUNT}} */
    public int counter() {
        return counter;
    }

    /** {@return whether {@link #stopProducing()} was called} */
    public boolean isStopped() {
        return stopped;
    }

    @Override
    public String toString() {
        return "NonStreamingProducer[counter=" + counter + (stopped ? ", stopped" : "") + (done ? ", done" : "") + "]";
    }
}
