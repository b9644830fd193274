package dev.weft.internet.testing;

/**
 * Records one {@link MemoryReactor#addSystemEventTrigger} call (an entry of Twisted's {@code
 * MemoryReactor.triggers}); the record is also the trigger's id for {@link
 * MemoryReactor#removeSystemEventTrigger(Object)}.
 *
 * <p>Ids compare by identity, not by value: two registrations of the same call are two triggers.
 * Immutable; thread-safe.
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

    /**
     * Returns the phase the trigger runs in.
     *
     * @return {@code "before"}, {@code "during"} or {@code "after"}
     */
    public String phase() {
        return phase;
    }

    /**
     * Returns the event the trigger belongs to.
     *
     * @return e.g. {@code "startup"} or {@code "shutdown"}
     */
    public String eventType() {
        return eventType;
    }

    /**
     * Returns what the trigger runs.
     *
     * @return the call given to {@code addSystemEventTrigger}
     */
    public Runnable call() {
        return call;
    }

    /**
     * Describes the trigger for failure messages.
     *
     * @return phase, event type and call
     */
    @Override
    public String toString() {
        return "SystemEventTrigger[" + phase + " " + eventType + ": " + call + "]";
    }
}
