package dev.weft.internet.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.internet.AlreadyCalled;
import dev.weft.internet.AlreadyCancelled;
import dev.weft.internet.IDelayedCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Twisted's task.Clock behaviour: invariants 39 to 46 of the protocol spec, and weft's choices. */
final class ClockTest {
    private final Clock clock = new Clock();
    private final List<String> ran = new ArrayList<>();

    @Test
    void newClockStartsAtZeroWithNoCalls() { // 39
        assertThat(clock.seconds()).isEqualTo(0.0);
        assertThat(clock.getDelayedCalls()).isEmpty();
    }

    @Test
    void callLaterSchedulesAtNowPlusDelayAndRunsTheGivenCall() { // 40
        clock.advance(1.5);
        IDelayedCall call = clock.callLater(2, () -> ran.add("f"));
        assertThat(call.getTime()).isEqualTo(3.5);
        assertThat(call.active()).isTrue();
        assertThat(clock.getDelayedCalls()).containsExactly(call);
        clock.advance(1.99);
        assertThat(ran).isEmpty();
        clock.advance(0.01);
        assertThat(ran).containsExactly("f");
        assertThat(call.active()).isFalse();
        assertThat(clock.getDelayedCalls()).isEmpty();
    }

    @Test
    void advanceRunsDueCallsInTimeOrderAndTiesInSchedulingOrder() { // 41
        clock.callLater(3, () -> ran.add("c@3"));
        clock.callLater(1, () -> ran.add("a@1"));
        clock.callLater(2, () -> ran.add("b1@2"));
        clock.callLater(2, () -> ran.add("b2@2"));
        clock.callLater(5, () -> ran.add("late"));
        clock.advance(3);
        assertThat(ran).containsExactly("a@1", "b1@2", "b2@2", "c@3");
        assertThat(clock.getDelayedCalls()).hasSize(1);
    }

    @Test
    void everyCallOfOneAdvanceSeesTheFinalTime() { // 42
        List<Double> times = new ArrayList<>();
        clock.callLater(1, () -> times.add(clock.seconds()));
        clock.callLater(4, () -> times.add(clock.seconds()));
        clock.advance(10);
        assertThat(times).containsExactly(10.0, 10.0);
    }

    @Test
    void callLaterZeroFromInsideACallRunsInTheSameAdvance() { // 43
        clock.callLater(1, () -> {
            ran.add("outer");
            clock.callLater(0, () -> ran.add("inner"));
        });
        clock.advance(1);
        assertThat(ran).containsExactly("outer", "inner");
        assertThat(clock.getDelayedCalls()).isEmpty();
    }

    @Test
    void exceptionFromACallEscapesAdvanceAndLeavesTheOtherDueCallsPending() { // 44
        IllegalStateException boom = new IllegalStateException("boom");
        clock.callLater(1, () -> {
            throw boom;
        });
        IDelayedCall second = clock.callLater(2, () -> ran.add("second"));
        assertThatThrownBy(() -> clock.advance(5)).isSameAs(boom);
        assertThat(ran).isEmpty();
        assertThat(clock.getDelayedCalls()).containsExactly(second);
        clock.advance(0);
        assertThat(ran).containsExactly("second");
    }

    @Test
    void cancelRemovesTheCallAndMisuseThrowsAlreadyCancelledOrAlreadyCalled() { // 45
        IDelayedCall cancelled = clock.callLater(1, () -> ran.add("cancelled"));
        cancelled.cancel();
        assertThat(cancelled.active()).isFalse();
        assertThat(clock.getDelayedCalls()).isEmpty();
        assertThatThrownBy(cancelled::cancel).isInstanceOf(AlreadyCancelled.class);
        assertThatThrownBy(() -> cancelled.reset(1)).isInstanceOf(AlreadyCancelled.class);
        assertThatThrownBy(() -> cancelled.delay(1)).isInstanceOf(AlreadyCancelled.class);

        IDelayedCall done = clock.callLater(1, () -> ran.add("done"));
        clock.advance(1);
        assertThat(ran).containsExactly("done");
        assertThatThrownBy(done::cancel).isInstanceOf(AlreadyCalled.class);
        assertThatThrownBy(() -> done.reset(1)).isInstanceOf(AlreadyCalled.class);
        assertThatThrownBy(() -> done.delay(1)).isInstanceOf(AlreadyCalled.class);
    }

    @Test
    void cancellingACallFromInsideItselfThrowsAlreadyCalled() { // 45, Twisted's testAdvanceCancel
        List<Throwable> errors = new ArrayList<>();
        IDelayedCall[] self = new IDelayedCall[1];
        self[0] = clock.callLater(1, () -> {
            try {
                self[0].cancel();
            } catch (AlreadyCalled e) {
                errors.add(e);
            }
        });
        clock.advance(1);
        assertThat(errors).hasSize(1);
    }

    @Test
    void resetAndDelayRescheduleAndOrderFollowsTheNewTimes() { // 46
        IDelayedCall a = clock.callLater(2, () -> ran.add("a"));
        IDelayedCall b = clock.callLater(3, () -> ran.add("b"));
        clock.advance(1);
        a.reset(5);
        assertThat(a.getTime()).isEqualTo(6.0);
        b.delay(1);
        assertThat(b.getTime()).isEqualTo(4.0);
        clock.advance(3);
        assertThat(ran).containsExactly("b");
        clock.advance(2);
        assertThat(ran).containsExactly("b", "a");
    }

    @Test
    void resetToAnEarlierTimeAndNegativeDelayMoveTheCallSooner() { // 46
        IDelayedCall a = clock.callLater(10, () -> ran.add("a"));
        IDelayedCall b = clock.callLater(10, () -> ran.add("b"));
        a.reset(4);
        b.delay(-7);
        assertThat(a.getTime()).isEqualTo(4.0);
        assertThat(b.getTime()).isEqualTo(3.0);
        clock.advance(4);
        assertThat(ran).containsExactly("b", "a");
    }

    @Test
    void equalTimesAfterADelayKeepListOrderAsTwistedsStableSortDoes() {
        IDelayedCall early = clock.callLater(3, () -> ran.add("moved"));
        clock.callLater(5, () -> ran.add("first-at-5"));
        early.delay(2);
        clock.advance(5);
        assertThat(ran).containsExactly("moved", "first-at-5");
    }

    @Test
    void pumpAdvancesOncePerValue() {
        List<Double> times = new ArrayList<>();
        clock.callLater(1, () -> times.add(clock.seconds()));
        clock.callLater(2.5, () -> times.add(clock.seconds()));
        clock.pump(0.5, 1, 1, 1);
        assertThat(clock.seconds()).isEqualTo(3.5);
        assertThat(times).containsExactly(1.5, 2.5);
    }

    @Test
    void advanceAcceptsADuration() {
        clock.callLater(Duration.ofMillis(1500), () -> ran.add("f"));
        clock.advance(Duration.ofSeconds(1));
        assertThat(ran).isEmpty();
        clock.advance(Duration.ofMillis(500));
        assertThat(ran).containsExactly("f");
        assertThat(clock.seconds()).isEqualTo(1.5);
    }

    @Test
    void negativeOrNaNDelayAndAdvanceAreRejected() {
        assertThatThrownBy(() -> clock.callLater(-1, () -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1.0");
        assertThatThrownBy(() -> clock.callLater(Double.NaN, () -> {})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> clock.advance(-0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThat(clock.seconds()).isEqualTo(0.0);
    }

    @Test
    void getDelayedCallsIsASnapshot() {
        clock.callLater(1, () -> {});
        List<IDelayedCall> snapshot = clock.getDelayedCalls();
        clock.callLater(2, () -> {});
        assertThat(snapshot).hasSize(1);
        assertThat(clock.getDelayedCalls()).hasSize(2);
        assertThatThrownBy(() -> snapshot.clear()).isInstanceOf(UnsupportedOperationException.class);
    }
}
