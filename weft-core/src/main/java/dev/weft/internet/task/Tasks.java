package dev.weft.internet.task;

import dev.weft.defer.CancelledError;
import dev.weft.defer.Deferred;
import dev.weft.internet.IDelayedCall;
import dev.weft.internet.IReactorTime;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * The functions of Twisted's {@code twisted.internet.task} module; for now {@code deferLater}, which runs a call after
 * a delay and hands back its outcome as a {@link Deferred}.
 *
 * <pre>{@code
 * Deferred<String> greeting = Tasks.deferLater(reactor, 1.5, () -> "hello");
 * Deferred<@Nullable Void> pause = Tasks.deferLater(reactor, Duration.ofSeconds(2)); // Twisted's sleep idiom
 * }</pre>
 *
 * <p>As in Twisted, the call runs from the clock's {@code callLater}, never before it returns, even with no delay;
 * {@link Deferred#cancel()} before then cancels the delayed call, so the call never runs, and fails the Deferred with
 * a {@link CancelledError}. Call these on the clock's thread (the reactor thread, or the test thread driving a {@link
 * Clock}).
 */
public final class Tasks {
    private Tasks() {}

    /**
     * Returns a Deferred that fires with {@code null} {@code delaySeconds} from now: Twisted's {@code deferLater} with
     * no callable.
     * @throws IllegalArgumentException if {@code delaySeconds} is negative or not a number
     */
    public static Deferred<@Nullable Void> deferLater(IReactorTime clock, double delaySeconds) {
        return deferLater(clock, delaySeconds, () -> null);
    }

    /** Returns a Deferred that fires with {@code null} after {@code delay}, as {@link #deferLater(IReactorTime, double)}. */
    public static Deferred<@Nullable Void> deferLater(IReactorTime clock, Duration delay) {
        return deferLater(clock, seconds(delay));
    }

    /**
     * Calls {@code callable} {@code delaySeconds} from now: Twisted's {@code task.deferLater}. The Deferred fires with
     * what it returns (a Deferred it returns is waited for; use {@link #deferLaterDeferring} to keep the types) or
     * fails with what it throws.
     * @throws IllegalArgumentException if {@code delaySeconds} is negative or not a number (see DEVIATIONS.md); nothing
     *     is scheduled then
     */
    public static <T> Deferred<T> deferLater(
            IReactorTime clock, double delaySeconds, Callable<? extends @Nullable T> callable) {
        Objects.requireNonNull(callable, "callable");
        return schedule(clock, delaySeconds).addCallback(ignored -> callable.call());
    }

    /** Calls {@code callable} after {@code delay}, as {@link #deferLater(IReactorTime, double, Callable)}. */
    public static <T> Deferred<T> deferLater(
            IReactorTime clock, Duration delay, Callable<? extends @Nullable T> callable) {
        return deferLater(clock, seconds(delay), callable);
    }

    /**
     * Calls {@code callable} {@code delaySeconds} from now, and fires with the result of the Deferred it returns, as
     * {@link Deferred#addCallbackDeferring} does for a handler. Cancelling once the call has run cancels that Deferred.
     * @throws IllegalArgumentException if {@code delaySeconds} is negative or not a number; nothing is scheduled then
     */
    public static <T> Deferred<T> deferLaterDeferring(
            IReactorTime clock, double delaySeconds, Callable<? extends Deferred<? extends T>> callable) {
        Objects.requireNonNull(callable, "callable");
        return schedule(clock, delaySeconds).addCallbackDeferring(ignored -> callable.call());
    }

    /** Calls {@code callable} after {@code delay}, as {@link #deferLaterDeferring(IReactorTime, double, Callable)}. */
    public static <T> Deferred<T> deferLaterDeferring(
            IReactorTime clock, Duration delay, Callable<? extends Deferred<? extends T>> callable) {
        return deferLaterDeferring(clock, seconds(delay), callable);
    }

    /** Schedules the firing of a new Deferred, whose cancellation cancels the delayed call if it is still pending. */
    private static Deferred<@Nullable Object> schedule(IReactorTime clock, double delaySeconds) {
        Objects.requireNonNull(clock, "clock");
        if (!(delaySeconds >= 0)) {
            throw new IllegalArgumentException("deferLater's delay must be a number of seconds, 0 or more, not "
                    + delaySeconds + ": pass 0 to run the call on the clock's next turn");
        }
        PendingCall pending = new PendingCall();
        Deferred<@Nullable Object> fired = new Deferred<>(d -> pending.cancel());
        pending.call = clock.callLater(delaySeconds, () -> fired.callback(null));
        return fired;
    }

    private static double seconds(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        return delay.toNanos() / 1e9;
    }

    /** The delayed call behind a deferLater, for its Deferred's canceller. */
    private static final class PendingCall {
        private @Nullable IDelayedCall call;

        void cancel() {
            IDelayedCall c = call;
            if (c != null && c.active()) {
                c.cancel();
            }
        }
    }
}
