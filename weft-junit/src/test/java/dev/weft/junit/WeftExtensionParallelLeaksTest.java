package dev.weft.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.weft.internet.nio.ReactorThread;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Under parallel execution a reactor thread left running is blamed on the test whose code started it, whichever thread
 * ran that code: every dynamic test of a {@code @TestFactory} (run on any worker), an {@code
 * assertTimeoutPreemptively} body and a {@code @Timeout(threadMode = SEPARATE_THREAD)} body; the clean factories
 * beside them pass. Before, only threads started on the factory's own thread counted, so a factory's leaks were found
 * or not depending on which worker ran each dynamic test, and the two timeout bodies' were never found.
 */
class WeftExtensionParallelLeaksTest {
    /** What the cases leave on purpose, closed after each run. */
    static final List<ReactorThread> LEAKS = new CopyOnWriteArrayList<>();

    /** The names of the reactor threads each case left, by case. */
    static final Map<String, Set<String>> LEFT = new ConcurrentHashMap<>();

    /** The threads that ran the factory's dynamic tests. */
    static final Set<String> WORKERS = ConcurrentHashMap.newKeySet();

    @AfterEach
    void closeLeaks() {
        LEAKS.forEach(ReactorThread::close);
        LEAKS.clear();
        LEFT.clear();
        WORKERS.clear();
    }

    static void leak(String test) {
        ReactorThread rt = ReactorThread.start();
        LEAKS.add(rt);
        LEFT.computeIfAbsent(test, k -> ConcurrentHashMap.newKeySet())
                .add(rt.thread().getName());
    }

    /** Four dynamic tests, each leaving a reactor running; they wait for each other so that workers share them. */
    @ExtendWith({OnlyInTestKit.class, WeftExtension.class})
    static class FactoryLeaks {
        @TestFactory
        Stream<DynamicTest> leaks() {
            CountDownLatch all = new CountDownLatch(4);
            return IntStream.range(0, 4)
                    .mapToObj(i -> dynamicTest("leak" + i, () -> {
                        WORKERS.add(Thread.currentThread().getName());
                        leak("leaks");
                        all.countDown();
                        all.await(2, TimeUnit.SECONDS); // spreads them over workers where the pool allows
                    }));
        }
    }

    /** Factories whose dynamic tests close what they start: nobody blames them for the leaks beside them. */
    @ExtendWith({OnlyInTestKit.class, WeftExtension.class})
    static class CleanFactories {
        @TestFactory
        Stream<DynamicTest> clean() {
            return IntStream.range(0, 6)
                    .mapToObj(i -> dynamicTest("clean" + i, () -> {
                        try (ReactorThread rt = ReactorThread.start()) {
                            rt.call(() -> 1);
                        }
                    }));
        }

        @TestFactory
        Stream<DynamicTest> cleanToo() {
            return clean();
        }
    }

    /** Leaks from the threads JUnit's timeouts run a body on. */
    @ExtendWith({OnlyInTestKit.class, WeftExtension.class})
    static class TimeoutLeaks {
        @Test
        void preemptive() {
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> leak("preemptive"));
        }

        @Test
        @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
        void separateThread() {
            leak("separateThread");
        }
    }

    @RepeatedTest(3)
    void eachLeakIsBlamedOnTheTestWhoseCodeStartedItWhateverTheThread() {
        Map<String, String> failures = new TreeMap<>();
        List<Event> finished = EngineTestKit.engine("junit-jupiter")
                .configurationParameter(OnlyInTestKit.KEY, "true")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "6")
                .selectors(
                        selectClass(FactoryLeaks.class),
                        selectClass(CleanFactories.class),
                        selectClass(TimeoutLeaks.class),
                        selectClass(WeftExtensionParallelTest.Clean1.class))
                .execute()
                .allEvents()
                .finished()
                .list();
        for (Event e : finished) {
            TestExecutionResult r = e.getRequiredPayload(TestExecutionResult.class);
            if (r.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                failures.put(
                        e.getTestDescriptor().getDisplayName(),
                        r.getThrowable().map(Throwable::getMessage).orElse("?"));
            }
        }

        assertThat(failures)
                .as("the three leaking tests fail, nothing else")
                .containsOnlyKeys("leaks()", "preemptive()", "separateThread()");
        for (String test : List.of("leaks", "preemptive", "separateThread")) {
            String message = failures.get(test + "()");
            assertThat(message)
                    .as("%s's failure (the factory's dynamic tests ran on %s)", test, WORKERS)
                    .contains("reactor thread(s) [");
            int from = message.indexOf("reactor thread(s) [") + "reactor thread(s) [".length();
            Set<String> named =
                    Set.of(message.substring(from, message.indexOf(']', from)).split(", "));
            assertThat(named)
                    .as("the reactor threads %s's failure names (its dynamic tests ran on %s)", test, WORKERS)
                    .isEqualTo(LEFT.get(test));
        }
    }
}
