package dev.weft.defer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class DeferredTest {
    private final List<Object> seen = new ArrayList<>();

    @Test
    void newDeferredIsUnfiredWithNoResult() {
        Deferred<String> d = new Deferred<>();
        assertThat(d.isCalled()).isFalse();
        assertThat(d.pauseCount()).isZero();
        assertThat(d.pendingPairCount()).isZero();
        assertThat(d.unhandledFailure()).isNull();
        assertThatThrownBy(d::currentResult).isInstanceOf(IllegalStateException.class);
        assertThat(d).hasToString(d.toString()).asString().endsWith("{unfired}");
    }

    @Test
    void callbacksRunInOrderAndEachReturnValueFeedsTheNext() {
        Deferred<Integer> d = new Deferred<>();
        Deferred<String> last = d.<Integer>addCallback(x -> {
                    seen.add(x);
                    return x + 1;
                })
                .addCallback(x -> "v" + x);
        assertThat(seen).isEmpty();
        d.callback(5);
        assertThat(seen).containsExactly(5);
        assertThat(last).isSameAs(d);
        assertThat(d.currentResult()).isEqualTo("v6");
        assertThat(d.toString()).endsWith("{current result: v6}");
    }

    @Test
    void pairAddedAfterFiringRunsInsideTheAddCall() {
        Deferred<Integer> d = Deferred.succeed(3);
        d.addCallback(x -> seen.add(x));
        assertThat(seen).containsExactly(3);
        assertThat(d.currentResult()).isEqualTo(true);
    }

    @Test
    void nullIsAnOrdinaryResult() {
        Deferred<Object> d = new Deferred<>();
        d.addCallback(x -> null).addCallback(x -> seen.add(x));
        d.callback("x");
        assertThat(seen).containsExactly((Object) null);
    }

    @Test
    void secondFireThrowsAlreadyCalledErrorToTheCallerAndChangesNothing() {
        Deferred<Integer> d = new Deferred<>();
        d.callback(1);
        assertThatThrownBy(() -> d.callback(2))
                .isInstanceOf(AlreadyCalledError.class)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has already fired");
        assertThatThrownBy(() -> d.errback(new RuntimeException())).isInstanceOf(AlreadyCalledError.class);
        assertThat(d.currentResult()).isEqualTo(1);
    }

    @Test
    void callbackWithADeferredIsRejected() {
        Deferred<Object> d = new Deferred<>();
        assertThatThrownBy(() -> d.callback(new Deferred<>()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("chainDeferred");
        assertThat(d.isCalled()).isFalse();
        assertThatThrownBy(() -> Deferred.succeed(new Deferred<>())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void callbackWithAFailureTakesTheErrorPath() {
        Failure failure = new Failure(new IllegalStateException());
        Deferred<Object> d = new Deferred<>();
        d.addCallbacks(x -> seen.add("cb"), f -> seen.add(f));
        d.callback(failure);
        assertThat(seen).containsExactly(failure);
    }

    @Test
    void thrownExceptionBecomesFailureAndAnErrbackRecovers() {
        IllegalStateException boom = new IllegalStateException("boom");
        Deferred<Integer> d = new Deferred<>();
        d.<Integer>addCallback(x -> {
                    throw boom;
                })
                .<Object>addCallback(x -> seen.add("skipped"))
                .addErrback(f -> {
                    seen.add(f.value());
                    return 7;
                })
                .<Object>addCallback(x -> seen.add(x));
        d.callback(1);
        assertThat(seen).containsExactly(boom, 7);
        assertThat(d.unhandledFailure()).isNull();
    }

    @Test
    void handlerTypedForAnOlderStageFailsWithClassCastExceptionAsTheChainsFailure() {
        Deferred<Integer> d = new Deferred<>();
        Deferred<String> next = d.addCallback(x -> "now a String");
        d.addCallback(x -> seen.add(x + 1)); // wrong: d's type is stale, use `next`
        d.callback(1);
        assertThat(next).isSameAs(d);
        assertThat(seen).isEmpty();
        assertThat(((Failure) d.currentResult()).value()).isInstanceOf(ClassCastException.class);
    }

    @Test
    void returnedFailureSwitchesToTheErrorPathWithoutBeingThrown() {
        Failure returned = new Failure(new IOException("io"));
        Deferred<Integer> d = new Deferred<>();
        d.addCallback(x -> returned).addErrback(f -> seen.add(f));
        d.callback(1);
        assertThat(seen).containsExactly(returned);
    }

    @Test
    void checkedExceptionFromAHandlerTravelsAsTheSameInstance() {
        IOException io = new IOException("disk");
        Deferred<Integer> d = new Deferred<>();
        d.addCallback(x -> {
                    throw io;
                })
                .addErrback(f -> f.trap(IllegalStateException.class));
        d.callback(1);
        assertThat(((Failure) d.currentResult()).value()).isSameAs(io);
        assertThat(d.unhandledFailure()).isSameAs(d.currentResult());
    }

    @Test
    void passthroughHalvesKeepTheSameFailureObject() {
        Failure failure = new Failure(new IllegalStateException());
        Deferred<Object> d = Deferred.fail(failure);
        d.addCallback(x -> "not run").addBoth(r -> seen.add(r));
        assertThat(seen).containsExactly(failure);
    }

    @Test
    void virtualMachineErrorsEscapeTheChainInsteadOfBecomingFailures() {
        OutOfMemoryError oom = new OutOfMemoryError("test");
        Deferred<Integer> d = new Deferred<>();
        d.addCallback(x -> {
            throw oom;
        });
        assertThatThrownBy(() -> d.callback(1)).isSameAs(oom);
        d.addCallback(x -> seen.add("runs: the running flag was reset"));
        assertThat(seen).containsExactly("runs: the running flag was reset");
    }

    @Test
    void handlerAddingToItsOwnDeferredRunsTheNewPairLaterInTheSamePass() {
        Deferred<Object> d = new Deferred<>();
        d.<Object>addCallback(x -> {
                    d.addCallback(y -> seen.add("re-entrant " + y));
                    seen.add("first");
                    return x;
                })
                .<Object>addCallback(x -> seen.add("second"));
        d.callback(0);
        assertThat(seen).containsExactly("first", "second", "re-entrant true");
    }

    @Test
    void handlerFiringItsOwnDeferredGetsAlreadyCalledErrorAsTheChainsFailure() {
        Deferred<Integer> d = new Deferred<>();
        d.addCallback(x -> {
            d.callback(9);
            return x;
        });
        d.callback(1);
        assertThat(((Failure) d.currentResult()).value()).isInstanceOf(AlreadyCalledError.class);
    }

    @Test
    void handlerReturningAnUnfiredDeferredWaitsForIt() {
        Deferred<Integer> inner = new Deferred<>();
        Deferred<Integer> outer = new Deferred<>();
        outer.addCallbackDeferring(x -> inner).addCallback(x -> x * 2);
        outer.callback(0);
        assertThat(outer.pauseCount()).isEqualTo(1);
        assertThat(outer.currentResult()).isSameAs(inner);
        assertThat(outer.toString()).contains("waiting on Deferred@");
        assertThat(inner.pendingPairCount()).as("the continuation").isEqualTo(1);
        inner.callback(21);
        assertThat(outer.currentResult()).isEqualTo(42);
        assertThat(inner.currentResult()).isNull();
        assertThat(outer.pauseCount()).isZero();
    }

    @Test
    void handlerReturningAFiredDeferredTakesItsResult() {
        Deferred<Integer> donor = Deferred.succeed(5);
        Deferred<Integer> d = Deferred.succeed(1);
        d.addCallbackDeferring(x -> donor);
        assertThat(d.currentResult()).isEqualTo(5);
        assertThat(donor.currentResult()).isNull();
        assertThat(donor.isCalled()).isTrue();
    }

    @Test
    void innerPairsRunBeforeTheWaitingDeferredsLaterPairs() {
        Deferred<String> inner = new Deferred<>();
        inner.addCallback(x -> {
            seen.add("inner " + x);
            return x + "!";
        });
        Deferred<String> outer = Deferred.succeed("go");
        outer.addCallbackDeferring(x -> inner).addCallback(x -> seen.add("outer " + x));
        inner.addCallback(x -> seen.add("added to inner after the continuation: " + x));
        inner.callback("r");
        assertThat(seen).containsExactly("inner r", "outer r!", "added to inner after the continuation: null");
    }

    @Test
    void pausesNestAndAPausedDeferredRunsNothing() {
        Deferred<Integer> d = new Deferred<>();
        d.addCallback(x -> seen.add(x));
        d.pause();
        d.pause();
        d.callback(1);
        d.unpause();
        assertThat(seen).isEmpty();
        assertThat(d.pauseCount()).isEqualTo(1);
        d.unpause();
        assertThat(seen).containsExactly(1);
    }

    @Test
    void unpauseWithoutAPauseIsRejected() {
        Deferred<Integer> d = new Deferred<>();
        assertThatThrownBy(d::unpause)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("without a matching pause()");
        assertThat(d.pauseCount()).isZero();
    }

    @Test
    void unpauseCannotConsumeThePauseOfAWaitingDeferred() {
        Deferred<Integer> inner = new Deferred<>();
        Deferred<Integer> outer = Deferred.succeed(0);
        outer.addCallbackDeferring(x -> inner);
        assertThatThrownBy(outer::unpause).isInstanceOf(IllegalStateException.class);
        outer.pause();
        outer.unpause();
        assertThat(outer.pauseCount()).isEqualTo(1);
        assertThat(outer.currentResult()).isSameAs(inner);
    }

    @Test
    void cancelWithoutCancellerFailsWithCancelledErrorAndSwallowsOneLaterFire() {
        Deferred<Integer> d = new Deferred<>();
        d.addErrback(f -> seen.add(f.value()));
        d.cancel();
        assertThat(seen).singleElement().isInstanceOf(CancelledError.class);
        d.callback(5);
        assertThatThrownBy(() -> d.callback(6)).isInstanceOf(AlreadyCalledError.class);
    }

    @Test
    void cancellerThatDoesNotFireLeavesCancelledErrorAndNoSuppression() {
        List<Deferred<?>> cancelled = new ArrayList<>();
        Deferred<Integer> d = new Deferred<>(cancelled::add);
        d.cancel();
        d.cancel();
        assertThat(cancelled).containsExactly(d);
        assertThat(((Failure) d.currentResult()).value()).isInstanceOf(CancelledError.class);
        assertThatThrownBy(() -> d.callback(5)).isInstanceOf(AlreadyCalledError.class);
    }

    @Test
    void cancellerThatFiresDecidesTheResult() {
        Deferred<Integer> d = new Deferred<>(self -> self.callback(42));
        d.cancel();
        assertThat(d.currentResult()).isEqualTo(42);
    }

    @Test
    void cancellerExceptionPropagatesAndLeavesTheDeferredUnfired() {
        IllegalStateException boom = new IllegalStateException("canceller");
        Deferred<Integer> d = new Deferred<>(self -> {
            throw boom;
        });
        assertThatThrownBy(d::cancel).isSameAs(boom);
        assertThat(d.isCalled()).isFalse();
        d.callback(1);
        assertThat(d.currentResult()).isEqualTo(1);
    }

    @Test
    void cancelOnAWaitingDeferredCancelsTheAwaitedOneInstead() {
        List<String> cancellers = new ArrayList<>();
        Deferred<Integer> inner = new Deferred<>(self -> cancellers.add("inner"));
        Deferred<Integer> outer = new Deferred<>(self -> cancellers.add("outer"));
        outer.addCallbackDeferring(x -> inner);
        outer.callback(0);
        outer.cancel();
        assertThat(cancellers).containsExactly("inner");
        assertThat(((Failure) outer.currentResult()).value()).isInstanceOf(CancelledError.class);
    }

    @Test
    void cancelOnAFiredDeferredDoesNothing() {
        Deferred<Integer> d = new Deferred<>(self -> seen.add("canceller"));
        d.callback(1);
        d.cancel();
        assertThat(seen).isEmpty();
        assertThat(d.currentResult()).isEqualTo(1);
    }

    @Test
    void succeedAndFailGiveFiredDeferreds() {
        IOException io = new IOException();
        assertThat(Deferred.succeed("v").currentResult()).isEqualTo("v");
        Deferred<Object> failed = Deferred.fail(io);
        assertThat(((Failure) failed.currentResult()).value()).isSameAs(io);
        assertThat(failed.unhandledFailure()).isSameAs(failed.currentResult());
    }

    @Test
    void maybeDeferredWrapsEveryOutcome() {
        IOException io = new IOException();
        Failure failure = new Failure(io);
        Deferred<Integer> existing = new Deferred<>();
        assertThat(Deferred.<Integer>maybeDeferred(() -> 3).currentResult()).isEqualTo(3);
        assertThat(((Failure) Deferred.maybeDeferred(() -> {
                                    throw io;
                                })
                                .currentResult())
                        .value())
                .isSameAs(io);
        assertThat(Deferred.maybeDeferred(() -> failure).currentResult()).isSameAs(failure);
        assertThat(Deferred.<Integer>maybeDeferredDeferring(() -> existing)).isSameAs(existing);
    }
}
