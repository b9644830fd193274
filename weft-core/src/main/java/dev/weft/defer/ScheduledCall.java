package dev.weft.defer;

/**
 * A call a {@link Scheduler} will run later; {@link dev.weft.internet.IDelayedCall} is the full
 * reactor form.
 *
 * <p>Confined to the scheduler's thread.
 */
public interface ScheduledCall {
    /**
     * Cancels the call.
     *
     * @throws IllegalStateException (or a reactor's own error) if it already ran or was cancelled
     */
    void cancel();

    /**
     * Tells whether the call is still to run.
     *
     * @return true until it runs or is cancelled
     */
    boolean active();
}
