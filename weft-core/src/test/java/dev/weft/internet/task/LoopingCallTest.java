package dev.weft.internet.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.defer.Deferred;
import dev.weft.defer.Failure;
import dev.weft.internet.IDelayedCall;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class LoopingCallTest {
    private final Clock clock = new Clock();
    private final List<Double> calls = new ArrayList<>();

    private LoopingCall loop(Runnable body) {
        LoopingCall lc = new LoopingCall(body);
        lc.setClock(clock);
        return lc;
    }

    private LoopingCall recordingLoop() {
        return loop(() -> calls.add(clock.seconds()));
    }

    /** Records the outcome of a Deferred. */
    private static <T> List<Object> outcome(Deferred<T> d) {
        List<Object> results = new ArrayList<>();
        d.addCallbacks(
                value -> {
                    results.add(value);
                    return null;
                },
                failure -> {
                    results.add(failure);
                    return null;
                });
        return results;
    }

    private double nextCallTime() {
        List<IDelayedCall> pending = clock.getDelayedCalls();
        assertThat(pending).hasSize(1);
        return pending.get(0).getTime();
    }

    /** Invariant 47. */
    @Test
    void startWithNowCallsTheFunctionAtOnceAndThenEveryInterval() {
        LoopingCall lc = recordingLoop();

        lc.start(1.0);

        assertThat(calls).containsExactly(0.0);
        assertThat(lc.isRunning()).isTrue();
        clock.advance(1);
        clock.advance(1);
        assertThat(calls).containsExactly(0.0, 1.0, 2.0);
    }

    @Test
    void startWithoutNowWaitsOneIntervalFirst() {
        LoopingCall lc = recordingLoop();

        lc.start(2.0, false);

        assertThat(calls).isEmpty();
        assertThat(nextCallTime()).isEqualTo(2.0);
        clock.advance(2);
        assertThat(calls).containsExactly(2.0);
    }

    /** Invariant 47: missed calls are skipped, not caught up, and the schedule stays aligned. */
    @Test
    void aBigAdvanceRunsTheFunctionOnceAndRealignsToTheNextMultiple() {
        LoopingCall lc = recordingLoop();
        lc.start(1.0);

        clock.advance(3.5);

        assertThat(calls).containsExactly(0.0, 3.5);
        assertThat(nextCallTime()).isEqualTo(4.0);
        clock.advance(0.5);
        assertThat(calls).containsExactly(0.0, 3.5, 4.0);
    }

    /** Invariant 48. */
    @Test
    void stopFiresStartsDeferredWithTheLoopAndLeavesNoPendingCall() {
        LoopingCall lc = recordingLoop();
        List<Object> result = outcome(lc.start(1.0));

        clock.advance(1);
        lc.stop();

        assertThat(result).containsExactly(lc);
        assertThat(lc.isRunning()).isFalse();
        assertThat(clock.getDelayedCalls()).isEmpty();
        clock.advance(10);
        assertThat(calls).containsExactly(0.0, 1.0);
    }

    /** Invariant 48. */
    @Test
    void anExceptionFromTheFunctionFailsStartsDeferredAndStopsTheLoop() {
        IllegalStateException boom = new IllegalStateException("boom");
        LoopingCall lc = loop(() -> {
            calls.add(clock.seconds());
            if (calls.size() == 2) {
                throw boom;
            }
        });
        List<Object> result = outcome(lc.start(1.0));

        clock.advance(1);

        assertThat(result).hasSize(1);
        assertThat(((Failure) result.get(0)).value()).isSameAs(boom);
        assertThat(lc.isRunning()).isFalse();
        assertThat(clock.getDelayedCalls()).isEmpty();
    }

    /** Invariant 48. */
    @Test
    void startWithANegativeIntervalThrowsIllegalArgumentException() {
        LoopingCall lc = recordingLoop();

        assertThatThrownBy(() -> lc.start(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> lc.start(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThat(lc.isRunning()).isFalse();
        assertThat(calls).isEmpty();
    }

    @Test
    void startingARunningLoopThrows() {
        LoopingCall lc = recordingLoop();
        lc.start(1.0);

        assertThatThrownBy(() -> lc.start(1.0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already running");
    }

    @Test
    void stoppingOrResettingALoopThatIsNotRunningThrows() {
        LoopingCall lc = recordingLoop();

        assertThatThrownBy(lc::stop).isInstanceOf(IllegalStateException.class).hasMessageContaining("not running");
        assertThatThrownBy(lc::reset).isInstanceOf(IllegalStateException.class).hasMessageContaining("not running");
    }

    @Test
    void startWithoutAClockThrowsNamingTheRemedy() {
        LoopingCall lc = new LoopingCall(() -> {});

        assertThatThrownBy(() -> lc.start(1.0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("setClock");
        assertThat(lc.isRunning()).isFalse();
    }

    @Test
    void stopFromInsideTheFunctionFiresStartsDeferredAfterTheCall() {
        LoopingCall[] self = new LoopingCall[1];
        self[0] = loop(() -> {
            calls.add(clock.seconds());
            self[0].stop();
        });

        List<Object> result = outcome(self[0].start(1.0));

        assertThat(result).containsExactly(self[0]);
        assertThat(clock.getDelayedCalls()).isEmpty();
    }

    @Test
    void aDeferredFromTheFunctionDelaysTheNextCallUntilItFires() {
        List<Deferred<Void>> pending = new ArrayList<>();
        LoopingCall lc = new LoopingCall(() -> {
            calls.add(clock.seconds());
            Deferred<Void> d = new Deferred<>();
            pending.add(d);
            return d;
        });
        lc.setClock(clock);
        lc.start(1.0);

        clock.advance(5);
        assertThat(calls).containsExactly(0.0);
        assertThat(clock.getDelayedCalls()).isEmpty();

        pending.get(0).callback(null);
        assertThat(nextCallTime()).isEqualTo(6.0);
    }

    @Test
    void stopWhileTheFunctionsDeferredIsOutstandingFiresWhenItFires() {
        List<Deferred<Void>> pending = new ArrayList<>();
        LoopingCall lc = new LoopingCall(() -> {
            Deferred<Void> d = new Deferred<>();
            pending.add(d);
            return d;
        });
        lc.setClock(clock);
        List<Object> result = outcome(lc.start(1.0));

        lc.stop();
        assertThat(result).isEmpty();
        pending.get(0).callback(null);

        assertThat(result).containsExactly(lc);
        assertThat(clock.getDelayedCalls()).isEmpty();
    }

    @Test
    void aFailedDeferredFromTheFunctionFailsStartsDeferred() {
        IllegalStateException boom = new IllegalStateException("late boom");
        LoopingCall lc = new LoopingCall(() -> Deferred.fail(boom));
        lc.setClock(clock);

        List<Object> result = outcome(lc.start(1.0));

        assertThat(((Failure) result.get(0)).value()).isSameAs(boom);
        assertThat(lc.isRunning()).isFalse();
    }

    @Test
    void resetSkipsThePendingCallAndRestartsTheIntervalFromNow() {
        LoopingCall lc = recordingLoop();
        lc.start(2.0);
        clock.advance(1.5);

        lc.reset();

        assertThat(nextCallTime()).isEqualTo(3.5);
        clock.advance(2);
        assertThat(calls).containsExactly(0.0, 3.5);
    }

    @Test
    void anIntervalOfZeroRunsAgainOnTheNextClockTurn() {
        LoopingCall[] self = new LoopingCall[1];
        self[0] = loop(() -> {
            calls.add(clock.seconds());
            if (calls.size() == 3) {
                self[0].stop();
            }
        });

        self[0].start(0);
        assertThat(calls).hasSize(1);
        assertThat(nextCallTime()).isEqualTo(0.0);
        clock.advance(0);

        assertThat(calls).hasSize(3);
        assertThat(self[0].isRunning()).isFalse();
    }

    @Test
    void aStoppedLoopCanBeStartedAgain() {
        LoopingCall lc = recordingLoop();
        lc.start(1.0);
        lc.stop();
        clock.advance(0.25);

        List<Object> result = outcome(lc.start(1.0));
        clock.advance(1);

        assertThat(calls).containsExactly(0.0, 0.25, 1.25);
        assertThat(result).isEmpty();
        assertThat(lc.interval()).isEqualTo(1.0);
    }

    @Test
    void withCountPassesOneWhenOnTime() {
        List<Integer> counts = new ArrayList<>();
        LoopingCall lc = LoopingCall.withCount(counts::add);
        lc.setClock(clock);

        lc.start(1.0);
        clock.advance(1);
        clock.advance(1);

        assertThat(counts).containsExactly(1, 1, 1);
    }

    @Test
    void withCountPassesTheNumberOfIntervalsThatElapsed() {
        List<Integer> counts = new ArrayList<>();
        LoopingCall lc = LoopingCall.withCount(counts::add);
        lc.setClock(clock);
        lc.start(1.0);

        clock.advance(3.5);
        clock.advance(0.5);

        assertThat(counts).containsExactly(1, 3, 1);
    }

    @Test
    void withCountWithoutNowCountsFromTheStart() {
        List<Integer> counts = new ArrayList<>();
        LoopingCall lc = LoopingCall.withCount(counts::add);
        lc.setClock(clock);
        lc.start(1.0, false);

        clock.advance(2.5);

        assertThat(counts).containsExactly(2);
    }

    @Test
    void withCountAlwaysPassesOneForAnIntervalOfZero() {
        List<Integer> counts = new ArrayList<>();
        LoopingCall[] self = new LoopingCall[1];
        self[0] = LoopingCall.withCount(n -> {
            counts.add(n);
            if (counts.size() == 2) {
                self[0].stop();
            }
        });
        self[0].setClock(clock);

        self[0].start(0);
        clock.advance(5);

        assertThat(counts).containsExactly(1, 1);
    }
}
