package dev.weft.internet.nio.internal;

import dev.weft.defer.Deferred;
import dev.weft.internet.Phase;
import dev.weft.internet.SystemEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * Holds system event triggers and fires them: Twisted's {@code _ThreePhaseEvent}. Triggers run
 * phase by phase, each in the order added (one added to an unfinished phase still runs), once, and
 * are then forgotten. {@code during} and {@code after} wait for every {@link Deferred} a {@code
 * before} trigger returned; a trigger that throws or fails is logged and holds nothing back.
 * Confined to the reactor thread.
 */
public final class SystemEvents {
    private static final Phase[] PHASES = Phase.values();

    private final Map<SystemEvent, List<Deque<Trigger>>> events = new EnumMap<>(SystemEvent.class);

    private static final class Trigger {
        final Phase phase;
        final SystemEvent eventType;
        final Callable<?> call;

        Trigger(Phase phase, SystemEvent eventType, Callable<?> call) {
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

    private List<Deque<Trigger>> queues(SystemEvent eventType) {
        return events.computeIfAbsent(
                eventType, t -> List.of(new ArrayDeque<>(), new ArrayDeque<>(), new ArrayDeque<>()));
    }

    /** Adds a trigger and returns its id. */
    public Object add(Phase phase, SystemEvent eventType, Runnable call) {
        return addDeferring(phase, eventType, () -> {
            call.run();
            return null;
        });
    }

    /** Adds a trigger whose {@link Deferred}, returned in {@code before}, holds back the later phases. */
    public Object addDeferring(Phase phase, SystemEvent eventType, Callable<?> call) {
        Trigger trigger = new Trigger(phase, eventType, call);
        queues(eventType).get(phase.ordinal()).add(trigger);
        return trigger;
    }

    /** Removes a trigger that has not run; throws {@link IllegalArgumentException} if there is none. */
    public void remove(Object id) {
        if (id instanceof Trigger trigger) {
            List<Deque<Trigger>> queues = events.get(trigger.eventType);
            if (queues != null && queues.get(trigger.phase.ordinal()).removeIf(t -> t == trigger)) {
                return;
            }
        }
        throw new IllegalArgumentException("no pending system event trigger has the id " + id
                + ": it was removed already, has run, or was not returned by addSystemEventTrigger");
    }

    /**
     * Fires {@code eventType}: its {@code before} triggers, then, once their Deferreds have fired,
     * {@code duringFirst}, the {@code during} and {@code after} triggers and {@code done}.
     *
     * @param eventType the event
     * @param duringFirst the reactor's own work for the event, first in the {@code during} phase
     * @param done runs after the last phase
     * @return {@code true} if every phase ran before this returned
     */
    public boolean fire(SystemEvent eventType, Runnable duringFirst, Runnable done) {
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
