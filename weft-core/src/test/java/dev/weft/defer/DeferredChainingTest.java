package dev.weft.defer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/** Chaining, and weft's choices where Twisted recurses: chainDeferred, cancel forwarding, cycles. */
final class DeferredChainingTest {
    private static final int DEPTH = 100_000;
    private final List<Object> seen = new ArrayList<>();

    /** Runs {@code body} on a new thread with the JVM's default stack size, rethrowing its failure. */
    private static void onDefaultStack(Runnable body) throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.start();
        t.join();
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
    }

    private static List<Deferred<Object>> waitingChain(int depth) {
        List<Deferred<Object>> ds = new ArrayList<>();
        for (int i = 0; i <= depth; i++) {
            ds.add(new Deferred<>());
        }
        for (int i = 0; i < depth; i++) {
            Deferred<Object> next = ds.get(i + 1);
            ds.get(i).addCallback(x -> next);
        }
        for (int i = 0; i < depth; i++) {
            ds.get(i).callback(0L);
        }
        return ds;
    }

    @Test
    void chainOfOneHundredThousandWaitingDeferredsResolvesOnADefaultStack() throws InterruptedException {
        onDefaultStack(() -> {
            List<Deferred<Object>> ds = waitingChain(DEPTH);
            ds.get(0).addCallback(x -> (Long) x + 1);
            assertThat(ds.get(0).pauseCount()).isEqualTo(1);
            ds.get(DEPTH).callback(41L);
            assertThat(ds.get(0).currentResult()).isEqualTo(42L);
            assertThat(ds.get(DEPTH / 2).currentResult()).isNull();
        });
    }

    @Test
    void cancelForwardsAlongOneHundredThousandWaitingDeferredsOnADefaultStack() throws InterruptedException {
        onDefaultStack(() -> {
            List<Deferred<Object>> ds = waitingChain(DEPTH);
            ds.get(0).cancel();
            Object result = ds.get(0).currentResult();
            assertThat(((Failure) result).value()).isInstanceOf(CancelledError.class);
            assertThat(ds.get(DEPTH).currentResult()).isNull();
        });
    }

    @Test
    void chainDeferredOfOneHundredThousandLinksFiresTheLastOnADefaultStack() throws InterruptedException {
        onDefaultStack(() -> {
            List<Deferred<Object>> ds = new ArrayList<>();
            for (int i = 0; i <= DEPTH; i++) {
                ds.add(new Deferred<>());
            }
            for (int i = 0; i < DEPTH; i++) {
                ds.get(i).chainDeferred(ds.get(i + 1));
            }
            ds.get(0).callback("end");
            assertThat(ds.get(DEPTH).currentResult()).isEqualTo("end");
            assertThat(ds.get(0).currentResult()).isNull();
            assertThat(ds.get(0).unhandledFailure()).isNull();
        });
    }

    @Test
    void chainDeferredFiresTheOtherBeforeTheOwnersLaterPairsAndGoesOnWithNull() {
        Deferred<Object> a = new Deferred<>();
        Deferred<Object> b = new Deferred<>();
        b.addCallback(x -> seen.add("b got " + x));
        a.chainDeferred(b).addCallback(x -> seen.add("a goes on with " + x));
        a.callback(1);
        assertThat(seen).containsExactly("b got 1", "a goes on with null");
    }

    @Test
    void chainDeferredIntoAFiredDeferredLeavesAlreadyCalledErrorOnTheOwner() {
        Deferred<Object> a = new Deferred<>();
        a.chainDeferred(Deferred.succeed(1));
        a.callback(2);
        assertThat(((Failure) a.currentResult()).value()).isInstanceOf(AlreadyCalledError.class);
    }

    @Test
    void chainDeferredIntoAPausedDeferredStopsOnlyItsPass() {
        Deferred<Object> a = new Deferred<>();
        Deferred<Object> b = new Deferred<>();
        b.addCallback(x -> seen.add("b " + x));
        b.pause();
        a.chainDeferred(b).addCallback(x -> seen.add("a " + x));
        a.callback(5);
        assertThat(seen).containsExactly("a null");
        b.unpause();
        assertThat(seen).containsExactly("a null", "b 5");
    }

    @Test
    void failureCrossesChainDeferredAsTheSameObject() {
        Failure failure = new Failure(new IllegalStateException());
        Deferred<Object> a = new Deferred<>();
        Deferred<Object> b = new Deferred<>();
        a.chainDeferred(b);
        a.errback(failure);
        assertThat(b.currentResult()).isSameAs(failure);
        assertThat(b.unhandledFailure()).isSameAs(failure);
        assertThat(a.unhandledFailure()).isNull();
    }

    @Test
    void cancelOnAWaitCycleThrowsDeferredCycleErrorAndChangesNothing() {
        Deferred<Object> a = new Deferred<>();
        Deferred<Object> b = new Deferred<>();
        a.addCallback(x -> b);
        b.addCallback(x -> a);
        a.callback(0);
        b.callback(0);
        assertThatThrownBy(a::cancel)
                .isInstanceOf(DeferredCycleError.class)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cycle");
        assertThat(a.currentResult()).isSameAs(b);
        assertThat(b.currentResult()).isSameAs(a);
        assertThat(a.pauseCount()).isEqualTo(1);
    }

    @Test
    void callbackReturningItsOwnDeferredWarnsAndStallsForEver() {
        try (LogCapture log = new LogCapture()) {
            Deferred<Object> d = new Deferred<>();
            d.addCallback(x -> d).addCallback(x -> seen.add("never"));
            d.callback(1);
            assertThat(log.records())
                    .singleElement()
                    .satisfies(r -> assertThat(r.getLevel()).isEqualTo(Level.WARNING))
                    .satisfies(r -> assertThat(r.getMessage()).contains("returned the Deferred it was attached to"));
            assertThat(d.pauseCount()).isEqualTo(1);
            assertThat(d.currentResult()).isSameAs(d);
            assertThat(seen).isEmpty();
            assertThatThrownBy(d::cancel).isInstanceOf(DeferredCycleError.class);
        }
    }

    @Test
    void pausingAWaitingDeferredDoesNotStopTheAwaitedOne() {
        Deferred<Object> inner = new Deferred<>();
        inner.addCallback(x -> seen.add("inner " + x));
        Deferred<Object> outer = Deferred.succeed(0);
        outer.addCallbackDeferring(x -> inner).addCallback(x -> seen.add("outer " + x));
        outer.pause();
        inner.callback(1);
        assertThat(seen).containsExactly("inner 1");
        outer.unpause();
        assertThat(seen).containsExactly("inner 1", "outer true");
    }

    @Test
    void pausedInnerDeferredWithAResultMakesTheOuterOneWait() {
        Deferred<Object> inner = Deferred.succeed(7);
        inner.pause();
        Deferred<Object> outer = Deferred.succeed(0);
        outer.addCallbackDeferring(x -> inner).addCallback(x -> seen.add(x));
        assertThat(outer.currentResult()).isSameAs(inner);
        inner.unpause();
        assertThat(seen).containsExactly(7);
    }
}
