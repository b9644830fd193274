package dev.weft.defer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class DeferredTest {
    @Test
    void callbacksRunInOrderAndEachReturnValueFeedsTheNext() {
        List<Object> seen = new ArrayList<>();
        Deferred<Integer> d = new Deferred<>();
        Deferred<String> last = d.<Integer>addCallback(x -> {
                    seen.add(x);
                    return x + 1;
                })
                .addCallback(x -> "v" + x);
        d.callback(5);
        assertThat(seen).containsExactly(5);
        assertThat(last).isSameAs(d);
        assertThat(d.currentResult()).isEqualTo("v6");
    }

    @Test
    void secondCallbackThrowsAlreadyCalledErrorAndChangesNothing() {
        Deferred<Integer> d = new Deferred<>();
        d.callback(1);
        assertThatThrownBy(() -> d.callback(2)).isInstanceOf(AlreadyCalledError.class);
        assertThatThrownBy(() -> d.errback(new RuntimeException())).isInstanceOf(AlreadyCalledError.class);
        assertThat(d.currentResult()).isEqualTo(1);
    }

    @Test
    void thrownExceptionBecomesFailureAndErrbackRecovers() {
        IllegalStateException boom = new IllegalStateException("boom");
        Deferred<Integer> d = new Deferred<>();
        List<Object> seen = new ArrayList<>();
        d.addCallback(x -> {
                    throw boom;
                })
                .addCallback(x -> {
                    seen.add("skipped");
                    return x;
                })
                .addErrback(f -> {
                    seen.add(f.value());
                    return 7;
                });
        d.callback(1);
        assertThat(seen).containsExactly(boom);
        assertThat(d.currentResult()).isEqualTo(7);
        assertThat(d.unhandledFailure()).isNull();
    }

    @Test
    void checkedExceptionFromHandlerTravelsAsTheSameInstance() {
        java.io.IOException io = new java.io.IOException("disk");
        Deferred<Integer> d = new Deferred<>();
        d.addCallback(x -> {
                    throw io;
                })
                .addErrback(f -> {
                    f.trap(IllegalStateException.class);
                    return "not reached";
                });
        d.callback(1);
        assertThat(d.currentResult())
                .isInstanceOfSatisfying(
                        Failure.class, f -> assertThat(f.value()).isSameAs(io));
        assertThat(d.unhandledFailure()).isNotNull();
    }

    @Test
    void handlerReturningUnfiredDeferredWaitsForIt() {
        Deferred<Integer> inner = new Deferred<>();
        Deferred<Integer> outer = new Deferred<>();
        outer.addCallbackDeferring(x -> inner).addCallback(x -> x * 2);
        outer.callback(0);
        assertThat(outer.pauseCount()).isEqualTo(1);
        assertThat(outer.currentResult()).isSameAs(inner);
        inner.callback(21);
        assertThat(outer.currentResult()).isEqualTo(42);
        assertThat(inner.currentResult()).isNull();
        assertThat(outer.pauseCount()).isZero();
    }

    @Test
    void chainOfOneHundredThousandWaitingDeferredsResolvesWithoutStackOverflow() {
        int depth = 100_000;
        List<Deferred<Object>> ds = new ArrayList<>();
        for (int i = 0; i <= depth; i++) {
            ds.add(new Deferred<>());
        }
        for (int i = 0; i < depth; i++) {
            Deferred<Object> next = ds.get(i + 1);
            ds.get(i).addCallback(x -> next);
        }
        ds.get(0).addCallback(x -> (Long) x + 1);
        for (int i = 0; i < depth; i++) {
            ds.get(i).callback(0L);
        }
        ds.get(depth).callback(41L);
        assertThat(ds.get(0).currentResult()).isEqualTo(42L);
    }
}
