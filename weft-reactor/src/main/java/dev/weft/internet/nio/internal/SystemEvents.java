package dev.weft.internet.nio.internal;

import dev.weft.defer.Deferred;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * Holds system event triggers and fires them: Twisted's {@code _ThreeEventTrigger}. For an event the
 * triggers run phase by phase ({@code before}, {@code during}, {@code after}), each phase in the order
 * the triggers were added; a trigger added to a phase that has not finished yet still runs. Each
 * trigger runs once and is then forgotten, so removing it afterwards fails. As in Twisted's {@code
 * _ThreePhaseEvent}, the {@code during} and {@code after} phases wait until every {@link Deferred}
 * returned by a {@code before} trigger has fired; a trigger that throws, or whose Deferred fails, is
 * logged and holds nothing back.
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
        final Callable<?> call;

        Trigger(String phase, String eventType, Callable<?> call) {
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
        return addDeferring(phase, eventType, () -> {
            call.run();
            return null;
        });
    }

    /**
     * Adds a trigger whose result, if a {@link Deferred} returned in the {@code before} phase, holds
     * back the later phases until it fires.
     *
     * @param phase {@code "before"}, {@code "during"} or {@code "after"}
     * @param eventType the event
     * @param call what to run
     * @return the trigger's id
     * @throws IllegalArgumentException if the phase is unknown
     */
    public Object addDeferring(String phase, String eventType, Callable<?> call) {
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
     * Fires {@code eventType}: runs its {@code before} triggers, then, once every Deferred they
     * returned has fired (at once if none did), {@code duringFirst}, the {@code during} and {@code
     * after} triggers and {@code done}. What a trigger throws, and the failure of its Deferred, is
     * logged.
     *
     * @param eventType the event
     * @param duringFirst the reactor's own work for the event, first in the {@code during} phase
     * @param done runs after the last phase
     * @return {@code true} if every phase ran before this returned
     */
    public boolean fire(String eventType, Runnable duringFirst, Runnable done) {
        List<Deque<Trigger>> queues = queues(eventType);
        List<Deferred<?>> waits = new ArrayList<>();
        Trigger next;
        while ((next = queues.get(0).poll()) != null) {
            Object result = runTrigger(next);
            if (result instanceof Deferred<?> d) {
                waits.add(d);
            }
        }
        int[] left = {waits.size()};
        boolean[] finished = {false};
        Runnable rest = () -> {
            runLaterPhases(queues, duringFirst);
            finished[0] = true;
            done.run();
        };
        if (waits.isEmpty()) {
            rest.run();
            return true;
        }
        for (Deferred<?> d : waits) {
            d.addCallbacks(
                    value -> {
                        if (--left[0] == 0) {
                            rest.run();
                        }
                        return null;
                    },
                    failure -> {
                        Faults.callbackFailed("the Deferred of a before " + eventType + " trigger", failure.value());
                        if (--left[0] == 0) {
                            rest.run();
                        }
                        return null;
                    });
        }
        return finished[0];
    }

    private static @Nullable Object runTrigger(Trigger trigger) {
        try {
            return trigger.call.call();
        } catch (Throwable t) {
            Faults.callbackFailed("system event trigger " + trigger, t);
            return null;
        }
    }

    private static void runLaterPhases(List<Deque<Trigger>> queues, Runnable duringFirst) {
        duringFirst.run();
        for (int phase = 1; phase < PHASES.length; phase++) {
            Trigger next;
            while ((next = queues.get(phase).poll()) != null) {
                runTrigger(next);
            }
        }
    }
}
