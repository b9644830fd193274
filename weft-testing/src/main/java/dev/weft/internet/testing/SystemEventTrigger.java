package dev.weft.internet.testing;

import dev.weft.internet.Phase;
import dev.weft.internet.SystemEvent;

/**
 * Records one {@link MemoryReactor#addSystemEventTrigger} call; the record is also the trigger's id for {@link
 * MemoryReactor#removeSystemEventTrigger(Object)}, compared by identity. Immutable; thread-safe.
 */
public final class SystemEventTrigger {
    private final Phase phase;
    private final SystemEvent eventType;
    private final Runnable call;

    SystemEventTrigger(Phase phase, SystemEvent eventType, Runnable call) {
        this.phase = phase;
        this.eventType = eventType;
        this.call = call;
    }

    /** {@return the phase the trigger runs in} */
    public Phase phase() {
        return phase;
    }

    /** {@return the event the trigger belongs to} */
    public SystemEvent eventType() {
        return eventType;
    }

    /** {@return the call given to {@code addSystemEventTrigger}} */
    public Runnable call() {
        return call;
    }

    @Override
    public String toString() {
        return "SystemEventTrigger[" + phase + " " + eventType + ": " + call + "]";
    }
}
