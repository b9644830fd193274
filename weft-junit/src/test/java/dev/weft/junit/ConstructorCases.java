package dev.weft.junit;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.fixture.SinkServer;
import dev.weft.internet.nio.ReactorThread;
import dev.weft.internet.task.Clock;
import dev.weft.internet.testing.MemoryReactorClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Constructor injection in every shape, for {@link WeftExtensionConstructorVersionsTest} to run on the project's JUnit
 * and on an older one (in a JVM of its own). Each case asserts what it was given; the run checks which failed and why.
 */
final class ConstructorCases {
    private ConstructorCases() {}

    /** Every clock a case was given: one per test, never shared. */
    static final Set<Object> CLOCKS = ConcurrentHashMap.newKeySet();

    /** The reactors given to constructors whose test never ran: each must be stopped after the run. */
    static final List<ReactorThread> UNRUN = new CopyOnWriteArrayList<>();

    /** Names the reactors of {@link #UNRUN} still running. */
    static List<String> unrunStillRunning() {
        List<String> left = new ArrayList<>();
        for (ReactorThread rt : UNRUN) {
            if (!rt.reactor().isShutDown()) {
                left.add(rt.thread().getName());
            }
        }
        return left;
    }

    /** The default lifecycle: each repetition's constructor, setUp and body share values no other test has. */
    @ExtendWith({OnlyInTestKit.class, WeftExtension.class})
    static class PerMethod {
        private final MemoryReactorClock clock;
        private final SinkServer server;

        PerMethod(MemoryReactorClock clock, SinkServer server) {
            this.clock = clock;
            this.server = server;
            assertTrue(CLOCKS.add(clock), "a clock given to another test");
        }

        @BeforeEach
        void setUp(MemoryReactorClock c) {
            assertSame(clock, c, "setUp got another clock than the constructor");
        }

        @RepeatedTest(6)
        void sharesItsValues(MemoryReactorClock c, SinkServer s) {
            assertSame(clock, c, "the test got another clock than its constructor");
            assertSame(server, s, "the test got another server than its constructor");
        }
    }

    /** A call left on the constructor's clock fails the test: the constructor's clock is the test's. */
    @ExtendWith({OnlyInTestKit.class, WeftExtension.class})
    static class LeavesACall {
        private final Clock clock;

        LeavesACall(Clock clock) {
            this.clock = clock;
        }

        @Test
        void leavesACallPending() {
            clock.callLater(5, () -> {});
        }
    }

    /** A {@code @Nested} PER_METHOD class: outer and inner constructors and the test share one clock. */
    @ExtendWith({OnlyInTestKit.class, WeftExtension.class})
    static class Outer {
        final Clock outerClock;

        Outer(Clock clock) {
            outerClock = clock;
        }

        @Nested
        class Inner {
            final Clock innerClock;

            Inner(Clock clock) {
                innerClock = clock;
            }

            @RepeatedTest(3)
            void sharesTheOuterClock(Clock clock) {
                assertSame(outerClock, clock, "the outer constructor got another clock");
                assertSame(innerClock, clock, "the inner constructor got another clock");
                assertTrue(CLOCKS.add(clock), "a clock given to another test");
            }
        }
    }

    /** A PER_CLASS {@code @Nested} class: one enclosing instance serves its tests, so the outer's value is refused. */
    @ExtendWith({OnlyInTestKit.class, WeftExtension.class})
    static class OuterOfPerClass {
        OuterOfPerClass(SinkServer server) {}

        @Nested
        @TestInstance(TestInstance.Lifecycle.PER_CLASS)
        class PerClassInner {
            @Test
            void neverRuns() {}
        }
    }

    /** A constructor that fails after its reactor started, and a test disabled after its instance was made. */
    @ExtendWith({OnlyInTestKit.class, WeftExtension.class})
    static class NeverRun {
        NeverRun(ReactorThread rt) {
            UNRUN.add(rt);
        }

        @Test
        @Disabled("its instance is made, then the test is skipped: what the constructor got is closed")
        void disabled() {}
    }

    /** A constructor that throws: what it was given is closed. */
    @ExtendWith({OnlyInTestKit.class, WeftExtension.class})
    static class ThrowingConstructor {
        ThrowingConstructor(ReactorThread rt) {
            UNRUN.add(rt);
            throw new IllegalStateException("constructor failed");
        }

        @Test
        void neverRuns() {}
    }

    /** The classes, in the order a run selects them. */
    static final Class<?>[] ALL = {
        PerMethod.class,
        LeavesACall.class,
        Outer.class,
        OuterOfPerClass.class,
        NeverRun.class,
        ThrowingConstructor.class
    };
}
