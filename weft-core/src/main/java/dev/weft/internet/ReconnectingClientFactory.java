package dev.weft.internet;

import dev.weft.defer.Failure;
import java.lang.System.Logger.Level;
import java.util.Random;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Twisted's {@code ReconnectingClientFactory}: a client factory that reconnects with exponential back-off.
 *
 * <p>Each failed or lost connection schedules {@link IConnector#connect()} after {@link #delay()} seconds, multiplied
 * by {@link #factor()} before each retry, capped at {@link #maxDelay()} and randomised by {@link #jitter()}. Call
 * {@link #resetDelay()} once a connection succeeds (typically from {@code connectionMade}) and {@link #stopTrying()} to
 * give up. Retries run on the clock given to the constructor or {@link #setClock}, or else on the clock of the
 * reactor the connection was made with ({@link IConnector#reactorTime()}), so a subclass that only sets its protocol
 * works as in Twisted. Confined to the reactor thread.
 */
public class ReconnectingClientFactory extends ClientFactory {
    private static final System.Logger LOG = System.getLogger(ReconnectingClientFactory.class.getName());

    private double maxDelay = 3600;
    private double initialDelay = 1.0;
    private double factor = Math.E;
    private double jitter = 0.119626565582;
    private double delay = initialDelay;
    private int retries;
    private @Nullable Integer maxRetries;
    private boolean continueTrying = true;
    private @Nullable IConnector connector;
    private @Nullable IReactorTime clock;
    private @Nullable IDelayedCall pendingRetry;
    private Random random = new Random();

    /** Creates a factory that retries on the clock of the reactor it connects with (see {@link #setClock}). */
    public ReconnectingClientFactory() {}

    /** Creates a factory that schedules its retries on {@code clock}. */
    public ReconnectingClientFactory(IReactorTime clock) {
        this.clock = clock;
    }

    /** Creates a factory that retries on {@code clock} and builds protocols with {@code protocol}. */
    public ReconnectingClientFactory(IReactorTime clock, Supplier<? extends IProtocol> protocol) {
        super(protocol);
        this.clock = clock;
    }

    /**
     * Returns a reconnecting factory that calls {@code protocol} once per connection and retries on the connector's
     * clock: Twisted's {@code ReconnectingClientFactory.forProtocol}. Hides {@link ClientFactory#forProtocol}, which
     * would build a plain {@code ClientFactory}.
     */
    public static ReconnectingClientFactory forProtocol(Supplier<? extends IProtocol> protocol) {
        ReconnectingClientFactory factory = new ReconnectingClientFactory();
        factory.setProtocol(protocol);
        return factory;
    }

    /** Remembers the connector and retries, unless {@link #stopTrying()} was called. */
    @Override
    public void clientConnectionFailed(IConnector connector, Failure reason) {
        if (continueTrying) {
            this.connector = connector;
            retry();
        }
    }

    /** Remembers the connector and retries, unless {@link #stopTrying()} was called. */
    @Override
    public void clientConnectionLost(IConnector connector, Failure reason) {
        if (continueTrying) {
            this.connector = connector;
            retry();
        }
    }

    /** Schedules another attempt on the remembered connector; see {@link #retry(IConnector)}. */
    public void retry() {
        retry(null);
    }

    /**
     * Schedules {@code connector.connect()} (null: the remembered one) after the next back-off delay, unless {@link
     * #stopTrying()} was called or more than {@link #maxRetries()} retries were counted.
     * @throws IllegalStateException if no connector is given or remembered, or neither this factory nor the
     *     connector has a clock
     */
    public void retry(@Nullable IConnector connector) {
        if (!continueTrying) {
            if (isNoisy()) {
                LOG.log(Level.INFO, "Abandoning {0} on explicit request", connector);
            }
            return;
        }
        IConnector target = connector != null ? connector : this.connector;
        if (target == null) {
            throw new IllegalStateException("no connector to retry: pass one to retry(connector)");
        }
        retries++;
        Integer max = maxRetries;
        if (max != null && retries > max) {
            if (isNoisy()) {
                LOG.log(Level.INFO, "Abandoning {0} after {1} retries.", target, retries);
            }
            return;
        }
        delay = Math.min(delay * factor, maxDelay);
        if (jitter != 0) {
            delay = Math.max(0, delay + random.nextGaussian() * delay * jitter);
        }
        IReactorTime c = clock != null ? clock : target.reactorTime();
        if (c == null) {
            throw new IllegalStateException("no clock to schedule the retry of " + target + " on: its connector"
                    + " belongs to no reactor with a clock, so pass one to the constructor or call setClock");
        }
        if (isNoisy()) {
            LOG.log(Level.INFO, "{0} will retry in {1} seconds", target, (long) delay);
        }
        pendingRetry = c.callLater(delay, () -> {
            pendingRetry = null;
            target.connect();
        });
    }

    /** Cancels the pending retry, stops further retries and stops the remembered connector. */
    public void stopTrying() {
        IDelayedCall pending = pendingRetry;
        if (pending != null) {
            pending.cancel();
            pendingRetry = null;
        }
        continueTrying = false;
        IConnector c = connector;
        if (c != null) {
            try {
                c.stopConnecting();
            } catch (NotConnectingError notConnecting) {
                // Nothing to stop: the connector is connected or idle.
            }
        }
    }

    /** Restores the initial delay and retry count and allows retries again; a scheduled retry stays. */
    public void resetDelay() {
        delay = initialDelay;
        retries = 0;
        pendingRetry = null;
        continueTrying = true;
    }

    /** {@return the delay, in seconds, of the latest retry (or the initial delay)} */
    public double delay() {
        return delay;
    }

    /** {@return how many retries were counted since the start or the last {@link #resetDelay()}} */
    public int retries() {
        return retries;
    }

    /** {@return whether failures and losses still lead to retries}; false after {@link #stopTrying()}. */
    public boolean continueTrying() {
        return continueTrying;
    }

    /** {@return the connector of the last failed or lost connection, or null} */
    public @Nullable IConnector connector() {
        return connector;
    }

    /** {@return the clock given to the constructor or {@link #setClock}, or null: retries use the connector's} */
    public @Nullable IReactorTime clock() {
        return clock;
    }

    /** Sets the clock retries are scheduled on, in place of the connector's. */
    public void setClock(IReactorTime clock) {
        this.clock = clock;
    }

    /** Sets the random source of the jitter, e.g. a seeded one in a test. */
    public void setRandom(Random random) {
        this.random = random;
    }

    /** {@return the longest delay, in seconds, before jitter}; 3600 by default. */
    public double maxDelay() {
        return maxDelay;
    }

    /** Sets the longest delay before jitter, in seconds; throws {@link IllegalArgumentException} if negative or NaN. */
    public void setMaxDelay(double maxDelay) {
        this.maxDelay = requireNonNegative("maxDelay", maxDelay);
    }

    /** {@return the delay that {@link #resetDelay()} restores}; 1.0 by default. */
    public double initialDelay() {
        return initialDelay;
    }

    /**
     * Sets the initial delay in seconds, and the current one while no retry was counted (see DEVIATIONS.md).
     * @throws IllegalArgumentException if {@code initialDelay} is negative or not a number
     */
    public void setInitialDelay(double initialDelay) {
        this.initialDelay = requireNonNegative("initialDelay", initialDelay);
        if (retries == 0) {
            delay = initialDelay;
        }
    }

    /** {@return the factor the delay grows by before each retry}; e by default. */
    public double factor() {
        return factor;
    }

    /**
     * Sets the factor the delay grows by before each retry; throws {@link IllegalArgumentException} unless positive.
     */
    public void setFactor(double factor) {
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("factor must be a positive finite number, not " + factor);
        }
        this.factor = factor;
    }

    /** {@return the relative standard deviation of each delay's random part}; 0.1196 by default. */
    public double jitter() {
        return jitter;
    }

    /** Sets the relative standard deviation of each delay's random part (0: none); not negative or NaN. */
    public void setJitter(double jitter) {
        this.jitter = requireNonNegative("jitter", jitter);
    }

    /** {@return how many consecutive retries are allowed, or null for no limit (the default)} */
    public @Nullable Integer maxRetries() {
        return maxRetries;
    }

    /** Sets how many consecutive retries are allowed, or null for no limit; not negative. */
    public void setMaxRetries(@Nullable Integer maxRetries) {
        if (maxRetries != null && maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative, not " + maxRetries);
        }
        this.maxRetries = maxRetries;
    }

    private static double requireNonNegative(String name, double value) {
        if (!(value >= 0)) {
            throw new IllegalArgumentException(name + " must be a non-negative number, not " + value);
        }
        return value;
    }
}
