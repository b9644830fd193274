package dev.weft.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.weft.internet.task.Clock;
import dev.weft.internet.testing.Split;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EventType;
import org.junit.platform.testkit.engine.Events;

/**
 * A method whose parameters {@link ChunkedSource} cannot fill fails once, naming the method, what it takes and the
 * signatures served. Before, {@code (byte[] chunk)} failed once per split, each with JUnit's converter error.
 */
class ChunkedSourceSignatureTest {
    /** What the cases that run were given. */
    static final List<Object> SEEN = new ArrayList<>();

    /** The cases; run only through EngineTestKit. */
    @ExtendWith({OnlyInTestKit.class, WeftExtension.class})
    static class Cases {
        @ParameterizedTest
        @ChunkedSource(value = "abc", randomSplits = 0)
        void takesTheChunk(byte[] chunk) {}

        @ParameterizedTest
        @ChunkedSource(value = "abc", randomSplits = 0)
        void takesThemSwapped(byte[] input, Split split) {}

        @ParameterizedTest
        @ChunkedSource(value = "abc", randomSplits = 0)
        void takesNothing() {}

        @ParameterizedTest
        @ChunkedSource(value = "abc", randomSplits = 0)
        void takesTheInputLast(Split split, Clock clock, byte[] input) {}

        @ParameterizedTest
        @ChunkedSource(value = "abc", randomSplits = 0, emptyReads = false, maxFixedSize = 1)
        void takesTheSplitAndAClock(Split split, Clock clock) {
            SEEN.add(split);
            SEEN.add(clock);
        }

        @ParameterizedTest
        @ChunkedSource(value = "abc", randomSplits = 0, emptyReads = false, maxFixedSize = 1)
        void takesTheSplitTheInputAndAClock(Split split, byte[] input, Clock clock) {
            SEEN.add(clock);
        }
    }

    private static Events run(String method, Class<?>... parameters) {
        SEEN.clear();
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter(OnlyInTestKit.KEY, "true")
                .selectors(selectMethod(Cases.class, method, parameters))
                .execute()
                .allEvents();
    }

    private static Throwable thrown(Event e) {
        return e.getPayload(TestExecutionResult.class)
                .flatMap(TestExecutionResult::getThrowable)
                .orElseThrow();
    }

    /** Asserts the method failed once, as a whole, with a message naming it, its parameters and what is served. */
    private static void failsOnce(String method, String got, Class<?>... parameters) {
        Events events = run(method, parameters);

        assertThat(events.filter(e -> e.getType() == EventType.STARTED
                        && e.getTestDescriptor().isTest()))
                .as("no invocation runs")
                .isEmpty();
        List<Event> failed = events.failed().list();
        assertThat(failed).hasSize(1);
        assertThat(thrown(failed.get(0)).getMessage())
                .contains("@ChunkedSource cannot fill the parameters " + got + " of method [")
                .contains("Cases." + method + "(")
                .contains("(Split split) or (Split split, byte[] input)")
                .contains("split.pieces(input)");
    }

    @Test
    void aMethodTakingOnlyBytesFailsOnceNamingWhatItTakes() {
        failsOnce("takesTheChunk", "(byte[])", byte[].class);
    }

    @Test
    void theInputBeforeTheSplitFailsOnce() {
        failsOnce("takesThemSwapped", "(byte[], Split)", byte[].class, Split.class);
    }

    @Test
    void aMethodTakingNothingFailsOnce() {
        failsOnce("takesNothing", "()");
    }

    @Test
    void theInputAfterAnotherParameterFailsOnce() {
        failsOnce("takesTheInputLast", "(Split, Clock, byte[])", Split.class, Clock.class, byte[].class);
    }

    @Test
    void theSplitMayBeFollowedByAParameterOfAnotherExtension() {
        Events events = run("takesTheSplitAndAClock", Split.class, Clock.class);

        assertThat(events.failed().list()).isEmpty();
        // 3 bytes: whole, one byte at a time, at(1), at(2)
        assertThat(events.filter(e -> e.getType() == EventType.FINISHED
                        && e.getTestDescriptor().isTest()))
                .hasSize(4);
        assertThat(SEEN).hasSize(8).hasAtLeastOneElementOfType(Split.class).hasAtLeastOneElementOfType(Clock.class);
    }

    @Test
    void theSplitAndTheInputMayBeFollowedByAParameterOfAnotherExtension() {
        Events events = run("takesTheSplitTheInputAndAClock", Split.class, byte[].class, Clock.class);

        assertThat(events.failed().list()).isEmpty();
        assertThat(SEEN).hasSize(4).allMatch(Clock.class::isInstance);
    }
}
