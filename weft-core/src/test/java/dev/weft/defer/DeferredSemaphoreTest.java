package dev.weft.defer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class DeferredSemaphoreTest {
    private static final int N = 13;

    private final DeferredSemaphore sem = new DeferredSemaphore(N);
    private int counter;

    private Object incr(Object ignored) {
        counter++;
        return ignored;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void fewerThanOneTokenIsRejectedWithIllegalArgumentException(int tokens) {
        assertThatThrownBy(() -> new DeferredSemaphore(tokens))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Integer.toString(tokens));
    }

    @Test
    void newSemaphoreHasAllItsTokensFree() {
        assertThat(sem.tokens()).isEqualTo(N);
        assertThat(sem.limit()).isEqualTo(N);
        assertThat(sem.waiting()).isZero();
    }

    @Test
    void runPassesTheFunctionsDeferredResultOnAndReleasesItsToken() {
        Deferred<String> control = new Deferred<>();
        Deferred<String> result = sem.runDeferring(() -> control);
        List<Object> results = new ArrayList<>();
        result.addCallback(results::add).addCallback(this::incr);
        assertThat(results).isEmpty();
        assertThat(sem.tokens()).isEqualTo(N - 1);

        control.callback("done");
        assertThat(results).containsExactly("done");
        assertThat(counter).isEqualTo(1);
        assertThat(sem.tokens()).isEqualTo(N);
    }

    @Test
    void acquiresBeyondTheLimitWaitAndReleasesServeThemInOrder() {
        for (int i = 1; i <= N; i++) {
            sem.acquire().addCallback(this::incr);
            assertThat(counter).isEqualTo(i);
        }
        assertThat(sem.tokens()).isZero();

        List<Boolean> success = new ArrayList<>();
        Deferred<Boolean> cancelled = sem.acquire().addCallbacks(r -> success.add(false), f -> {
            f.trap(CancelledError.class);
            return success.add(true);
        });
        cancelled.cancel();
        assertThat(success).containsExactly(true);

        sem.acquire().addCallback(this::incr);
        assertThat(counter).isEqualTo(N);
        assertThat(sem.waiting()).isEqualTo(1);

        sem.release();
        assertThat(counter).isEqualTo(N + 1);
        assertThat(sem.tokens()).isZero();

        for (int i = 1; i <= N; i++) {
            sem.release();
            assertThat(counter).isEqualTo(N + 1);
            assertThat(sem.tokens()).isEqualTo(i);
        }
    }

    @Test
    void releasingMoreOftenThanAcquiredThrowsIllegalStateException() {
        assertThatThrownBy(sem::release)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already free");
        sem.acquire();
        sem.release();
        assertThatThrownBy(sem::release).isInstanceOf(IllegalStateException.class);
        assertThat(sem.tokens()).isEqualTo(N);
    }

    @Test
    void cancellingAnAcquireThatHoldsATokenDoesNothing() {
        DeferredSemaphore one = new DeferredSemaphore(1);
        Deferred<DeferredSemaphore> d = one.acquire();
        List<Object> errors = new ArrayList<>();
        d.addErrback(errors::add);
        d.cancel();
        assertThat(errors).isEmpty();
        assertThat(one.tokens()).isZero();
    }

    @Test
    void cancellingAQueuedAcquireFailsItWithCancelledErrorAndWithdrawsIt() {
        DeferredSemaphore one = new DeferredSemaphore(1);
        one.acquire();
        Deferred<DeferredSemaphore> d = one.acquire();
        d.cancel();
        assertThat(d.currentResult())
                .isInstanceOfSatisfying(
                        Failure.class, f -> assertThat(f.value()).isInstanceOf(CancelledError.class));
        d.addErrback(f -> null);
        assertThat(one.waiting()).isZero();
        one.release();
        assertThat(one.tokens()).isEqualTo(1);
    }

    @Test
    void runReleasesItsTokenWhenTheFunctionThrows() {
        DeferredSemaphore one = new DeferredSemaphore(1);
        IllegalArgumentException boom = new IllegalArgumentException("bad");
        Deferred<Object> result = one.run(() -> {
            throw boom;
        });
        assertThat(one.tokens()).isEqualTo(1);
        assertThat(result.currentResult())
                .isInstanceOfSatisfying(
                        Failure.class, f -> assertThat(f.value()).isSameAs(boom));
        result.addErrback(f -> null);
    }

    @Test
    void atMostLimitRunsAreInFlightAtOnce() {
        DeferredSemaphore two = new DeferredSemaphore(2);
        List<Deferred<Integer>> controls = new ArrayList<>();
        List<Integer> started = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int id = i;
            two.runDeferring(() -> {
                started.add(id);
                Deferred<Integer> c = new Deferred<>();
                controls.add(c);
                return c;
            });
        }
        assertThat(started).containsExactly(0, 1);
        controls.get(1).callback(1);
        assertThat(started).containsExactly(0, 1, 2);
        controls.get(0).callback(0);
        assertThat(started).containsExactly(0, 1, 2, 3);
        controls.get(2).callback(2);
        controls.get(3).callback(3);
        controls.get(4).callback(4);
        assertThat(started).containsExactly(0, 1, 2, 3, 4);
        assertThat(two.tokens()).isEqualTo(2);
    }

    @Test
    void aLongQueueOfSynchronousRunsDrainsWithoutOverflowingTheStack() {
        DeferredSemaphore one = new DeferredSemaphore(1);
        one.acquire();
        int n = 100_000;
        int[] ran = new int[1];
        for (int i = 0; i < n; i++) {
            one.run(() -> ran[0]++);
        }
        one.release();
        assertThat(ran[0]).isEqualTo(n);
        assertThat(one.tokens()).isEqualTo(1);
    }

    @Test
    void toStringShowsFreeTokensAndWaiters() {
        DeferredSemaphore one = new DeferredSemaphore(1);
        one.acquire();
        one.acquire();
        assertThat(one).hasToString("DeferredSemaphore{0/1 tokens free, 1 waiting}");
    }
}
