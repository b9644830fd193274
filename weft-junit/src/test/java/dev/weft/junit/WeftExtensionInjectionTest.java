package dev.weft.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.weft.internet.task.Clock;
import dev.weft.internet.testing.MemoryReactor;
import dev.weft.internet.testing.MemoryReactorClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * {@link WeftExtension} injects one {@link Clock} and one {@link MemoryReactorClock} per test, shared by the test's
 * {@code @BeforeEach}, body and {@code @AfterEach}, and a new one for the next test.
 */
class WeftExtensionInjectionTest {
    /** What each case's setUp, body and tearDown were given, in order. */
    static final List<Object> SEEN = new ArrayList<>();

    /** The cases; run only through EngineTestKit. */
    @ExtendWith({OnlyInTestKit.class, WeftExtension.class})
    static class Cases {
        /** A client under test made before each test, on the clock the test then advances. */
        private Runnable client;

        @BeforeEach
        void setUp(Clock clock, MemoryReactorClock memory) {
            SEEN.add(clock);
            SEEN.add(memory);
            client = () -> {
                clock.callLater(5, () -> {});
                memory.callLater(5, () -> {});
            };
        }

        @Test
        void advancesTheClockTheSetUpGaveTheClient(Clock clock, MemoryReactorClock memory) {
            client.run();
            clock.advance(5); // runs the client's call: nothing left pending
            memory.advance(5);
            SEEN.add(clock);
            SEEN.add(memory);
        }

        @Test
        void getsOneOfEachWhateverTheParameters(Clock a, Clock b, MemoryReactor r, MemoryReactorClock m) {
            SEEN.addAll(List.of(a, b, r, m));
        }

        @AfterEach
        void tearDown(Clock clock, MemoryReactorClock memory) {
            SEEN.add(clock);
            SEEN.add(memory);
        }
    }

    private static Events run(String method, Class<?>... params) {
        SEEN.clear();
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter(OnlyInTestKit.KEY, "true")
                .selectors(method == null ? selectClass(Cases.class) : selectMethod(Cases.class, method, params))
                .execute()
                .testEvents();
    }

    private static List<String> failures(Events events) {
        return events.failed().stream()
                .map(e -> e.getPayload(TestExecutionResult.class)
                        .flatMap(TestExecutionResult::getThrowable)
                        .map(Throwable::getMessage)
                        .orElse("?"))
                .toList();
    }

    @Test
    void theBeforeEachTheTestAndTheAfterEachShareTheClocks() {
        Events events = run("advancesTheClockTheSetUpGaveTheClient", Clock.class, MemoryReactorClock.class);

        assertThat(failures(events))
                .as("no delayed call left on a clock the test never saw")
                .isEmpty();
        assertThat(events.succeeded().count()).isEqualTo(1);
        assertThat(SEEN).hasSize(6);
        for (int i = 0; i < 6; i += 2) {
            assertThat(SEEN.get(i)).as("the Clock at %d", i).isSameAs(SEEN.get(0));
            assertThat(SEEN.get(i + 1))
                    .as("the MemoryReactorClock at %d", i + 1)
                    .isSameAs(SEEN.get(1));
        }
        assertThat(SEEN.get(0)).isNotSameAs(SEEN.get(1));
    }

    @Test
    void twoParametersOfOneTypeAndAMemoryReactorAreTheSameObject() {
        Events events = run(
                "getsOneOfEachWhateverTheParameters",
                Clock.class,
                Clock.class,
                MemoryReactor.class,
                MemoryReactorClock.class);

        assertThat(failures(events)).isEmpty();
        // setUp's clock and memory reactor, then a, b, r, m, then tearDown's
        Object clock = SEEN.get(0);
        Object memory = SEEN.get(1);
        assertThat(SEEN).hasSize(8);
        assertThat(SEEN.get(2)).isSameAs(clock);
        assertThat(SEEN.get(3)).isSameAs(clock);
        assertThat(SEEN.get(4))
                .as("the MemoryReactor is the MemoryReactorClock")
                .isSameAs(memory);
        assertThat(SEEN.get(5)).isSameAs(memory);
    }

    @Test
    void eachTestGetsNewOnes() {
        Events events = run(null);

        assertThat(failures(events)).isEmpty();
        assertThat(events.succeeded().count()).isEqualTo(2);
        assertThat(SEEN).hasSize(14); // 6 for one test, 8 for the other
        assertThat(SEEN.stream().distinct().count())
                .as("a clock and a memory reactor per test")
                .isEqualTo(4);
    }
}
