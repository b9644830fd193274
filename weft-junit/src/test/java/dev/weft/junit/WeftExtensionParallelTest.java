package dev.weft.junit;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.weft.defer.Deferred;
import dev.weft.fixture.Script;
import dev.weft.fixture.SinkServer;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.Protocol;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.nio.ReactorThread;
import dev.weft.internet.task.Clock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * A small suite run with JUnit's parallel execution (classes and methods concurrent): no test is blamed for another's
 * reactor threads or dropped Deferreds, and a real leak is still caught and blamed on the test that made it. Before,
 * 40-50 % of such tests failed, blamed for reactor threads and Deferreds of the tests running beside them, and
 * {@code @SkipHygiene} on a class did not reach its {@code @Nested} classes.
 */
class WeftExtensionParallelTest {
    /** What the cases leave on purpose, closed after each run. */
    static final List<AutoCloseable> LEAKS = new CopyOnWriteArrayList<>();

    /** The name of the reactor thread {@link Leaks#leavesItsReactorRunning} leaves running. */
    static volatile String leakedThread = "";

    @AfterEach
    void closeLeaks() throws Exception {
        for (AutoCloseable c : LEAKS) {
            c.close();
        }
        LEAKS.clear();
    }

    /** Sends a line and reads the answer's first line over a socket of its own. */
    static String ping(SinkServer server) throws IOException {
        server.enqueue(Script.accumulate().answerAfter(5, "PONG\n".getBytes(US_ASCII)));
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.getOutputStream().write("PING\n".getBytes(US_ASCII));
            s.shutdownOutput();
            return new BufferedReader(new InputStreamReader(s.getInputStream(), US_ASCII)).readLine();
        }
    }

    /** Listens on its own port, connects, closes both: starts and stops sockets on the injected reactor. */
    static void listenConnectClose(ReactorThread rt) throws IOException {
        IListeningPort p =
                rt.call(() -> rt.reactor().listenTCP(0, ServerFactory.forProtocol(Protocol::new), 50, "127.0.0.1"));
        int port = ((IPv4Address) rt.call(p::getHost)).port();
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write(1);
        }
        rt.await(p::stopListening);
    }

    /** Clean tests of a SinkServer, the injected reactor and one of their own, several times over. */
    @ExtendWith({OnlyInTestKit.class, WeftExtension.class})
    static class Clean1 {
        @RepeatedTest(6)
        void pingPong(SinkServer server) throws IOException {
            assertThat(ping(server)).isEqualTo("PONG");
            assertThat(server.takeConnection(Duration.ofSeconds(30)).data())
                    .asString(US_ASCII)
                    .isEqualTo("PING\n");
        }

        @RepeatedTest(4)
        void ownReactor() throws IOException {
            try (ReactorThread rt = ReactorThread.start()) {
                listenConnectClose(rt);
            }
        }

        @Nested
        class Inner {
            @RepeatedTest(4)
            void injectedReactor(ReactorThread rt) throws IOException {
                listenConnectClose(rt);
            }
        }
    }

    /** As {@link Clean1}, so that classes run beside each other. */
    @ExtendWith({OnlyInTestKit.class, WeftExtension.class})
    static class Clean2 {
        @RepeatedTest(6)
        void pingPong(SinkServer server) throws IOException {
            assertThat(ping(server)).isEqualTo("PONG");
            server.takeConnection(Duration.ofSeconds(30));
        }

        @RepeatedTest(4)
        void injectedReactor(ReactorThread rt) throws IOException {
            listenConnectClose(rt);
        }

        @Nested
        class Inner {
            @RepeatedTest(4)
            void ownReactorAndServer(SinkServer server) throws IOException {
                try (ReactorThread rt = ReactorThread.start()) {
                    listenConnectClose(rt);
                }
                assertThat(ping(server)).isEqualTo("PONG");
                server.takeConnection(Duration.ofSeconds(30));
            }
        }
    }

    /**
     * Drops failed Deferreds while others run: not checked, as the extension cannot tell whose they are; before, the
     * tests running beside it were blamed for them.
     */
    @ExtendWith({OnlyInTestKit.class, WeftExtension.class})
    static class DropsBesideOthers {
        @RepeatedTest(4)
        void dropsAFailedDeferred(SinkServer server) throws IOException {
            Deferred<Void> d = new Deferred<>();
            d.errback(new IllegalStateException("dropped beside others"));
            assertThat(ping(server)).isEqualTo("PONG");
            server.takeConnection(Duration.ofSeconds(30));
        }
    }

    /** A class's {@code @SkipHygiene} reaches the tests of its {@code @Nested} classes. */
    @ExtendWith({OnlyInTestKit.class, WeftExtension.class})
    @SkipHygiene(value = HygieneCheck.PENDING_CALLS, reason = "the pending calls are what these tests leave")
    static class SkipsForNested {
        @Test
        void leavesACall(Clock clock) {
            clock.callLater(5, () -> {});
        }

        @Nested
        class Inner {
            @RepeatedTest(2)
            void leavesACallToo(Clock clock) {
                clock.callLater(5, () -> {});
            }
        }
    }

    /** Real leaks, which must be caught and blamed on these tests only. */
    @ExtendWith({OnlyInTestKit.class, WeftExtension.class})
    static class Leaks {
        @Test
        void leavesItsReactorRunning() {
            ReactorThread rt = ReactorThread.start();
            LEAKS.add(rt);
            leakedThread = rt.thread().getName();
        }
    }

    /** Runs alone, so its dropped Deferred is checked and blamed on it. */
    @Isolated
    @ExtendWith({OnlyInTestKit.class, WeftExtension.class})
    static class DropsAlone {
        @Test
        void dropsAFailedDeferred() {
            Deferred<Void> d = new Deferred<>();
            d.errback(new IllegalStateException("dropped while running alone"));
        }

        @Test
        void handlesItsFailure() {
            Deferred<Void> d = new Deferred<>();
            d.addErrback(f -> null);
            d.errback(new IllegalStateException("handled"));
        }
    }

    /** Holds the global lock exclusively for one test only, as @Isolated does for a class. */
    @ExtendWith({OnlyInTestKit.class, WeftExtension.class})
    static class LockedAlone {
        @Test
        @ResourceLock(value = Resources.GLOBAL, mode = ResourceAccessMode.READ_WRITE)
        void dropsAFailedDeferred() {
            Deferred<Void> d = new Deferred<>();
            d.errback(new IllegalStateException("dropped under the global lock"));
        }
    }

    /** Keeps the records of the extension's logger. */
    private static final class Capture extends Handler {
        final List<LogRecord> records = new CopyOnWriteArrayList<>();

        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }

    private static Events runInParallel(List<LogRecord> log, Class<?>... classes) {
        Logger logger = Logger.getLogger(WeftExtension.class.getName());
        Capture capture = new Capture();
        logger.addHandler(capture);
        try {
            return EngineTestKit.engine("junit-jupiter")
                    .configurationParameter(OnlyInTestKit.KEY, "true")
                    .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                    .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                    .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                    .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                    .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "6")
                    .selectors(java.util.Arrays.stream(classes)
                            .map(c -> selectClass(c))
                            .toArray(org.junit.platform.engine.DiscoverySelector[]::new))
                    .execute()
                    .testEvents();
        } finally {
            logger.removeHandler(capture);
            log.addAll(capture.records);
        }
    }

    /** The failures by test (unique id), with their messages. */
    private static Map<String, String> failures(Events events) {
        Map<String, String> failures = new TreeMap<>();
        for (Event e : events.finished().list()) {
            TestExecutionResult r = e.getRequiredPayload(TestExecutionResult.class);
            if (r.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                failures.put(
                        e.getTestDescriptor().getUniqueId().toString(),
                        r.getThrowable().map(String::valueOf).orElse("?"));
            }
        }
        return failures;
    }

    @Test
    void noTestIsBlamedForAnothersAndRealLeaksAreCaughtOnTheRightTest() {
        List<LogRecord> log = new ArrayList<>();
        Events events = runInParallel(
                log,
                Clean1.class,
                Clean2.class,
                DropsBesideOthers.class,
                SkipsForNested.class,
                Leaks.class,
                DropsAlone.class,
                LockedAlone.class);

        Map<String, String> failures = failures(events);
        assertThat(failures)
                .as("only the three real leaks fail")
                .hasSize(3)
                .hasEntrySatisfying(
                        key(failures, "leavesItsReactorRunning"),
                        m -> assertThat(m)
                                .contains("reactor thread(s) [" + leakedThread + "] still running")
                                .doesNotContain("Deferred"))
                .hasEntrySatisfying(
                        key(failures, "DropsAlone"),
                        m -> assertThat(m)
                                .contains("1 Deferred(s) failed and nobody handled the failure")
                                .contains("dropped while running alone")
                                .doesNotContain("dropped beside others")
                                .doesNotContain("reactor thread"))
                .hasEntrySatisfying(
                        key(failures, "LockedAlone"),
                        m -> assertThat(m)
                                .contains("1 Deferred(s) failed and nobody handled the failure")
                                .contains("dropped under the global lock")
                                .doesNotContain("reactor thread"));
        events.assertStatistics(s -> s.started(39).succeeded(36).failed(3));
        assertThat(log)
                .filteredOn(r -> r.getLevel() == Level.INFO)
                .extracting(LogRecord::getMessage)
                .as("the notice that the Deferred check is off for tests running beside others, once")
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("junit.jupiter.execution.parallel.enabled=true")
                .contains("@Isolated")
                .contains("@ResourceLock(value = Resources.GLOBAL, mode = ResourceAccessMode.READ_WRITE)");
    }

    /** The one key of {@code failures} that contains {@code part}. */
    private static String key(Map<String, String> failures, String part) {
        return failures.keySet().stream()
                .filter(k -> k.contains(part))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no failure of " + part + " in " + failures));
    }

    @Test
    void withOnlyParallelExecutionEnabledTheNoticeSaysTestsMayRunBesideOthers() {
        Logger logger = Logger.getLogger(WeftExtension.class.getName());
        Capture capture = new Capture();
        logger.addHandler(capture);
        Events events;
        try {
            // JUnit runs these on one thread (the modes default to same_thread), but a test marked
            // @Execution(CONCURRENT) anywhere in the run may run beside any of them
            events = EngineTestKit.engine("junit-jupiter")
                    .configurationParameter(OnlyInTestKit.KEY, "true")
                    .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                    .selectors(selectClass(DropsBesideOthers.class))
                    .execute()
                    .testEvents();
        } finally {
            logger.removeHandler(capture);
        }

        assertThat(failures(events))
                .as("the Deferred check is off, as the notice says")
                .isEmpty();
        assertThat(capture.records)
                .filteredOn(r -> r.getLevel() == Level.INFO)
                .extracting(LogRecord::getMessage)
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .startsWith("JUnit's parallel execution is on (junit.jupiter.execution.parallel.enabled=true), so"
                        + " tests may run beside others (every test with"
                        + " junit.jupiter.execution.parallel.mode.default=concurrent; otherwise those of a class or"
                        + " method marked @Execution(CONCURRENT))")
                .doesNotContain("runs tests concurrently");
    }

    @Test
    void withoutParallelExecutionEveryTestIsCheckedForDroppedDeferreds() {
        Events events = EngineTestKit.engine("junit-jupiter")
                .configurationParameter(OnlyInTestKit.KEY, "true")
                .selectors(selectClass(DropsBesideOthers.class))
                .execute()
                .testEvents();

        assertThat(failures(events))
                .hasSize(4)
                .allSatisfy((k, m) -> assertThat(m).contains("dropped beside others"));
    }
}
