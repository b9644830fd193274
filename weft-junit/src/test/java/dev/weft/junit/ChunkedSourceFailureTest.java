package dev.weft.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.weft.internet.testing.Split;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;
import org.opentest4j.AssertionFailedError;

/**
 * A failing {@link ChunkedSource} invocation names its split in its failure message, where Maven Surefire shows it:
 * Surefire names an invocation {@code method(Split, byte[])[3]}, by index, and drops JUnit's display name. Before,
 * the message was the assertion's alone ({@code Expected size: 1 but was: 2}), so a report did not say which split
 * failed.
 */
class ChunkedSourceFailureTest {
    private static final String SIGNATURE = Split.class.getName() + ", byte[]";

    /** The cases; run only through EngineTestKit. */
    @ExtendWith(OnlyInTestKit.class)
    static class Cases {
        @ParameterizedTest
        @ChunkedSource(value = "abcd", randomSplits = 0, maxSplitPoints = 3, maxFixedSize = 2)
        void assertsOnePiece(Split split, byte[] input) {
            assertThat(split.pieces(input)).hasSize(1);
        }

        @ParameterizedTest
        @ChunkedSource(value = "ab", randomSplits = 0, emptyReads = false)
        void assertsEquals(Split split, byte[] input) {
            assertEquals(1, split.pieceCount(input.length), "pieces");
        }

        @ParameterizedTest
        @ChunkedSource(value = "ab", randomSplits = 0, emptyReads = false)
        void throwsWhenSplit(Split split, byte[] input) {
            if (split.pieceCount(input.length) > 1) {
                throw new IllegalStateException("parser lost its place");
            }
        }

        @ParameterizedTest
        @ChunkedSource(value = "ab", randomSplits = 0, emptyReads = false)
        void assumes(Split split, byte[] input) {
            assumeTrue(split.pieceCount(input.length) == 1, "whole only");
        }

        @ParameterizedTest
        @ChunkedSource(value = "ab", randomSplits = 0, emptyReads = false)
        void namesTheSplitItself(Split split, byte[] input) {
            assertThat(split.pieceCount(input.length)).as("pieces of %s", split).isEqualTo(1);
        }
    }

    private static Events run(String method) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter(OnlyInTestKit.KEY, "true")
                .selectors(selectMethod(Cases.class, method, SIGNATURE))
                .execute()
                .testEvents();
    }

    private static Throwable thrown(Event e) {
        return e.getPayload(TestExecutionResult.class)
                .flatMap(TestExecutionResult::getThrowable)
                .orElseThrow();
    }

    /** Returns the split a display name such as {@code [3] Split.at(2), 4 bytes} names. */
    private static String splitOf(Event e) {
        String name = e.getTestDescriptor().getDisplayName();
        return name.substring(name.indexOf("] ") + 2, name.lastIndexOf(", "));
    }

    @Test
    void eachFailureMessageStartsWithItsSplit() {
        Events events = run("assertsOnePiece");

        // Split.every(2) cuts where Split.at(2) does: it does not run
        List<String> expected = List.of(
                "Split.every(1)", "Split.at(1)", "Split.at(2)", "Split.at(3)", "Split.every(1).withEmptyReads()");
        List<String> named = events.failed().stream()
                .map(e -> {
                    Throwable t = thrown(e);
                    assertThat(t)
                            .isInstanceOf(AssertionFailedError.class)
                            .hasMessageStartingWith("split " + splitOf(e) + ": ")
                            .hasMessageContaining("Expected size: 1 but was: ")
                            .cause()
                            .isInstanceOf(AssertionError.class);
                    // Surefire's summary line (Cases.assertsOnePiece:NN) comes from the top of the stack trace
                    assertThat(t.getStackTrace()[0].getMethodName()).isEqualTo("assertsOnePiece");
                    return splitOf(e);
                })
                .collect(Collectors.toList());
        assertThat(named).hasSizeGreaterThan(3).containsExactlyElementsOf(expected);
        assertThat(events.succeeded().count()).isPositive();
    }

    @Test
    void anAssertEqualsFailureKeepsItsExpectedAndActualValues() {
        Throwable t = thrown(run("assertsEquals").failed().stream().findFirst().orElseThrow());

        assertThat(t).isInstanceOf(AssertionFailedError.class).hasMessageStartingWith("split Split.");
        assertThat(((AssertionFailedError) t).getExpected().getValue()).isEqualTo(1);
        assertThat(((AssertionFailedError) t).getActual().getValue()).isEqualTo(2);
    }

    @Test
    void anExceptionStaysAnErrorWithTheOriginalAsItsCause() {
        Events events = run("throwsWhenSplit");

        assertThat(events.failed().count()).isPositive();
        events.failed().stream()
                .forEach(e -> assertThat(thrown(e))
                        .isNotInstanceOf(AssertionError.class)
                        .hasMessage("split " + splitOf(e) + ": java.lang.IllegalStateException: parser lost its place")
                        .cause()
                        .isInstanceOf(IllegalStateException.class));
    }

    @Test
    void anAbortedInvocationIsLeftAlone() {
        Events events = run("assumes");

        assertThat(events.failed().count()).isZero();
        assertThat(events.aborted().count()).isPositive();
        events.aborted().stream().forEach(e -> assertThat(thrown(e)).hasMessage("Assumption failed: whole only"));
    }

    @Test
    void aMessageThatNamesTheSplitIsLeftAlone() {
        Events events = run("namesTheSplitItself");

        assertThat(events.failed().count()).isPositive();
        events.failed().stream()
                .forEach(e -> assertThat(thrown(e))
                        .hasMessageStartingWith("[pieces of " + splitOf(e) + "]")
                        .hasNoCause());
    }
}
