package dev.weft.internet.testing;

import static dev.weft.internet.testing.DeferredAssertions.assertNoResult;
import static dev.weft.internet.testing.DeferredAssertions.failureResultOf;
import static dev.weft.internet.testing.DeferredAssertions.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.defer.Deferred;
import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionAborted;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.ConnectionLost;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class DeferredAssertionsTest {
    @Test
    /** As trial's successResultOf: the result is taken, and later handlers see null. */
    void successResultOfReturnsTheCurrentResultAndLeavesNullOnTheChainAsTwistedDoes() {
        Deferred<String> d = Deferred.succeed("value");
        List<Object> later = new ArrayList<>();

        assertThat(successResultOf(d)).isEqualTo("value");
        d.addBoth(later::add);

        assertThat(later).containsExactly((Object) null);
    }

    @Test
    void successResultOfReturnsANullResult() {
        Deferred<Void> d = new Deferred<>();
        d.callback(null);

        assertThat(successResultOf(d)).isNull();
    }

    @Test
    void successResultOfReadsTheResultAfterEveryHandler() {
        Deferred<Integer> d = new Deferred<>();
        Deferred<Integer> doubled = d.addCallback(n -> n * 2);
        d.callback(21);

        assertThat(successResultOf(doubled)).isEqualTo(42);
    }

    @Test
    void successResultOfAnUnfiredDeferredFailsTheTest() {
        Deferred<String> d = new Deferred<>();

        assertThatThrownBy(() -> successResultOf(d))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Success result expected")
                .hasMessageContaining("found no result instead");
    }

    @Test
    void successResultOfAFailedDeferredFailsTheTestWithTheFailureAsCauseAndTakesTheFailure() {
        ConnectionLost error = new ConnectionLost();
        Deferred<String> d = Deferred.fail(error);
        List<Object> later = new ArrayList<>();

        assertThatThrownBy(() -> successResultOf(d))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("found failure result instead")
                .hasMessageContaining("ConnectionLost")
                .hasCause(error);
        d.addBoth(later::add);

        assertThat(later).containsExactly((Object) null);
        assertThat(d.unhandledFailure()).isNull();
    }

    @Test
    /** As trial's failureResultOf: the failure is taken, so it is never reported as unhandled. */
    void failureResultOfReturnsTheFailureAndTakesItSoItCountsAsHandled() {
        ConnectionDone error = new ConnectionDone();
        Deferred<String> d = Deferred.fail(error);
        assertThat(d.unhandledFailure()).isNotNull();
        List<Object> later = new ArrayList<>();

        Failure failure = failureResultOf(d);
        d.addBoth(later::add);

        assertThat(failure.value()).isSameAs(error);
        assertThat(later).containsExactly((Object) null);
        assertThat(d.unhandledFailure()).isNull();
    }

    @Test
    void failureResultOfAcceptsAnExpectedSuperclass() {
        Deferred<String> d = Deferred.fail(new ConnectionAborted());

        Failure failure = failureResultOf(d, ConnectionDone.class, ConnectionLost.class);

        assertThat(failure.value()).isInstanceOf(ConnectionAborted.class);
        d.addErrback(f -> null);
    }

    @Test
    void failureResultOfAnUnexpectedTypeFailsTheTestNamingBothTypes() {
        ConnectionLost error = new ConnectionLost();
        Deferred<String> d = Deferred.fail(error);

        assertThatThrownBy(() -> failureResultOf(d, ConnectionDone.class, IllegalStateException.class))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("dev.weft.internet.ConnectionDone or java.lang.IllegalStateException")
                .hasMessageContaining("dev.weft.internet.ConnectionLost")
                .hasCause(error);
        d.addErrback(f -> null);
    }

    @Test
    void failureResultOfASucceededDeferredFailsTheTestShowingTheResult() {
        Deferred<String> d = Deferred.succeed("fine");

        assertThatThrownBy(() -> failureResultOf(d))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("found success result (fine) instead");
        assertThat(successResultOf(d))
                .as("failureResultOf took the result, as trial does")
                .isNull();
    }

    @Test
    void failureResultOfAnUnfiredDeferredFailsTheTest() {
        assertThatThrownBy(() -> failureResultOf(new Deferred<String>()))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Failure result expected")
                .hasMessageContaining("found no result instead");
    }

    @Test
    void assertNoResultPassesForUnfiredPausedAndWaitingDeferreds() {
        Deferred<String> unfired = new Deferred<>();
        Deferred<String> paused = new Deferred<>();
        paused.pause();
        paused.callback("held");
        Deferred<String> inner = new Deferred<>();
        Deferred<String> waiting = Deferred.succeed("outer").addCallbackDeferring(ignored -> inner);

        assertNoResult(unfired);
        assertNoResult(paused);
        assertNoResult(waiting);

        paused.unpause();
        assertThat(successResultOf(paused)).isEqualTo("held");
        inner.callback("inner");
        assertThat(successResultOf(waiting)).isEqualTo("inner");
    }

    @Test
    void assertNoResultOnASuccessFailsTheTestAndKeepsTheResult() {
        Deferred<String> d = Deferred.succeed("early");

        assertThatThrownBy(() -> assertNoResult(d))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("No result expected")
                .hasMessageContaining("found early instead");
        assertThat(successResultOf(d)).isEqualTo("early");
    }

    @Test
    void assertNoResultOnAFailureFailsTheTestAndSwallowsTheFailureAsTwistedDoes() {
        IllegalStateException error = new IllegalStateException("boom");
        Deferred<String> d = Deferred.fail(error);

        assertThatThrownBy(() -> assertNoResult(d))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("java.lang.IllegalStateException: boom")
                .hasCause(error);
        assertThat(d.unhandledFailure()).isNull();
        assertThat(successResultOf(d)).isNull();
    }
}
