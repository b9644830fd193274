package dev.weft.junit;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.weft.fixture.Reply;
import dev.weft.fixture.Script;
import dev.weft.fixture.SinkServer;
import dev.weft.internet.Protocol;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.nio.NioReactor;
import dev.weft.internet.nio.ReactorThread;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * {@link WeftExtension}'s teardown never hangs and never fails a test for stopping its own reactor. Before, a blocked
 * injected reactor made {@code afterEach} wait for ever (the test's {@code @Timeout} never reported, the suite hung), a
 * blocked {@code SinkServer} responder held it 61 s, and a test that stopped its injected reactor with {@code
 * callFromThread(reactor::stop)} failed at random ("the reactor has stopped"): 13-29 of 300, 62-92 of 100 with a port
 * open.
 */
class WeftExtensionTeardownTest {
    /**
     * How long a run of the cases may take before the test calls it hung. A teardown that waits for the blocked reactor
     * never ends before the test releases it, so the bound only has to outlast a slow machine: each of the 100
     * repetitions collects garbage until WeftExtension's sentinels report, before and after the case, and the runs took
     * more than 20 s on two loaded cores, more than 2 min on one shared core.
     */
    private static final Duration HUNG = Duration.ofMinutes(5);

    /**
     * How long a run whose teardown gives up on a blocked reactor may take: past its 300 ms bound and the case's 1 s
     * {@code @Timeout} on a loaded machine, short of the 61 s the old teardown held a blocked responder.
     */
    private static final Duration GAVE_UP_WITHIN = Duration.ofSeconds(45);

    /** The cases; run only through EngineTestKit. */
    @ExtendWith({OnlyInTestKit.class, WeftExtension.class})
    static class Cases {
        static volatile CountDownLatch release = new CountDownLatch(1);
        static volatile CountDownLatch entered = new CountDownLatch(1);
        static final List<Thread> BLOCKED = new ArrayList<>();
        static final List<Socket> SOCKETS = new ArrayList<>();

        /** Blocks the calling reactor thread until the enclosing test releases it. */
        static void awaitRelease() {
            synchronized (BLOCKED) {
                BLOCKED.add(Thread.currentThread());
            }
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Test
        @Timeout(1)
        void blocksItsReactorAndTimesOut(ReactorThread rt) {
            rt.reactor().callFromThread(Cases::awaitRelease);
            rt.call(() -> 1); // the test's own hang, which @Timeout cuts
        }

        @Test
        void blocksTheServersResponderAndFails(SinkServer server) throws IOException, InterruptedException {
            server.enqueue(Script.accumulate().onLine(line -> {
                awaitRelease();
                return Reply.none();
            }));
            Socket s = new Socket("127.0.0.1", server.port());
            SOCKETS.add(s);
            s.getOutputStream().write("x\n".getBytes(US_ASCII));
            assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
            throw new AssertionError("the test's own failure");
        }

        @RepeatedTest(100)
        void stopsItsReactor(NioReactor reactor) {
            reactor.callFromThread(reactor::stop);
        }

        @RepeatedTest(50)
        void stopsItsReactorWithAPortOpen(ReactorThread rt) {
            rt.call(() -> rt.reactor().listenTCP(0, ServerFactory.forProtocol(Protocol::new), 50, "127.0.0.1"));
            rt.reactor().callFromThread(rt.reactor()::stop);
        }

        @Test
        void passes() {}
    }

    @AfterEach
    void releaseTheReactors() throws IOException, InterruptedException {
        Cases.release.countDown();
        List<Thread> blocked;
        synchronized (Cases.BLOCKED) {
            blocked = List.copyOf(Cases.BLOCKED);
            Cases.BLOCKED.clear();
        }
        for (Thread t : blocked) {
            t.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(t.isAlive())
                    .as("%s stopped once released: its stop was queued", t.getName())
                    .isFalse();
        }
        for (Socket s : Cases.SOCKETS) {
            s.close();
        }
        Cases.SOCKETS.clear();
        Cases.release = new CountDownLatch(1);
        Cases.entered = new CountDownLatch(1);
    }

    /**
     * Runs {@code method} of the cases with a short teardown bound; fails if the run has not ended within {@link #HUNG}
     * (it ends once the test releases the blocked reactors, as the old teardown waited for them).
     */
    private static Events run(String method, String teardownTimeout) throws Exception {
        Class<?>[] params = Arrays.stream(Cases.class.getDeclaredMethods())
                .filter(m -> m.getName().equals(method))
                .findFirst()
                .orElseThrow()
                .getParameterTypes();
        CompletableFuture<Events> run = new CompletableFuture<>();
        Thread runner = new Thread(
                () -> {
                    try {
                        run.complete(EngineTestKit.engine("junit-jupiter")
                                .configurationParameter(OnlyInTestKit.KEY, "true")
                                .configurationParameter("weft.junit.teardownTimeout", teardownTimeout)
                                .selectors(selectMethod(Cases.class, method, params))
                                .execute()
                                .testEvents());
                    } catch (Throwable t) {
                        run.completeExceptionally(t);
                    }
                },
                "runs " + method);
        runner.setDaemon(true);
        runner.start();
        try {
            return run.get(HUNG.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException hung) {
            Cases.release.countDown();
            // a run still going would start reactors and log warnings in the tests after this one, failing them
            runner.join(HUNG.toMillis());
            throw new AssertionError(
                    method + " had not ended after " + HUNG + ": the teardown waits for the blocked" + " reactor",
                    hung);
        }
    }

    private static Throwable failureOf(Events events) {
        assertThat(events.failed().count()).as("failed tests").isEqualTo(1);
        return events.failed().stream()
                .findFirst()
                .flatMap(e -> e.getPayload(TestExecutionResult.class))
                .flatMap(TestExecutionResult::getThrowable)
                .orElseThrow();
    }

    /** The suppressed error whose message has {@code text}, searched through the suppressed of the suppressed. */
    private static @Nullable Throwable suppressedWith(Throwable t, String text) {
        for (Throwable s : t.getSuppressed()) {
            if (String.valueOf(s.getMessage()).contains(text)) {
                return s;
            }
        }
        return null;
    }

    private static boolean showsAwaitRelease(Throwable t) {
        return Stream.of(t.getStackTrace()).anyMatch(f -> f.getMethodName().equals("awaitRelease"));
    }

    @Test
    void aBlockedInjectedReactorFailsTheTestAfterTheBoundKeepingItsTimeout() throws Exception {
        long start = System.nanoTime();
        Throwable failure = failureOf(run("blocksItsReactorAndTimesOut", "300 ms"));

        assertThat(failure).isInstanceOf(TimeoutException.class).hasMessageContaining("timed out after 1 second");
        Throwable blocked = suppressedWith(failure, "the injected reactor's thread is blocked");
        assertThat(blocked)
                .as("the teardown's error, suppressed under the test's own")
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("is WAITING at " + Cases.class.getName() + ".awaitRelease")
                .hasMessageContaining("waits up to 300 ms");
        assertThat(blocked.getSuppressed())
                .as("the reactor thread's stack")
                .anySatisfy(s -> assertThat(showsAwaitRelease(s)).isTrue());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(GAVE_UP_WITHIN);
    }

    @Test
    void aBlockedResponderOfTheInjectedServerFailsTheTestAfterTheBoundKeepingItsFailure() throws Exception {
        long start = System.nanoTime();
        Throwable failure = failureOf(run("blocksTheServersResponderAndFails", "300 ms"));

        assertThat(failure).hasMessage("the test's own failure");
        Throwable blocked = suppressedWith(failure, "the injected SinkServer's reactor thread is blocked");
        assertThat(blocked)
                .as("the teardown's error, suppressed under the test's own")
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("at " + Cases.class.getName() + ".awaitRelease");
        assertThat(blocked.getSuppressed())
                .anySatisfy(s -> assertThat(showsAwaitRelease(s)).isTrue());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(GAVE_UP_WITHIN);
    }

    @Test
    void aTestThatStopsItsInjectedReactorHasNothingCounted() throws Exception {
        Events events = run("stopsItsReactor", "10 s");
        events.assertStatistics(s -> s.started(100).succeeded(100));
    }

    @Test
    void aTestThatStopsItsInjectedReactorWithAPortOpenHasNothingCounted() throws Exception {
        Events events = run("stopsItsReactorWithAPortOpen", "10 s");
        events.assertStatistics(s -> s.started(50).succeeded(50));
    }

    @Test
    void aTeardownTimeoutThatIsNoDurationFailsTheTestNamingTheParameter() throws Exception {
        Throwable failure = failureOf(run("passes", "ten seconds"));

        assertThat(failure)
                .hasMessageContaining("weft.junit.teardownTimeout is \"ten seconds\"")
                .hasMessageContaining("\"10 s\"");
    }

    @Test
    void aTeardownTimeoutInEitherFormIsTaken() throws Exception {
        assertThat(run("passes", "PT2S").succeeded().count()).isEqualTo(1);
        assertThat(run("passes", "2").succeeded().count()).isEqualTo(1);
    }
}
