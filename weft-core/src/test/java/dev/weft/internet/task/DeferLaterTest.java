package dev.weft.internet.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.defer.CancelledError;
import dev.weft.defer.Deferred;
import dev.weft.defer.Failure;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/** Twisted's task.deferLater, as {@link Tasks#deferLater}, driven by a {@link Clock}. */
final class DeferLaterTest {
    private final Clock clock = new Clock();
    private final List<String> ran = new ArrayList<>();
    private final List<Object> outcomes = new ArrayList<>();

    private Callable<String> recording(String result) {
        return () -> {
            ran.add("called at " + clock.seconds());
            return result;
        };
    }

    private <T> Deferred<T> record(Deferred<T> d) {
        return d.addCallbacks(
                value -> {
                    outcomes.add(value == null ? "null" : value);
                    return value;
                },
                failure -> {
                    outcomes.add(failure);
                    return null;
                });
    }

    @Test
    void firesWithTheCallablesResultOnceTheDelayHasPassed() {
        Deferred<String> d = record(Tasks.deferLater(clock, 2, recording("done")));

        assertThat(clock.getDelayedCalls()).hasSize(1);
        assertThat(clock.getDelayedCalls().get(0).getTime()).isEqualTo(2.0);
        clock.advance(1.5);
        assertThat(ran).isEmpty();
        assertThat(d.isCalled()).isFalse();

        clock.advance(0.5);
        assertThat(ran).containsExactly("called at 2.0");
        assertThat(outcomes).containsExactly("done");
        assertThat(clock.getDelayedCalls()).isEmpty();
    }

    @Test
    void neverCallsSynchronouslyEvenWithNoDelay() {
        Tasks.deferLater(clock, 0, recording("now"));
        assertThat(ran)
                .as("deferLater(0) waits for the clock's turn, as callLater(0) does")
                .isEmpty();

        clock.advance(0);
        assertThat(ran).containsExactly("called at 0.0");
    }

    @Test
    void takesItsDelayAsADuration() {
        Deferred<String> d = record(Tasks.deferLater(clock, Duration.ofMillis(1500), recording("later")));

        clock.advance(1);
        assertThat(d.isCalled()).isFalse();
        clock.advance(0.5);
        assertThat(outcomes).containsExactly("later");
    }

    @Test
    void withoutCallableFiresWithNullAfterTheDelay() {
        record(Tasks.deferLater(clock, 3));
        record(Tasks.deferLater(clock, Duration.ofSeconds(4)));

        clock.advance(2.5);
        assertThat(outcomes).isEmpty();
        clock.advance(0.5);
        assertThat(outcomes).containsExactly("null");
        clock.advance(1);
        assertThat(outcomes).containsExactly("null", "null");
    }

    @Test
    void failsWithWhatTheCallableThrows() {
        IOException boom = new IOException("boom");
        record(Tasks.deferLater(clock, 1, () -> {
            throw boom;
        }));

        clock.advance(1);
        assertThat(outcomes).hasSize(1);
        assertThat(((Failure) outcomes.get(0)).value()).isSameAs(boom);
    }

    @Test
    void waitsForTheDeferredTheCallableReturns() {
        Deferred<String> inner = new Deferred<>();
        Deferred<String> d = record(Tasks.deferLaterDeferring(clock, 1, () -> inner));

        clock.advance(1);
        assertThat(outcomes).as("the chain waits for the callable's Deferred").isEmpty();
        inner.callback("chained");
        assertThat(outcomes).containsExactly("chained");
        assertThat(d.currentResult()).isEqualTo("chained");
    }

    @Test
    void aPlainCallableReturningADeferredIsWaitedForToo() {
        Deferred<String> inner = new Deferred<>();
        record(Tasks.deferLater(clock, 1, () -> inner));

        clock.advance(1);
        assertThat(outcomes).isEmpty();
        inner.callback("chained");
        assertThat(outcomes).containsExactly("chained");
    }

    @Test
    void cancelBeforeTheDelayCancelsTheCallWhichNeverRuns() {
        Deferred<String> d = record(Tasks.deferLater(clock, 5, recording("too late")));
        clock.advance(1);

        d.cancel();

        assertThat(outcomes).hasSize(1);
        assertThat(((Failure) outcomes.get(0)).value()).isInstanceOf(CancelledError.class);
        assertThat(clock.getDelayedCalls()).as("the delayed call is cancelled").isEmpty();
        clock.advance(10);
        assertThat(ran).isEmpty();
    }

    @Test
    void cancelAfterTheCallHasRunChangesNothing() {
        Deferred<String> d = record(Tasks.deferLater(clock, 1, recording("kept")));
        clock.advance(1);

        d.cancel();

        assertThat(outcomes).containsExactly("kept");
        assertThat(d.currentResult()).isEqualTo("kept");
    }

    @Test
    void cancelWhileWaitingOnTheCallablesDeferredCancelsThatDeferred() {
        List<String> innerCancelled = new ArrayList<>();
        Deferred<String> inner = new Deferred<>(ignored -> innerCancelled.add("inner"));
        Deferred<String> d = record(Tasks.deferLaterDeferring(clock, 1, () -> inner));
        clock.advance(1);

        d.cancel();

        assertThat(innerCancelled).containsExactly("inner");
        assertThat(outcomes).hasSize(1);
        assertThat(((Failure) outcomes.get(0)).value()).isInstanceOf(CancelledError.class);
    }

    @Test
    void refusesANegativeOrNanDelayAndSchedulesNothing() {
        assertThatThrownBy(() -> Tasks.deferLater(clock, -1, recording("never")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("deferLater's delay must be a number of seconds, 0 or more, not -1.0")
                .hasMessageContaining("pass 0");
        assertThatThrownBy(() -> Tasks.deferLater(clock, Duration.ofSeconds(-2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not -2.0");
        assertThatThrownBy(() -> Tasks.deferLaterDeferring(clock, Double.NaN, () -> new Deferred<String>()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not NaN");

        assertThat(clock.getDelayedCalls()).isEmpty();
        clock.advance(5);
        assertThat(ran).isEmpty();
    }
}
