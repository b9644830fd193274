package dev.weft.internet.nio.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Holds system event triggers and fires them: Twisted's {@code _ThreeEventTrigger}. For an event the
 * triggers run phase by phase ({@code before}, {@code during}, {@code after}), each phase in the order
 * the triggers were added; a trigger added to a phase that has not finished yet still runs. Each
 * trigger runs once and is then forgotten, so removing it afterwards fails.
 *
 * <p>Confined to the reactor thread.
 */
public final class SystemEvents {
    /** The three phases, in the order they run. */
    public static final String[] PHASES = {"before", "during", "after"};

    private final Map<String, List<Deque<Trigger>>> events = new HashMap<>();

    private static final class Trigger {
        final String phase;
        final String eventType;
        final Runnable call;

        Trigger(String phase, String eventType, Runnable call) {
            this.phase = phase;
            this.eventType = eventType;
            this.call = call;
        }

        @Override
        public String toString() {
            return "Trigger(" + phase + " " + eventType + ": " + call + ")";
        }
    }

    /** Creates an empty set of triggers. */
    public SystemEvents() {}

    private static int phaseIndex(String phase) {
        for (int i = 0; i < PHASES.length; i++) {
            if (PHASES[i].equals(phase)) {
                return i;
            }
        }
        throw new IllegalArgumentException("phase must be \"before\", \"during\" or \"after\", not \"" + phase + "\"");
    }

    private List<Deque<Trigger>> queues(String eventType) {
        return events.computeIfAbsent(
                eventType, t -> List.of(new ArrayDeque<>(), new ArrayDeque<>(), new ArrayDeque<>()));
    }

    /**
     * Adds a trigger.
     *
     * @param phase {@code "before"}, {@code "during"} or {@code "after"}
     * @param eventType the event
     * @param call what to run
     * @return the trigger's id
     * @throws IllegalArgumentException if the phase is unknown
     */
    public Object add(String phase, String eventType, Runnable call) {
        Trigger trigger = new Trigger(phase, eventType, call);
        queues(eventType).get(phaseIndex(phase)).add(trigger);
        return trigger;
    }

    /**
     * Removes a trigger that has not run.
     *
     * @param id what {@link #add} returned
     * @throws IllegalArgumentException if there is no such pending trigger
     */
    public void remove(Object id) {
        if (id instanceof Trigger trigger) {
            List<Deque<Trigger>> queues = events.get(trigger.eventType);
            if (queues != null && queues.get(phaseIndex(trigger.phase)).removeIf(t -> t == trigger)) {
                return;
            }
        }
        throw new IllegalArgumentException("no pending system event trigger has the id " + id
                + ": it was removed already, has run, or was not returned by addSystemEventTrigger");
    }

    /**
     * Fires {@code eventType}: runs its triggers phase by phase, logging what they throw; {@code
     * duringFirst} runs at the start of the {@code during} phase, before the triggers of that phase.
     *
     * @param eventType the event
     * @param duringFirst the reactor's own work for the event
     */
    public void fire(String eventType, Runnable duringFirst) {
        List<Deque<Trigger>> queues = queues(eventType);
        for (int phase = 0; phase < PHASES.length; phase++) {
            if (phase == 1) {
                duringFirst.run();
            }
            Trigger next;
            while ((next = queues.get(phase).poll()) != null) {
                try {
                    next.call.run();
                } catch (Throwable t) {
                    Faults.callbackFailed("system event trigger " + next, t);
                }
            }
        }
    }
}
