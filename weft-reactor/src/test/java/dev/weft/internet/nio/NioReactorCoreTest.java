package dev.weft.internet.nio;

import static dev.weft.internet.nio.internal.Faults.LOGGER_NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.defer.Deferred;
import dev.weft.internet.ConnectError;
import dev.weft.internet.ConnectionLost;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.Phase;
import dev.weft.internet.SystemEvent;
import dev.weft.internet.testing.AccumulatingClientFactory;
import dev.weft.internet.testing.AccumulatingServerFactory;
import dev.weft.internet.testing.LogCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The reactor's lifecycle: run, stop, system events, stepping, shutdown and thread confinement. */
final class NioReactorCoreTest {

    @Test
    void systemEventTriggersRunPhaseByPhaseInOrderAdded() {
        NioReactor reactor = new NioReactor();
        List<String> events = new ArrayList<>();
        reactor.addSystemEventTrigger(
                Phase.AFTER, SystemEvent.STARTUP, () -> events.add("after startup " + reactor.isRunning()));
        reactor.addSystemEventTrigger(
                Phase.BEFORE, SystemEvent.STARTUP, () -> events.add("before startup " + reactor.isRunning()));
        reactor.addSystemEventTrigger(Phase.DURING, SystemEvent.STARTUP, () -> events.add("during startup 1"));
        reactor.addSystemEventTrigger(Phase.DURING, SystemEvent.STARTUP, () -> events.add("during startup 2"));
        reactor.addSystemEventTrigger(
                Phase.BEFORE, SystemEvent.SHUTDOWN, () -> events.add("before shutdown " + reactor.isRunning()));
        reactor.addSystemEventTrigger(Phase.DURING, SystemEvent.SHUTDOWN, () -> events.add("during shutdown"));
        reactor.addSystemEventTrigger(Phase.AFTER, SystemEvent.SHUTDOWN, () -> events.add("after shutdown"));
        reactor.callWhenRunning(() -> events.add("running"));
        reactor.callWhenRunning(reactor::stop);

        reactor.run();

        assertThat(events)
                .containsExactly(
                        "before startup false",
                        "during startup 1",
                        "during startup 2",
                        "after startup true",
                        "running",
                        "before shutdown true",
                        "during shutdown",
                        "after shutdown");
        assertThat(reactor.isRunning()).isFalse();
    }

    @Test
    void callWhenRunningRunsAtOnceWhenTheReactorAlreadyRuns() {
        try (ReactorThread rt = ReactorThread.start()) {
            List<String> events = new ArrayList<>();
            Object id = rt.call(() -> {
                Object trigger = rt.reactor().callWhenRunning(() -> events.add("ran"));
                events.add("returned");
                return trigger == null ? "null" : trigger;
            });
            assertThat(id).isEqualTo("null");
            assertThat(events).containsExactly("ran", "returned");
        }
    }

    @Test
    void aRemovedTriggerDoesNotRunAndCannotBeRemovedTwice() {
        NioReactor reactor = new NioReactor();
        List<String> events = new ArrayList<>();
        Object id = reactor.addSystemEventTrigger(Phase.BEFORE, SystemEvent.STARTUP, () -> events.add("removed"));
        reactor.removeSystemEventTrigger(id);
        assertThatThrownBy(() -> reactor.removeSystemEventTrigger(id))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no pending system event trigger");
        reactor.callWhenRunning(reactor::stop);
        reactor.run();
        assertThat(events).isEmpty();
    }

    @Test
    void aMissingPhaseOrEventIsRejectedByName() {
        try (NioReactor reactor = new NioReactor()) {
            assertThatThrownBy(() -> reactor.addSystemEventTrigger(null, SystemEvent.STARTUP, () -> {}))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("phase");
            assertThatThrownBy(() -> reactor.addSystemEventTriggerDeferring(Phase.BEFORE, null, () -> null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("event");
        }
    }

    @Test
    void aFailingTriggerIsLoggedInTwistedsWordsForItsPhaseAndEvent() {
        NioReactor reactor = new NioReactor();
        try (LogCapture log = new LogCapture(LOGGER_NAME)) {
            reactor.addSystemEventTrigger(Phase.BEFORE, SystemEvent.STARTUP, () -> {
                throw new IllegalStateException("boom");
            });
            reactor.callWhenRunning(reactor::stop);
            reactor.run();
            assertThat(log.records()).anySatisfy(r -> assertThat(r.getMessage()).contains("Trigger(before startup: "));
        }
    }

    @Test
    void aThrowingTriggerIsLoggedAndTheOthersStillRun() {
        NioReactor reactor = new NioReactor();
        List<String> events = new ArrayList<>();
        reactor.addSystemEventTrigger(Phase.BEFORE, SystemEvent.STARTUP, () -> {
            throw new IllegalStateException("boom");
        });
        reactor.addSystemEventTrigger(Phase.BEFORE, SystemEvent.STARTUP, () -> events.add("second"));
        reactor.callWhenRunning(reactor::stop);
        reactor.run();
        assertThat(events).containsExactly("second");
    }

    @Test
    void aReactorCannotBeRestarted() {
        NioReactor reactor = new NioReactor();
        reactor.callWhenRunning(reactor::stop);
        reactor.run();
        assertThatThrownBy(reactor::run)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot be restarted");
    }

    @Test
    void stopWhenNotRunningThrowsReactorNotRunning() {
        try (NioReactor reactor = new NioReactor()) {
            assertThatThrownBy(reactor::stop)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("ReactorNotRunning");
        }
    }

    @Test
    void stopTwiceThrows() {
        NioReactor reactor = new NioReactor();
        AtomicReference<Throwable> second = new AtomicReference<>();
        reactor.callWhenRunning(() -> {
            reactor.stop();
            try {
                reactor.stop();
            } catch (IllegalStateException e) {
                second.set(e);
            }
        });
        reactor.run();
        assertThat(second.get()).hasMessageContaining("already called");
    }

    @Test
    void confinedMethodsThrowOnAnotherThreadAndNameTheWayIn() {
        try (ReactorThread rt = ReactorThread.start()) {
            NioReactor reactor = rt.reactor();
            assertThatThrownBy(() -> reactor.listenTCP(0, new AccumulatingServerFactory(), 50, "127.0.0.1"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("listenTCP")
                    .hasMessageContaining("callFromThread");
            assertThatThrownBy(() -> reactor.callLater(1, () -> {})).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> reactor.runOnce(Duration.ZERO)).isInstanceOf(IllegalStateException.class);
            assertThat(reactor.isReactorThread()).isFalse();
            assertThat(rt.call(reactor::isReactorThread)).isTrue();
        }
    }

    @Test
    void shutdownClosesEveryPortAndConnectionAndDeliversEachConnectionLost() {
        ReactorThread rt = ReactorThread.start();
        TcpPair pair;
        try {
            pair = TcpPair.open(rt);
            assertThat(rt.call(() -> rt.reactor().openSocketCount())).isEqualTo(3);
        } finally {
            rt.close();
        }
        // The reactor thread has ended: reading its state is safe now.
        assertThat(pair.server.isClosed()).isTrue();
        assertThat(pair.client.isClosed()).isTrue();
        assertThat(pair.server.closedReason().value())
                .isInstanceOf(ConnectionLost.class)
                .hasMessageContaining("reactor stopped");
        assertThat(pair.client.closedReason().value()).isInstanceOf(ConnectionLost.class);
        assertThat(pair.clientFactory.lostReason()).isNotNull();
        assertThat(pair.clientFactory.isStopped()).isTrue();
        assertThat(pair.serverFactory.numPorts()).isZero();
        assertThat(pair.serverClosed.isCalled()).isTrue();
        assertThat(pair.clientClosed.isCalled()).isTrue();
    }

    @Test
    void shutdownFailsAConnectAttemptInProgress() {
        ReactorThread rt = ReactorThread.start();
        AccumulatingClientFactory factory = new AccumulatingClientFactory();
        try {
            // A connect whose name lookup never starts a socket before the reactor stops: the attempt is
            // failed by the shutdown. 192.0.2.1 (TEST-NET-1) is not routed; the stop comes first anyway.
            rt.execute(() -> {
                rt.reactor().connectTCP("192.0.2.1", 9, factory);
                rt.reactor().stop();
            });
        } finally {
            rt.close();
        }
        assertThat(factory.isFailed()).isTrue();
        assertThat(factory.reason().value()).isInstanceOf(ConnectError.class);
        assertThat(factory.isStopped()).isTrue();
    }

    @Test
    void aSteppedReactorServesConnectionsOnTheTestThreadAndCloseShutsItDown() {
        NioReactor reactor = new NioReactor();
        AccumulatingServerFactory serverFactory = new AccumulatingServerFactory(Sink::new);
        AccumulatingClientFactory clientFactory = new AccumulatingClientFactory(Sink::new);
        Deferred<dev.weft.internet.testing.AccumulatingProtocol> serverMade = new Deferred<>();
        serverFactory.setProtocolConnectionMade(serverMade);
        var port = reactor.listenTCP(0, serverFactory, 50, "127.0.0.1");
        reactor.connectTCP("127.0.0.1", ((IPv4Address) port.getHost()).port(), clientFactory);
        for (int i = 0; i < 10_000 && !serverMade.isCalled(); i++) {
            reactor.runOnce(Duration.ofMillis(100));
        }
        assertThat(serverMade.isCalled()).isTrue();
        assertThat(reactor.isReactorThread()).isTrue();
        reactor.close();
        assertThat(serverFactory.lastProtocol().isClosed()).isTrue();
        assertThat(clientFactory.isStopped()).isTrue();
        assertThatThrownBy(() -> reactor.runOnce(Duration.ZERO)).hasMessageContaining("stopped");
        reactor.close(); // a second close does nothing
    }

    @Test
    void closingAReactorThreadEndsItsThreadAndItsPoolThreads() {
        ReactorThread rt = ReactorThread.start(new NioReactor(3));
        String[] names = rt.await(() -> {
            Deferred<String> a =
                    rt.reactor().deferToThread(() -> Thread.currentThread().getName());
            return a.addCallback(
                    poolThread -> new String[] {Thread.currentThread().getName(), poolThread});
        });
        rt.close();
        assertThat(Thread.getAllStackTraces().keySet())
                .extracting(Thread::getName)
                .doesNotContain(names[0], names[1]);
    }

    @Test
    void listenAndConnectAreRefusedAfterShutdown() {
        NioReactor reactor = new NioReactor();
        reactor.close();
        assertThatThrownBy(() -> reactor.listenTCP(0, new AccumulatingServerFactory(), 50, "127.0.0.1"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("shut down");
        assertThatThrownBy(() -> reactor.connectTCP("127.0.0.1", 1, new AccumulatingClientFactory()))
                .isInstanceOf(IllegalStateException.class);
    }
}
