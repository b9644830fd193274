package dev.weft.internet.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.defer.Deferred;
import dev.weft.defer.Failure;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ports of Twisted 22.4's test_task.py tests of withCount, interval changes and constructors. */
final class LoopingCallTwistedPortTest {
    private final Clock clock = new Clock();

    /** Port of {@code LoopTests.test_withCountIntervalZeroDelay}. */
    @Test
    void withCountAtIntervalZeroWaitsForTheCountersDeferredAndStillCountsOne() {
        Deferred<Void> deferred = new Deferred<>();
        List<Integer> accumulator = new ArrayList<>();
        LoopingCall[] loop = new LoopingCall[1];
        loop[0] = LoopingCall.withCountDeferring(count -> {
            accumulator.add(count);
            if (accumulator.size() == 2) {
                return deferred;
            }
            if (accumulator.size() > 4) {
                loop[0].stop();
            }
            return null;
        });
        loop[0].setClock(clock);
        loop[0].start(0, false);

        clock.advance(0);
        assertThat(accumulator).containsExactly(1, 1);
        clock.advance(2);
        assertThat(accumulator).containsExactly(1, 1);

        deferred.callback(null);
        clock.advance(0);
        assertThat(accumulator).containsExactly(1, 1, 1, 1, 1);
    }

    /** Port of {@code LoopTests.test_withCountIntervalZeroDelayThenNonZeroInterval}. */
    @Test
    void anIntervalSetWhileWaitingTakesEffectFromTheNextSchedulingAndCountsTheSkippedSteps() {
        Deferred<Void> deferred = new Deferred<>();
        List<Integer> accumulator = new ArrayList<>();
        LoopingCall loop = LoopingCall.withCountDeferring(count -> {
            accumulator.add(count);
            return accumulator.size() == 2 ? deferred : null;
        });
        loop.setClock(clock);
        loop.start(0, false);

        clock.advance(10);
        assertThat(accumulator).containsExactly(1, 1);

        loop.setInterval(2);
        assertThat(loop.interval()).isEqualTo(2.0);
        deferred.callback(null);

        clock.advance(7);
        assertThat(accumulator).containsExactly(1, 1, 3);
        clock.advance(2);
        assertThat(accumulator).containsExactly(1, 1, 3, 1);
        clock.advance(4);
        assertThat(accumulator).containsExactly(1, 1, 3, 1, 2);
    }

    /** Port of {@code ReactorLoopTests.test_deferredWithCount}. */
    @Test
    void aCounterDeferredThatOutlivesIntervalsHoldsTheNextCallAndTheCountIncludesTheMissedOnes() {
        Deferred<Void> d = new Deferred<>();
        List<Integer> counts = new ArrayList<>();
        LoopingCall lc = LoopingCall.withCountDeferring(count -> {
            counts.add(count);
            return counts.size() == 1 ? d : null;
        });
        lc.setClock(clock);
        lc.start(0.2, false);
        assertThat(counts).isEmpty();

        clock.pump(0.2, 0.4);
        assertThat(counts).hasSize(1);

        d.callback(null);
        clock.pump(0.2);
        assertThat(counts).containsExactly(1, 3);
    }

    @Test
    void aChangedIntervalLeavesTheScheduledCallAlone() {
        List<Double> calls = new ArrayList<>();
        LoopingCall lc = new LoopingCall(() -> calls.add(clock.seconds()));
        lc.setClock(clock);
        lc.start(1.0);

        lc.setInterval(5);
        clock.advance(1);
        clock.advance(4);

        assertThat(calls).containsExactly(0.0, 1.0, 5.0);
    }

    @Test
    void setIntervalRefusesWhatStartRefuses() {
        LoopingCall lc = new LoopingCall(() -> {});
        for (double bad : new double[] {-1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> lc.setInterval(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("finite number >= 0");
        }
    }

    @Test
    void aLambdaThatOnlyThrowsCompilesAndItsErrorStopsTheLoop() {
        IllegalStateException boom = new IllegalStateException("boom");
        LoopingCall lc = new LoopingCall(() -> {
            throw boom;
        });
        lc.setClock(clock);
        List<Failure> failures = new ArrayList<>();

        lc.start(1).addErrback(failures::add);

        assertThat(failures)
                .singleElement()
                .satisfies(f -> assertThat(f.value()).isSameAs(boom));
        assertThat(lc.isRunning()).isFalse();
    }

    /** Overloaded, so {@code new LoopingCall(this::tick)} would not compile: the named factory does. */
    private int ticks;

    private void tick() {
        ticks++;
    }

    @SuppressWarnings("unused")
    private void tick(int by) {
        ticks += by;
    }

    @Test
    void namedFactoriesTakeAMethodReferenceThatMatchesBothConstructors() {
        LoopingCall plain = LoopingCall.of(this::tick);
        plain.setClock(clock);
        plain.start(1);
        clock.advance(1);
        plain.stop();
        assertThat(ticks).isEqualTo(2);

        Deferred<String> pending = new Deferred<>();
        LoopingCall waiting = LoopingCall.deferring(() -> pending);
        waiting.setClock(clock);
        waiting.start(1);
        clock.advance(3);
        assertThat(clock.getDelayedCalls()).isEmpty();
        pending.callback("done");
        assertThat(clock.getDelayedCalls()).hasSize(1);
        waiting.stop();
    }
}
