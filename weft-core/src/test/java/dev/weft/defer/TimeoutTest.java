package dev.weft.defer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.task.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** addTimeout (I60 to I62) on a task.Clock. */
final class TimeoutTest {
    private final Clock clock = new Clock();
    private final List<Object> seen = new ArrayList<>();

    @Test
    void timedOutDeferredFailsWithTimeoutError() {
        Deferred<String> d = new Deferred<>();
        d.addTimeout(5, clock);
        clock.advance(4);
        assertThat(d.isCalled()).isFalse();
        clock.advance(1);
        TimeoutError error = (TimeoutError) ((Failure) d.currentResult()).value();
        assertThat(error.seconds()).isEqualTo(5.0);
        assertThat(clock.getDelayedCalls()).isEmpty();
    }

    @Test
    void deferredFiredInTimeDisarmsTheTimer() {
        Deferred<String> d = new Deferred<>();
        d.addTimeout(5, clock);
        d.callback("fast");
        assertThat(clock.getDelayedCalls()).isEmpty();
        clock.advance(10);
        assertThat(d.currentResult()).isEqualTo("fast");
    }

    @Test
    void errbackAddedBeforeTheTimeoutSeesTheCancelledError() {
        Deferred<String> d = new Deferred<>();
        d.addErrback(f -> {
            seen.add(f.value());
            return f;
        });
        d.addTimeout(5, clock);
        clock.advance(5);
        assertThat(seen).singleElement().isInstanceOf(CancelledError.class);
        assertThat(((Failure) d.currentResult()).value()).isInstanceOf(TimeoutError.class);
    }

    @Test
    void cancellerThatFiresWinsOverTheTimeout() {
        Deferred<String> d = new Deferred<>(self -> self.callback("from canceller"));
        d.addTimeout(5, clock);
        clock.advance(5);
        assertThat(d.currentResult()).isEqualTo("from canceller");
    }

    @Test
    void onTimeoutCancelDecidesTheResultAfterATimeout() {
        Deferred<String> d = new Deferred<>();
        d.addTimeout(2.5, clock, (result, seconds) -> "gave up after " + seconds);
        clock.advance(2.5);
        assertThat(d.currentResult()).isEqualTo("gave up after 2.5");
    }

    @Test
    void onTimeoutCancelIsNotCalledForAnOrdinaryCancel() {
        Deferred<String> d = new Deferred<>();
        d.addTimeout(5, clock, (result, seconds) -> seen.add("translated"));
        d.cancel();
        assertThat(seen).isEmpty();
        assertThat(((Failure) d.currentResult()).value()).isInstanceOf(CancelledError.class);
        assertThat(clock.getDelayedCalls()).isEmpty();
    }

    @Test
    void firedButWaitingDeferredStillTimesOutThroughTheAwaitedOne() {
        Deferred<Object> inner = new Deferred<>();
        Deferred<Object> outer = new Deferred<>();
        outer.addCallbackDeferring(x -> inner).addTimeout(5, clock);
        outer.callback(0);
        clock.advance(6);
        assertThat(inner.isCalled())
                .as("the cancel went to the awaited Deferred")
                .isTrue();
        assertThat(((Failure) outer.currentResult()).value()).isInstanceOf(TimeoutError.class);
    }

    @Test
    void timeoutAcceptsADuration() {
        Deferred<String> d = new Deferred<>();
        d.addTimeout(Duration.ofMillis(1500), clock);
        clock.advance(1.5);
        assertThat(((Failure) d.currentResult()).value()).isInstanceOf(TimeoutError.class);
    }
}
