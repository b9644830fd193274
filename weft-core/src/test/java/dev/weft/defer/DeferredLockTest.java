package dev.weft.defer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class DeferredLockTest {
    private final DeferredLock lock = new DeferredLock();
    private final List<String> events = new ArrayList<>();

    @Test
    void acquireOnAFreeLockFiresAtOnceWithTheLock() {
        Deferred<DeferredLock> d = lock.acquire();
        assertThat(d.isCalled()).isTrue();
        assertThat(d.currentResult()).isSameAs(lock);
        assertThat(lock.isLocked()).isTrue();
    }

    @Test
    void secondAcquireWaitsUntilReleaseHandsTheLockStraightOver() {
        lock.acquire().addCallback(l -> events.add("first"));
        Deferred<DeferredLock> second = lock.acquire().addCallback(l -> {
            events.add("second");
            return l;
        });
        assertThat(events).containsExactly("first");
        assertThat(lock.waiting()).isEqualTo(1);

        lock.release();
        assertThat(events).containsExactly("first", "second");
        assertThat(lock.isLocked()).isTrue();
        assertThat(lock.waiting()).isZero();
        assertThat(second.currentResult()).isSameAs(lock);

        lock.release();
        assertThat(lock.isLocked()).isFalse();
    }

    @Test
    void waitersAreServedInTheOrderTheyAsked() {
        lock.acquire();
        for (int i = 0; i < 5; i++) {
            String name = "w" + i;
            lock.acquire().addCallback(l -> events.add(name));
        }
        for (int i = 0; i < 5; i++) {
            lock.release();
        }
        assertThat(events).containsExactly("w0", "w1", "w2", "w3", "w4");
        assertThat(lock.isLocked()).isTrue();
    }

    @Test
    void releaseOnAnUnlockedLockThrowsIllegalStateException() {
        assertThatThrownBy(lock::release)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("unlocked");
        lock.acquire();
        lock.release();
        assertThatThrownBy(lock::release).isInstanceOf(IllegalStateException.class);
        assertThat(lock.isLocked()).isFalse();
    }

    @Test
    void runHoldsTheLockUntilTheDeferredTheFunctionReturnsFires() {
        Object first = new Object();
        Object second = new Object();
        Deferred<Object> control = new Deferred<>();
        List<Object> seen = new ArrayList<>();

        Deferred<Object> result = lock.runDeferring(() -> {
            seen.add(first);
            return control;
        });
        result.addCallback(seen::add);
        assertThat(lock.isLocked()).isTrue();
        assertThat(seen).containsExactly(first);

        lock.acquire().addCallback(l -> events.add("next"));
        assertThat(events).isEmpty();

        control.callback(second);
        assertThat(seen).containsExactly(first, second);
        assertThat(events).containsExactly("next");
        assertThat(lock.isLocked()).isTrue();
    }

    @Test
    void runReleasesAndFailsWithTheSameExceptionWhenTheFunctionThrows() {
        IOException boom = new IOException("disk");
        Deferred<String> result = lock.run(() -> {
            throw boom;
        });
        assertThat(lock.isLocked()).isFalse();
        assertThat(result.currentResult())
                .isInstanceOfSatisfying(
                        Failure.class, f -> assertThat(f.value()).isSameAs(boom));
        result.addErrback(f -> null);
    }

    @Test
    void runReleasesWhenTheReturnedDeferredFails() {
        Deferred<String> control = new Deferred<>();
        Deferred<String> result = lock.runDeferring(() -> control);
        assertThat(lock.isLocked()).isTrue();
        IllegalStateException boom = new IllegalStateException("boom");
        control.errback(boom);
        assertThat(lock.isLocked()).isFalse();
        assertThat(result.currentResult())
                .isInstanceOfSatisfying(
                        Failure.class, f -> assertThat(f.value()).isSameAs(boom));
        result.addErrback(f -> null);
    }

    @Test
    void runWithASynchronousFunctionFiresWithItsValueAndLeavesTheLockFree() {
        Deferred<Integer> result = lock.run(() -> 42);
        assertThat(result.currentResult()).isEqualTo(42);
        assertThat(lock.isLocked()).isFalse();
    }

    @Test
    void cancellingAQueuedAcquireFailsItWithCancelledErrorAndWithdrawsIt() {
        lock.acquire();
        List<Object> seen = new ArrayList<>();
        Deferred<DeferredLock> d = lock.acquire();
        d.addBoth(seen::add);
        d.cancel();
        assertThat(seen)
                .singleElement()
                .isInstanceOfSatisfying(
                        Failure.class, f -> assertThat(f.value()).isInstanceOf(CancelledError.class));
        assertThat(lock.waiting()).isZero();

        lock.release();
        assertThat(lock.isLocked()).isFalse();
        assertThat(seen).hasSize(1);
    }

    @Test
    void cancellingAnAcquireThatHoldsTheLockDoesNothing() {
        Deferred<DeferredLock> d = lock.acquire();
        d.addErrback(f -> {
            events.add("errback");
            return null;
        });
        d.cancel();
        assertThat(events).isEmpty();
        assertThat(d.currentResult()).isSameAs(lock);
        assertThat(lock.isLocked()).isTrue();
    }

    @Test
    void cancellingAQueuedRunNeverCallsTheFunction() {
        lock.acquire();
        Deferred<String> result = lock.run(() -> {
            events.add("ran");
            return "x";
        });
        result.cancel();
        lock.release();
        assertThat(events).isEmpty();
        assertThat(lock.isLocked()).isFalse();
        assertThat(result.currentResult())
                .isInstanceOfSatisfying(
                        Failure.class, f -> assertThat(f.value()).isInstanceOf(CancelledError.class));
        result.addErrback(f -> null);
    }

    @Test
    void aLongQueueOfSynchronousRunsDrainsWithoutOverflowingTheStack() {
        lock.acquire();
        int n = 100_000;
        int[] ran = new int[1];
        for (int i = 0; i < n; i++) {
            lock.run(() -> ran[0]++);
        }
        assertThat(lock.waiting()).isEqualTo(n);
        lock.release();
        assertThat(ran[0]).isEqualTo(n);
        assertThat(lock.isLocked()).isFalse();
        assertThat(lock.waiting()).isZero();
    }

    @Test
    void aNestedReleaseFiresTheNextWaiterOnlyAfterTheReleasingHandlerReturns() {
        // weft's deliberate deviation: Twisted would fire "second" inside the nested release().
        lock.acquire();
        lock.acquire().addCallback(l -> {
            events.add("first got it");
            l.release();
            events.add("first released");
            l.acquire().addCallback(x -> events.add("late acquirer"));
            return l;
        });
        lock.acquire().addCallback(l -> {
            events.add("second got it");
            l.release();
            return l;
        });
        lock.release();
        assertThat(events).containsExactly("first got it", "first released", "second got it", "late acquirer");
        assertThat(lock.isLocked()).isTrue();
        assertThat(lock.waiting()).isZero();
    }

    @Test
    void cancellingAWaiterThatWasGrantedButNotYetFiredPassesTheLockOn() {
        lock.acquire();
        List<Deferred<DeferredLock>> later = new ArrayList<>();
        lock.acquire().addCallback(l -> {
            l.release();
            later.get(0).cancel();
            return l;
        });
        later.add(lock.acquire());
        later.add(lock.acquire());
        later.get(1).addCallback(l -> events.add("third got it"));
        lock.release();
        assertThat(later.get(0).currentResult())
                .isInstanceOfSatisfying(
                        Failure.class, f -> assertThat(f.value()).isInstanceOf(CancelledError.class));
        later.get(0).addErrback(f -> null);
        assertThat(events).containsExactly("third got it");
        assertThat(lock.isLocked()).isTrue();
        lock.release();
        assertThat(lock.isLocked()).isFalse();
    }

    @Test
    void toStringShowsStateAndWaiters() {
        assertThat(lock).hasToString("DeferredLock{unlocked, 0 waiting}");
        lock.acquire();
        lock.acquire();
        assertThat(lock).hasToString("DeferredLock{locked, 1 waiting}");
    }
}
