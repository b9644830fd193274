package dev.weft.internet;

import java.util.Locale;

/**
 * A system event of the reactor that triggers can be added to (Twisted's {@code "startup"} and {@code "shutdown"} event
 * types). {@link #toString()} gives Twisted's spelling. Thread-safe.
 */
public enum SystemEvent {
    /** Fired when {@link IReactorCore#run()} starts the event loop. */
    STARTUP,
    /** Fired when {@link IReactorCore#stop()} ends it. */
    SHUTDOWN;

    /** {@return Twisted's spelling: {@code "startup"} or {@code "shutdown"}} */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
