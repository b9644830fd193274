package dev.weft.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.weft.defer.Deferred;
import dev.weft.fixture.SinkServer;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.nio.NioReactor;
import dev.weft.internet.nio.ReactorThread;
import dev.weft.internet.task.Clock;
import dev.weft.internet.testing.AccumulatingProtocol;
import dev.weft.internet.testing.MemoryReactor;
import dev.weft.internet.testing.MemoryReactorClock;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** Each hygiene check fails a test that breaks its rule and passes one that keeps it, run through EngineTestKit. */
class WeftExtensionTest {
    /** Leaks the cases make on purpose, cleaned up after each run. */
    static final List<AutoCloseable> LEAKS = new ArrayList<>();

    @AfterEach
    void cleanUpLeaks() throws Exception {
        for (AutoCloseable c : LEAKS) {
            c.close();
        }
        LEAKS.clear();
    }

    /** The cases; run only through EngineTestKit (Surefire skips nested classes). */
    @ExtendWith({OnlyInTestKit.class, WeftExtension.class})
    static class Cases {
        @Test
        void unhandledFailure() {
            Deferred<Void> d = new Deferred<>();
            d.errback(new IllegalStateException("boom, never handled"));
        }

        @Test
        void handledFailure() {
            Deferred<Void> d = new Deferred<>();
            d.addErrback(f -> null);
            d.errback(new IllegalStateException("handled"));
        }

        @Test
        void pendingCall(Clock clock) {
            clock.callLater(5, () -> {});
        }

        @Test
        void pendingCallRun(Clock clock) {
            clock.callLater(5, () -> {});
            clock.advance(5);
        }

        @Test
        void pendingCallOnMemoryReactor(MemoryReactor reactor) {
            ((MemoryReactorClock) reactor).callLater(1, () -> {});
        }

        @Test
        void portLeftOpen(ReactorThread rt) {
            rt.call(() ->
                    rt.reactor().listenTCP(0, ServerFactory.forProtocol(AccumulatingProtocol::new), 50, "127.0.0.1"));
        }

        @Test
        void portClosed(ReactorThread rt, NioReactor reactor) {
            assertThat(rt.reactor()).isSameAs(reactor);
            IListeningPort port = rt.call(
                    () -> reactor.listenTCP(0, ServerFactory.forProtocol(AccumulatingProtocol::new), 50, "127.0.0.1"));
            rt.await(port::stopListening);
        }

        @Test
        void sinkConnectionLeftOpen(SinkServer server) throws IOException {
            Socket s = new Socket("127.0.0.1", server.port());
            LEAKS.add(s);
            server.takeOpenConnection(Duration.ofSeconds(30));
        }

        @Test
        void sinkConnectionClosed(SinkServer server) throws IOException {
            try (Socket s = new Socket("127.0.0.1", server.port())) {
                s.getOutputStream().write(1);
            }
            assertThat(server.takeConnection(Duration.ofSeconds(30)).dataSize()).isEqualTo(1);
        }

        @Test
        void reactorThreadLeftRunning() {
            LEAKS.add(ReactorThread.start());
        }

        @Test
        void reactorThreadClosed() {
            try (ReactorThread rt = ReactorThread.start()) {
                assertThat(rt.reactor().isRunning()).isTrue();
            }
        }

        @Test
        @SkipHygiene(value = HygieneCheck.PENDING_CALLS, reason = "the pending call is what the test inspects")
        void pendingCallSkipped(Clock clock) {
            clock.callLater(5, () -> {});
        }

        @Test
        @SkipHygiene(value = HygieneCheck.PENDING_CALLS, reason = " ")
        void skippedWithoutReason(Clock clock) {}

        @Test
        void freshValuesEachTest(Clock a, MemoryReactorClock b, SinkServer c) {
            assertThat(a.getDelayedCalls()).isEmpty();
            assertThat(b.getDelayedCalls()).isEmpty();
            assertThat(c.connectionCount()).isZero();
        }
    }

    private static Events run(String method) {
        Class<?>[] params = java.util.Arrays.stream(Cases.class.getDeclaredMethods())
                .filter(m -> m.getName().equals(method))
                .findFirst()
                .orElseThrow()
                .getParameterTypes();
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter(OnlyInTestKit.KEY, "true")
                .selectors(selectMethod(Cases.class, method, params))
                .execute()
                .testEvents();
    }

    @ParameterizedTest(name = "{0} fails: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "unhandledFailure|1 Deferred(s) failed and nobody handled the failure",
                "pendingCall|1 delayed call(s) still pending on the injected clock",
                "pendingCallOnMemoryReactor|1 delayed call(s) still pending",
                "portLeftOpen|1 socket(s) (connections, listening ports or connect attempts) still open",
                "sinkConnectionLeftOpen|SinkServer closed with 1 connection(s) still open",
                "reactorThreadLeftRunning|still running; close every ReactorThread",
                "skippedWithoutReason|needs a reason"
            })
    void aTestThatBreaksARuleFailsNamingIt(String method, String expected) {
        run(method)
                .assertStatistics(s -> s.started(1).failed(1))
                .assertThatEvents()
                .haveExactly(1, event(test(method), finishedWithFailure(message(m -> m.contains(expected)))));
    }

    @ParameterizedTest(name = "{0} passes")
    @CsvSource({
        "handledFailure",
        "pendingCallRun",
        "portClosed",
        "sinkConnectionClosed",
        "reactorThreadClosed",
        "pendingCallSkipped",
        "freshValuesEachTest"
    })
    void aTestThatKeepsTheRulesPasses(String method) {
        run(method)
                .assertStatistics(s -> s.started(1).succeeded(1))
                .assertThatEvents()
                .haveExactly(1, event(test(method), finishedSuccessfully()));
    }

    @Test
    void theUnhandledFailureReportNamesTheError() {
        run("unhandledFailure")
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test("unhandledFailure"),
                                finishedWithFailure(message(m -> m.contains("boom, never handled")))));
    }
}
