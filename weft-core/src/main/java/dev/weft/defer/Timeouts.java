package dev.weft.defer;

import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/** Implements {@link Deferred#addTimeout}: a timer that cancels, a pair that turns that into a TimeoutError. */
final class Timeouts implements Runnable {
    private final Deferred<?> deferred;
    private boolean timedOut;

    private Timeouts(Deferred<?> deferred) {
        this.deferred = deferred;
    }

    static void add(
            Deferred<?> deferred,
            double seconds,
            Scheduler clock,
            @Nullable BiFunction<@Nullable Object, Double, @Nullable Object> onTimeoutCancel) {
        Timeouts timer = new Timeouts(deferred);
        ScheduledCall call = clock.callLater(seconds, timer);
        deferred.addBothAs(
                result -> {
                    if (!timer.timedOut) {
                        return result;
                    }
                    return onTimeoutCancel == null
                            ? cancelledToTimeout(result, seconds)
                            : onTimeoutCancel.apply(result, seconds);
                },
                HandlerTypeMismatch.TIMEOUT);
        deferred.addBothAs(
                result -> {
                    if (call.active()) {
                        call.cancel();
                    }
                    return result;
                },
                HandlerTypeMismatch.TIMEOUT);
    }

    /** Runs when the timeout elapses: marks the timeout and cancels the Deferred. */
    @Override
    public void run() {
        timedOut = true;
        deferred.cancel();
    }

    /** Turns a {@link CancelledError} Failure into a {@link TimeoutError}; passes anything else on. */
    private static @Nullable Object cancelledToTimeout(@Nullable Object result, double seconds) {
        if (result instanceof Failure failure) {
            failure.trap(CancelledError.class);
            throw new TimeoutError(seconds);
        }
        return result;
    }
}
