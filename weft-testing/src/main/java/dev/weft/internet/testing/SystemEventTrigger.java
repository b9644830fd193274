package dev.weft.internet.testing;

/**
 * Records one {@link MemoryReactor#addSystemEventTrigger} call; the record is also the trigger's id
 * for {@link MemoryReactor#removeSystemEventTrigger(Object)}, compared by identity. Immutable;
 * thread-safe.
 */
public final class SystemEventTrigger {
    private final String phase;
    private final String eventType;
    private final Runnable call;

    SystemEventTrigger(String phase, String eventType, Runnable call) {
        this.phase = phase;
        this.eventType = eventType;
        this.call = call;
    }

    /** {@return the phase: {@code "before"}, {@code "during"} or {@code "after"}} */
    public String phase() {
        return phase;
    }

    /** {@return the event, e.g. {@code "startup"} or {@code "shutdown"}} */
    public String eventType() {
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
