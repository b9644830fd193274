package dev.weft.defer;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** Deferred.toCompletableFuture, after Twisted's DeferredFutureAdapterTests for asFuture. */
final class DeferredToFutureTest {
    @Test
    void futureCompletesWhenTheDeferredFiresAndTheDeferredGoesOnWithNull() {
        Deferred<Integer> d = new Deferred<>();
        CompletableFuture<Integer> future = d.toCompletableFuture();
        assertThat(future).isNotDone();
        d.callback(13);
        assertThat(future.join()).isEqualTo(13);
        assertThat(d.currentResult()).isNull();
    }

    @Test
    void failureCompletesTheFutureWithTheOriginalExceptionAndIsNotReportedAsUnhandled() {
        IOException boom = new IOException("disk");
        Deferred<String> d = new Deferred<>();
        CompletableFuture<String> future = d.toCompletableFuture();
        d.errback(boom);
        assertThat(future.handle((v, t) -> t).join()).isSameAs(boom);
        assertThatThrownBy(future::join)
                .isInstanceOf(CompletionException.class)
                .cause()
                .isSameAs(boom);
        assertThat(d.currentResult()).isNull();
        assertThat(d.unhandledFailure()).isNull();
    }

    @Test
    void futureOfAnAlreadyFiredDeferredIsAlreadyComplete() {
        assertThat(Deferred.succeed("x").toCompletableFuture().getNow("absent")).isEqualTo("x");
    }

    @Test
    void futureTakesTheResultAtItsPlaceInTheChain() {
        Deferred<Integer> d = new Deferred<>();
        List<Object> after = new ArrayList<>();
        CompletableFuture<Integer> future = d.addCallback(x -> x + 1).toCompletableFuture();
        d.addBoth(after::add);
        d.callback(1);
        assertThat(future.join()).isEqualTo(2);
        assertThat(after).containsExactly((Object) null);
    }

    @Test
    void cancellingTheFutureCancelsTheDeferred() {
        List<Deferred<?>> cancelled = new ArrayList<>();
        Deferred<String> d = new Deferred<>(cancelled::add);
        CompletableFuture<String> future = d.toCompletableFuture();
        assertThat(future.cancel(false)).isTrue();
        assertThat(cancelled).containsExactly(d);
        assertThat(d.currentResult()).isNull();
        assertThat(d.unhandledFailure()).isNull();
        assertThat(future).isCancelled();
        assertThatThrownBy(future::join).isInstanceOf(CancellationException.class);
    }

    @Test
    void cancelledFutureIgnoresAValueTheCancellerFiresWith() {
        Deferred<Integer> d = new Deferred<>(self -> self.callback(9));
        CompletableFuture<Integer> future = d.toCompletableFuture();
        future.cancel(true);
        assertThat(d.currentResult()).isNull();
        assertThat(future).isCancelled();
        assertThatThrownBy(future::join).isInstanceOf(CancellationException.class);
    }

    @Test
    void cancellingACompletedFutureLeavesTheDeferredAlone() {
        List<Deferred<?>> cancelled = new ArrayList<>();
        Deferred<String> d = new Deferred<>(cancelled::add);
        CompletableFuture<String> future = d.toCompletableFuture();
        d.callback("done");
        assertThat(future.cancel(false)).isFalse();
        assertThat(cancelled).isEmpty();
        assertThat(future.join()).isEqualTo("done");
    }

    @Test
    void cancelledDeferredReachesTheFutureAsCancelledErrorNotAsCancellation() {
        Deferred<String> d = new Deferred<>();
        CompletableFuture<String> future = d.toCompletableFuture();
        d.cancel();
        assertThat(future).isCompletedExceptionally().isNotCancelled();
        assertThat(future.handle((v, t) -> t).join()).isInstanceOf(CancelledError.class);
    }

    @Test
    void anotherThreadWaitingOnTheFutureGetsTheValueAndPlainStagesRunOnTheFiringThread() throws Exception {
        ExecutorService reactor = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-reactor"));
        try {
            Thread reactorThread = reactor.submit(() -> Thread.currentThread()).get(60, SECONDS);
            Deferred<String> d = reactor.submit(() -> new Deferred<String>()).get(60, SECONDS);
            CompletableFuture<String> future =
                    reactor.submit(() -> d.toCompletableFuture()).get(60, SECONDS);
            CompletableFuture<Thread> stageThread = future.thenApply(v -> Thread.currentThread());
            reactor.execute(() -> d.callback("from the reactor"));
            // Wait on the dependent stage first: a thread blocked in future.get() may itself run
            // future's pending dependents (CompletableFuture's waitingGet helps with postComplete).
            assertThat(stageThread.get(60, SECONDS)).isSameAs(reactorThread);
            assertThat(future.get(60, SECONDS)).isEqualTo("from the reactor");
        } finally {
            reactor.shutdownNow();
        }
    }

    @Test
    void failedFutureGetThrowsExecutionExceptionCausedByTheOriginalException() {
        IllegalStateException boom = new IllegalStateException("boom");
        CompletableFuture<Object> future = Deferred.fail(boom).toCompletableFuture();
        assertThatThrownBy(() -> future.get(60, SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isSameAs(boom);
    }
}
