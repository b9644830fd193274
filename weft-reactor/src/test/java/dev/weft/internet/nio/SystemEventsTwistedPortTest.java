package dev.weft.internet.nio;

import static dev.weft.internet.nio.internal.Faults.LOGGER_NAME;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Deferred;
import dev.weft.internet.Phase;
import dev.weft.internet.SystemEvent;
import dev.weft.internet.testing.LogCapture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Ports of Twisted 22.4's internet/test/test_core.py {@code SystemEventTestsBuilder} tests of
 * {@code crash} and of asynchronous triggers (Twisted's {@code _ThreePhaseEvent}), run on this thread.
 */
final class SystemEventsTwistedPortTest {
    private final NioReactor reactor = new NioReactor(1);

    /** Port of {@code test_crash}. */
    @Test
    void crashStopsTheReactorWithoutFiringTheShutdownTriggers() {
        List<String> events = new ArrayList<>();
        reactor.addSystemEventTrigger(Phase.BEFORE, SystemEvent.SHUTDOWN, () -> events.add("before shutdown"));
        reactor.callWhenRunning(() -> reactor.callLater(0, reactor::crash));

        reactor.run();

        assertThat(reactor.isRunning()).isFalse();
        assertThat(events)
                .as("shutdown triggers invoked but they should not have been")
                .isEmpty();
        reactor.close();
        assertThat(events).containsExactly("before shutdown");
    }

    /** Port of {@code test_runAfterCrash}. */
    @Test
    void runRestartsTheReactorAfterACrash() {
        List<Object> events = new ArrayList<>();
        reactor.callWhenRunning(() -> {
            events.add("crash");
            reactor.crash();
        });
        reactor.run();

        reactor.callWhenRunning(() -> {
            events.add("stop " + reactor.isRunning());
            reactor.stop();
        });
        reactor.run();

        assertThat(events).containsExactly("crash", "stop true");
        assertThat(reactor.isShutDown()).isTrue();
    }

    /** Port of {@code test_runWithAsynchronousBeforeStartupTrigger}. */
    @Test
    void anUnfiredDeferredFromABeforeStartupTriggerHoldsTheLaterPhasesWhileTheLoopRuns() {
        List<String> events = new ArrayList<>();
        reactor.addSystemEventTriggerDeferring(Phase.BEFORE, SystemEvent.STARTUP, () -> {
            events.add("trigger");
            Deferred<Object> d = new Deferred<>();
            d.addCallback(ignored -> {
                events.add("callback");
                reactor.stop();
                return null;
            });
            reactor.callLater(0, () -> d.callback(null));
            return d;
        });
        reactor.addSystemEventTrigger(Phase.DURING, SystemEvent.STARTUP, () -> events.add("during startup"));

        reactor.run();

        assertThat(events).containsExactly("trigger", "callback", "during startup");
    }

    @Test
    void anUnfiredDeferredFromABeforeShutdownTriggerHoldsTheShutdownWhileTheLoopRuns() {
        List<String> events = new ArrayList<>();
        reactor.addSystemEventTriggerDeferring(Phase.BEFORE, SystemEvent.SHUTDOWN, () -> {
            events.add("before shutdown");
            Deferred<Object> d = new Deferred<>();
            reactor.callLater(0, () -> {
                events.add("timer ran during the wait");
                d.callback(null);
            });
            return d;
        });
        reactor.addSystemEventTrigger(Phase.DURING, SystemEvent.SHUTDOWN, () -> events.add("during shutdown"));
        reactor.addSystemEventTrigger(Phase.AFTER, SystemEvent.SHUTDOWN, () -> events.add("after shutdown"));
        reactor.callWhenRunning(reactor::stop);

        reactor.run();

        assertThat(events)
                .containsExactly("before shutdown", "timer ran during the wait", "during shutdown", "after shutdown");
        assertThat(reactor.isShutDown()).isTrue();
    }

    @Test
    void aFailingTriggerOrDeferredIsLoggedAndDoesNotStopTheOthers() {
        List<String> events = new ArrayList<>();
        try (LogCapture log = new LogCapture(LOGGER_NAME)) {
            reactor.addSystemEventTrigger(Phase.BEFORE, SystemEvent.SHUTDOWN, () -> {
                throw new IllegalStateException("thrown by a trigger");
            });
            reactor.addSystemEventTriggerDeferring(
                    Phase.BEFORE,
                    SystemEvent.SHUTDOWN,
                    () -> Deferred.fail(new IllegalArgumentException("failed Deferred")));
            reactor.addSystemEventTriggerDeferring(Phase.BEFORE, SystemEvent.SHUTDOWN, () -> {
                events.add("second before");
                return Deferred.succeed("fine");
            });
            reactor.addSystemEventTrigger(Phase.DURING, SystemEvent.SHUTDOWN, () -> events.add("during"));
            reactor.callWhenRunning(reactor::stop);

            reactor.run();

            assertThat(events).containsExactly("second before", "during");
            assertThat(log.thrown(Throwable.class))
                    .extracting(Throwable::getMessage)
                    .contains("thrown by a trigger", "failed Deferred");
        }
    }
}
