package dev.weft.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.weft.defer.Scheduler;
import dev.weft.fixture.SinkServer;
import dev.weft.internet.IReactorTCP;
import dev.weft.internet.IReactorTime;
import dev.weft.internet.nio.NioReactor;
import dev.weft.internet.nio.ReactorThread;
import dev.weft.internet.task.Clock;
import dev.weft.internet.testing.MemoryReactor;
import dev.weft.internet.testing.MemoryReactorClock;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * Which parameter types {@link WeftExtension} answers: each injected thing's class, and a weft supertype of it that
 * nothing else injected is ({@code MemoryReactor}); a type two or more are ({@code IReactorTime}: the clock, the memory
 * reactor and the running reactor) fails naming them and what to declare instead, where it was "No ParameterResolver
 * registered". JDK types are left to other resolvers, as are a {@code @ParameterizedTest}'s arguments.
 */
class WeftExtensionSupertypesTest {
    @ExtendWith({OnlyInTestKit.class, WeftExtension.class})
    static class Cases {
        @Test
        void time(IReactorTime time) {}

        @Test
        void scheduler(Scheduler scheduler) {}

        @Test
        void tcp(IReactorTCP tcp) {}

        @Test
        void closeable(AutoCloseable closeable) {}

        @Test
        void memoryReactor(MemoryReactor reactor, MemoryReactorClock clock) {
            assertThat(reactor).isSameAs(clock);
        }

        static Stream<IReactorTime> clocks() {
            return Stream.of(new Clock());
        }

        /** An argument of an ambiguous type is the parameterized test's: no competing resolver. */
        @ParameterizedTest
        @MethodSource("clocks")
        void anArgument(IReactorTime time) {
            assertThat(time).isInstanceOf(Clock.class);
        }
    }

    private static Map<String, String> failures(Events events) {
        return events.failed().stream()
                .collect(Collectors.toMap(
                        (Event e) -> e.getTestDescriptor().getLegacyReportingName(),
                        e -> e.getPayload(TestExecutionResult.class)
                                .flatMap(TestExecutionResult::getThrowable)
                                .map(Throwable::getMessage)
                                .orElse("?")));
    }

    @Test
    void eachInjectedThingAnswersToItsClassAndTheSupertypesOnlyItHas() {
        assertThat(Fixtures.typesOf(Fixtures.Fixture.CLOCK)).containsExactly(Clock.class);
        assertThat(Fixtures.typesOf(Fixtures.Fixture.MEMORY_REACTOR))
                .containsExactlyInAnyOrder(MemoryReactorClock.class, MemoryReactor.class);
        assertThat(Fixtures.typesOf(Fixtures.Fixture.REACTOR_THREAD)).containsExactly(ReactorThread.class);
        assertThat(Fixtures.typesOf(Fixtures.Fixture.NIO_REACTOR)).containsExactly(NioReactor.class);
        assertThat(Fixtures.typesOf(Fixtures.Fixture.SINK_SERVER)).containsExactly(SinkServer.class);
    }

    @Test
    void aTypeSeveralAreFailsNamingThemAndWhatToAskFor() {
        Events events = EngineTestKit.engine("junit-jupiter")
                .configurationParameter(OnlyInTestKit.KEY, "true")
                .selectors(selectClass(Cases.class))
                .execute()
                .testEvents();
        Map<String, String> failures = failures(events);

        assertThat(failures.keySet())
                .containsExactlyInAnyOrder(
                        "time(IReactorTime)", "scheduler(Scheduler)", "tcp(IReactorTCP)", "closeable(AutoCloseable)");
        assertThat(failures.get("time(IReactorTime)"))
                .startsWith("WeftExtension cannot inject the IReactorTime parameter 1 of Cases.time: 3 of the things"
                        + " it injects are of type IReactorTime, and it does not guess which one is meant: Clock (")
                .contains("), MemoryReactorClock (")
                .contains("), NioReactor (a running reactor, on real time)")
                .endsWith("; declare the parameter as the one you mean (Clock instead of IReactorTime) and pass it on"
                        + " where IReactorTime is expected");
        assertThat(failures.get("scheduler(Scheduler)")).contains("3 of the things it injects are of type Scheduler");
        assertThat(failures.get("tcp(IReactorTCP)"))
                .contains("2 of the things it injects are of type IReactorTCP")
                .contains("MemoryReactorClock (")
                .contains("NioReactor (")
                .doesNotContain("Clock (a clock");
        assertThat(failures.get("closeable(AutoCloseable)"))
                .as("a JDK type is not claimed")
                .contains("No ParameterResolver registered");
        assertThat(events.succeeded().count())
                .as("memoryReactor and anArgument[1]")
                .isEqualTo(2);
    }
}
