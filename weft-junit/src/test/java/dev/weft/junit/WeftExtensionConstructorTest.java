package dev.weft.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.weft.internet.nio.ReactorThread;
import dev.weft.internet.task.Clock;
import dev.weft.internet.testing.MemoryReactorClock;
import dev.weft.internet.testing.Split;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * {@link WeftExtension} injects a test class's constructor under the default {@code PER_METHOD} lifecycle, with the
 * test's own values, and refuses, saying why, a constructor under {@code PER_CLASS} and a {@code @BeforeAll} method.
 * Before, every constructor parameter failed with "injects into test methods only".
 */
class WeftExtensionConstructorTest {
    /** What the cases were given, in order. */
    static final List<Object> SEEN = new ArrayList<>();

    /** A case's constructor injected: one instance per test, the test's values. */
    @ExtendWith({OnlyInTestKit.class, WeftExtension.class})
    static class PerMethod {
        private final MemoryReactorClock clock;

        PerMethod(MemoryReactorClock clock, Clock other) {
            this.clock = clock;
            SEEN.add(clock);
        }

        @BeforeEach
        void setUp(MemoryReactorClock clock) {
            SEEN.add(clock);
        }

        @Test
        void sharesTheClock(MemoryReactorClock clock) {
            SEEN.add(clock);
        }

        @Test
        void leavesACallPending() {
            clock.callLater(5, () -> {});
        }

        @ParameterizedTest
        @ChunkedSource(value = "ab", emptyReads = false)
        void perSplit(Split split, MemoryReactorClock clock) {
            SEEN.add(clock);
        }

        @Nested
        class Inner {
            Inner(MemoryReactorClock clock) {
                SEEN.add(clock);
            }

            @Test
            void sharesTheOuterClock(MemoryReactorClock clock) {
                SEEN.add(clock);
            }
        }
    }

    /** A constructor that takes a running reactor and then fails: the test never runs. */
    @ExtendWith({OnlyInTestKit.class, WeftExtension.class})
    static class FailingConstructor {
        FailingConstructor(ReactorThread rt) {
            SEEN.add(rt);
            throw new IllegalStateException("constructor failed");
        }

        @Test
        void neverRuns() {}
    }

    /** One instance for every test: what is one per test cannot be its constructor's. */
    @ExtendWith({OnlyInTestKit.class, WeftExtension.class})
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    static class PerClass {
        PerClass(Clock clock) {}

        @Test
        void first() {}

        @Test
        void second() {}
    }

    /** A method that serves every test of the class. */
    @ExtendWith({OnlyInTestKit.class, WeftExtension.class})
    static class BeforeAllCase {
        @BeforeAll
        static void setUpClass(Clock clock) {}

        @Test
        void test() {}
    }

    private static Events run(org.junit.platform.engine.DiscoverySelector selector) {
        SEEN.clear();
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter(OnlyInTestKit.KEY, "true")
                .selectors(selector)
                .execute()
                .allEvents();
    }

    private static String message(Event e) {
        return e.getPayload(TestExecutionResult.class)
                .flatMap(TestExecutionResult::getThrowable)
                .map(Throwable::getMessage)
                .orElse("?");
    }

    @Test
    void theConstructorTheBeforeEachAndTheTestShareOneClockPerTest() {
        Events events = run(selectMethod(PerMethod.class, "sharesTheClock", MemoryReactorClock.class.getName()));

        assertThat(events.failed().list())
                .extracting(WeftExtensionConstructorTest::message)
                .isEmpty();
        assertThat(SEEN).hasSize(3).containsOnly(SEEN.get(0));
    }

    @Test
    void aCallLeftOnTheConstructorsClockFailsTheTest() {
        Events events = run(selectMethod(PerMethod.class, "leavesACallPending"));

        assertThat(events.failed().list())
                .extracting(WeftExtensionConstructorTest::message)
                .singleElement()
                .asString()
                .contains("1 delayed call(s) still pending on the injected clock");
    }

    @Test
    void eachSplitOfAChunkedSourceGetsAnInstanceAndAClockOfItsOwn() {
        Events events = run(selectMethod(
                PerMethod.class, "perSplit", Split.class.getName() + ", " + MemoryReactorClock.class.getName()));

        assertThat(events.failed().list())
                .extracting(WeftExtensionConstructorTest::message)
                .isEmpty();
        // two splits of "ab"; each: the constructor, setUp, the body
        assertThat(SEEN).hasSize(6);
        assertThat(SEEN.subList(0, 3)).containsOnly(SEEN.get(0));
        assertThat(SEEN.subList(3, 6)).containsOnly(SEEN.get(3)).doesNotContain(SEEN.get(0));
    }

    @Test
    void aNestedClassSharesItsEnclosingInstancesValues() {
        Events events = run(selectClass(PerMethod.Inner.class));

        assertThat(events.failed().list())
                .extracting(WeftExtensionConstructorTest::message)
                .isEmpty();
        // the outer constructor, the outer setUp, the inner constructor, the body
        assertThat(SEEN).hasSize(4).containsOnly(SEEN.get(0));
    }

    @Test
    void aReactorGivenToAConstructorThatFailsIsStopped() {
        Events events = run(selectClass(FailingConstructor.class));

        assertThat(events.failed().list())
                .extracting(WeftExtensionConstructorTest::message)
                .containsExactly("constructor failed");
        assertThat(SEEN).singleElement().isInstanceOf(ReactorThread.class);
        assertThat(((ReactorThread) SEEN.get(0)).reactor().isShutDown())
                .as("the reactor is stopped")
                .isTrue();
    }

    @Test
    void aPerClassConstructorIsRefusedSayingWhy() {
        Events events = run(selectClass(PerClass.class));

        assertThat(events.failed().list())
                .extracting(WeftExtensionConstructorTest::message)
                .singleElement()
                .asString()
                .startsWith("WeftExtension cannot inject Clock into " + PerClass.class.getName())
                .contains("@TestInstance(Lifecycle.PER_CLASS)) serves every test")
                .contains("ask for it in the test method or @BeforeEach");
    }

    @Test
    void aBeforeAllMethodIsRefusedSayingWhy() {
        Events events = run(selectClass(BeforeAllCase.class));

        assertThat(events.failed().list())
                .extracting(WeftExtensionConstructorTest::message)
                .singleElement()
                .asString()
                .contains("WeftExtension cannot inject Clock into static void ")
                .contains("setUpClass(dev.weft.internet.task.Clock): a method that serves every test");
    }
}
