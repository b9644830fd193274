package dev.weft.internet.nio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.defer.Deferred;
import dev.weft.internet.AlreadyCalled;
import dev.weft.internet.AlreadyCancelled;
import dev.weft.internet.IDelayedCall;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** IReactorTime on the real reactor: callLater and IDelayedCall. */
final class TimeTest {
    private final ReactorThread rt = ReactorThread.start();
    private final NioReactor reactor = rt.reactor();

    @AfterEach
    void stopReactor() {
        rt.close();
    }

    /**
     * The names of {@code scheduled} (in scheduling order) sorted by the time each call is due, ties kept in
     * scheduling order: the order the reactor must run them in.
     *
     * <p>Each callLater reads the clock when it is made, so the delays alone do not fix that order: a reactor
     * thread paused for 20 ms between two calls (a loaded machine) makes a call of 0.03 s made first due
     * before one of 0.01 s made after the pause. The tests check the order against the times the calls got;
     * unpaused, that is the order of the delays.
     */
    private static List<String> byTimeThenSchedulingOrder(Map<String, IDelayedCall> scheduled) {
        List<String> names = new ArrayList<>(scheduled.keySet());
        names.sort(Comparator.comparingDouble(name -> scheduled.get(name).getTime())); // stable
        return names;
    }

    @Test
    void delayedCallsRunInTimeOrderThenInSchedulingOrder() {
        List<String> order = new ArrayList<>();
        List<String> expected = rt.await(() -> {
            Deferred<List<String>> done = new Deferred<>();
            Map<String, IDelayedCall> scheduled = new LinkedHashMap<>();
            scheduled.put("c", reactor.callLater(0.03, () -> order.add("c")));
            scheduled.put("a", reactor.callLater(0.01, () -> order.add("a")));
            scheduled.put("b", reactor.callLater(0.01, () -> order.add("b")));
            List<String> byTime = byTimeThenSchedulingOrder(scheduled);
            // Due after the three whatever the pauses: made after them, with a longer delay.
            reactor.callLater(0.05, () -> done.callback(byTime));
            return done;
        });
        assertThat(order).containsExactlyElementsOf(expected).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void aCallScheduledWithZeroDelayFromADelayedCallRunsOnALaterTurn() {
        List<String> order = new ArrayList<>();
        rt.await(() -> {
            Deferred<Void> done = new Deferred<>();
            reactor.callLater(0, () -> {
                order.add("first");
                reactor.callLater(0, () -> {
                    order.add("third");
                    done.callback(null);
                });
            });
            reactor.callLater(0, () -> order.add("second"));
            return done;
        });
        assertThat(order).containsExactly("first", "second", "third");
    }

    @Test
    void aCancelledCallNeverRunsAndIsNoLongerActiveOrPending() {
        List<String> ran = new ArrayList<>();
        rt.await(() -> {
            IDelayedCall call = reactor.callLater(0, () -> ran.add("cancelled"));
            assertThat(reactor.getDelayedCalls()).contains(call);
            call.cancel();
            assertThat(call.active()).isFalse();
            assertThat(reactor.getDelayedCalls()).doesNotContain(call);
            assertThatThrownBy(call::cancel).isInstanceOf(AlreadyCancelled.class);
            assertThatThrownBy(() -> call.reset(1)).isInstanceOf(AlreadyCancelled.class);
            assertThatThrownBy(() -> call.delay(1)).isInstanceOf(AlreadyCancelled.class);
            Deferred<Void> done = new Deferred<>();
            reactor.callLater(0.02, () -> done.callback(null));
            return done;
        });
        assertThat(ran).isEmpty();
    }

    @Test
    void aCallThatRanRejectsCancelResetAndDelay() {
        IDelayedCall call = rt.await(() -> {
            Deferred<IDelayedCall> done = new Deferred<>();
            IDelayedCall[] self = new IDelayedCall[1];
            self[0] = reactor.callLater(0, () -> reactor.callLater(0, () -> done.callback(self[0])));
            return done;
        });
        rt.execute(() -> {
            assertThat(call.active()).isFalse();
            assertThatThrownBy(call::cancel).isInstanceOf(AlreadyCalled.class);
            assertThatThrownBy(() -> call.reset(1)).isInstanceOf(AlreadyCalled.class);
            assertThatThrownBy(() -> call.delay(1)).isInstanceOf(AlreadyCalled.class);
        });
    }

    @Test
    void resetAndDelayMoveACallAndTheOrderFollowsTheNewTimes() {
        List<String> order = new ArrayList<>();
        List<String> expected = rt.await(() -> {
            Deferred<List<String>> done = new Deferred<>();
            Map<String, IDelayedCall> scheduled = new LinkedHashMap<>();
            IDelayedCall early = reactor.callLater(0.01, () -> order.add("early, reset to last"));
            IDelayedCall late = reactor.callLater(5, () -> order.add("late, reset to first"));
            IDelayedCall middle = reactor.callLater(0.02, () -> order.add("middle, delayed"));
            scheduled.put("early, reset to last", early);
            scheduled.put("late, reset to first", late);
            scheduled.put("middle, delayed", middle);
            double before = middle.getTime();
            middle.delay(0.02);
            assertThat(middle.getTime()).isEqualTo(before + 0.02);
            double beforeReset = reactor.seconds();
            late.reset(0);
            assertThat(late.getTime()).as("now").isBetween(beforeReset, reactor.seconds());
            early.reset(0.06);
            assertThat(early.getTime()).as("now, plus 0.06 s").isGreaterThan(late.getTime() + 0.05);
            // Unpaused: late, middle, early (see byTimeThenSchedulingOrder).
            List<String> byTime = byTimeThenSchedulingOrder(scheduled);
            reactor.callLater(0.08, () -> done.callback(byTime));
            return done;
        });
        assertThat(order).containsExactlyElementsOf(expected).hasSize(3);
    }

    @Test
    void getTimeIsNowPlusTheDelay() {
        rt.execute(() -> {
            double before = reactor.seconds();
            IDelayedCall call = reactor.callLater(10, () -> {});
            double after = reactor.seconds();
            assertThat(call.getTime()).isBetween(before + 10, after + 10);
            call.cancel();
        });
    }

    @Test
    void aNegativeOrNonFiniteDelayIsRejected() {
        rt.execute(() -> {
            assertThatThrownBy(() -> reactor.callLater(-1, () -> {}))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("-1");
            assertThatThrownBy(() -> reactor.callLater(Double.NaN, () -> {}))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> reactor.callLater(Double.POSITIVE_INFINITY, () -> {}))
                    .isInstanceOf(IllegalArgumentException.class);
        });
    }

    @Test
    void anExceptionInADelayedCallIsLoggedAndLaterCallsStillRun() {
        List<String> ran = new ArrayList<>();
        rt.await(() -> {
            Deferred<Void> done = new Deferred<>();
            reactor.callLater(0, () -> {
                throw new IllegalStateException("boom");
            });
            reactor.callLater(0, () -> ran.add("same turn"));
            reactor.callLater(0.01, () -> {
                ran.add("later");
                done.callback(null);
            });
            return done;
        });
        assertThat(ran).containsExactly("same turn", "later");
    }

    @Test
    void secondsNeverGoesBackwards() {
        rt.execute(() -> {
            double previous = reactor.seconds();
            for (int i = 0; i < 1000; i++) {
                double now = reactor.seconds();
                assertThat(now).isGreaterThanOrEqualTo(previous);
                previous = now;
            }
        });
    }
}
