package dev.weft.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.weft.internet.nio.ReactorThread;
import dev.weft.internet.task.Clock;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * {@code @SkipHygiene} on a superclass or an interface reaches the tests of its subclasses (a subclass's own replaces
 * it), and a failure names the test by its class and method before JUnit's display name. Before, a base class's
 * {@code @SkipHygiene} did not reach its subclasses, and a repeated or parameterized test's failure began with its
 * display name alone ("repetition 1 of 1 broke ...").
 */
class WeftExtensionSkipAndNamesTest {
    /** Says its subclasses' tests may leave delayed calls. */
    @ExtendWith({OnlyInTestKit.class, WeftExtension.class})
    @SkipHygiene(value = HygieneCheck.PENDING_CALLS, reason = "the subclasses inspect their timers")
    abstract static class Base {
        @Test
        void inheritedLeavesACall(Clock clock) {
            clock.callLater(5, () -> {});
        }
    }

    static class Sub extends Base {
        @Test
        void leavesACall(Clock clock) {
            clock.callLater(5, () -> {});
        }
    }

    /** Its own {@code @SkipHygiene} replaces its superclass's: delayed calls count again. */
    @SkipHygiene(value = HygieneCheck.REACTOR_THREADS, reason = "replaces the base's")
    static class SubOfItsOwn extends Base {
        @Test
        void leavesACallUnderItsOwnSkip(Clock clock) {
            clock.callLater(5, () -> {});
        }
    }

    @SkipHygiene(value = HygieneCheck.PENDING_CALLS, reason = "its implementations inspect their timers")
    interface LeavesTimers {}

    @ExtendWith({OnlyInTestKit.class, WeftExtension.class})
    static class Implementation implements LeavesTimers {
        @Test
        void leavesACall(Clock clock) {
            clock.callLater(5, () -> {});
        }
    }

    /** Each kind of test leaves a call: the failures name them. */
    @ExtendWith({OnlyInTestKit.class, WeftExtension.class})
    static class Names {
        @RepeatedTest(1)
        void repeated(Clock clock) {
            clock.callLater(5, () -> {});
        }

        @ParameterizedTest
        @ValueSource(strings = "x")
        void parameterized(String s, Clock clock) {
            clock.callLater(5, () -> {});
        }

        @Test
        void plain(ReactorThread rt, Clock clock) {
            clock.callLater(5, () -> {});
        }
    }

    private static Map<String, String> failures(Class<?>... classes) {
        EngineTestKit.Builder kit =
                EngineTestKit.engine("junit-jupiter").configurationParameter(OnlyInTestKit.KEY, "true");
        for (Class<?> c : classes) {
            kit.selectors(selectClass(c));
        }
        Map<String, String> failures = new TreeMap<>();
        for (Event e : kit.execute().testEvents().finished().list()) {
            TestExecutionResult r = e.getRequiredPayload(TestExecutionResult.class);
            if (r.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                failures.put(
                        e.getTestDescriptor().getUniqueId().toString(),
                        r.getThrowable().map(Throwable::getMessage).orElse("?"));
            }
        }
        return failures;
    }

    @Test
    void aSuperclassesOrInterfacesSkipReachesItsSubclassesTests() {
        Map<String, String> failures = failures(Sub.class, Implementation.class, SubOfItsOwn.class);

        assertThat(failures)
                .as("only the subclass with a @SkipHygiene of its own fails, for both its tests")
                .hasSize(2)
                .allSatisfy((test, message) -> {
                    assertThat(test).contains("SubOfItsOwn");
                    assertThat(message).contains("1 delayed call(s) still pending on the injected clock");
                });
    }

    @Test
    void aFailureNamesTheClassAndMethodThenTheDisplayName() {
        Map<String, String> failures = failures(Names.class);

        String names = Names.class.getName();
        assertThat(failures.values())
                .hasSize(3)
                .anySatisfy(m -> assertThat(m).startsWith(names + ".repeated (repetition 1 of 1) broke the kit's"))
                .anySatisfy(m -> assertThat(m).startsWith(names + ".parameterized ([1] x) broke the kit's"))
                .anySatisfy(m -> assertThat(m).startsWith(names + ".plain broke the kit's"));
    }
}
