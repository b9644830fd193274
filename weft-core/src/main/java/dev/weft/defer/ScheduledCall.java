package dev.weft.defer;

/** A call a {@link Scheduler} will run later; confined to the scheduler's thread. */
public interface ScheduledCall {
    /** Cancels the call; throws {@link IllegalStateException} (or the reactor's error) if it ran or was cancelled. */
    void cancel();

    /** Tells whether the call is still to run: true until it runs or is cancelled. */
    boolean active();
}
