package dev.weft.defer;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Deferred.fromFuture, after Twisted's DeferredFutureAdapterTests, across real threads: a
 * single-thread executor stands in for the reactor and a second thread completes the futures.
 */
final class DeferredFromFutureTest {
    /** What a handler saw, and on which thread. */
    private record Seen(@Nullable Object result, Thread thread) {}

    private final ConcurrentLinkedQueue<Throwable> uncaught = new ConcurrentLinkedQueue<>();
    private final ExecutorService reactorThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-reactor"));
    /** The reactor as fromFuture sees it: records whatever a delivery throws before rethrowing it. */
    private final Executor reactor = task -> reactorThread.execute(() -> {
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            uncaught.add(e);
            throw e;
        }
    });

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-worker"));

    @AfterEach
    void stopThreadsAndCheckNothingEscapedOnTheReactor() throws Exception {
        reactorThread.shutdown();
        worker.shutdown();
        assertThat(reactorThread.awaitTermination(60, SECONDS)).isTrue();
        assertThat(worker.awaitTermination(60, SECONDS)).isTrue();
        assertThat(uncaught).isEmpty();
    }

    private <V> V onReactor(Callable<V> task) throws Exception {
        return reactorThread.submit(task).get(60, SECONDS);
    }

    private Thread reactorThreadItself() throws Exception {
        return onReactor(Thread::currentThread);
    }

    /** Adapts {@code stage} on the reactor and records the first result its chain sees. */
    private <T> CompletableFuture<Seen> adaptOnReactor(CompletionStage<T> stage) throws Exception {
        CompletableFuture<Seen> seen = new CompletableFuture<>();
        onReactor(() ->
                Deferred.fromFuture(stage, reactor).addBoth(r -> seen.complete(new Seen(r, Thread.currentThread()))));
        return seen;
    }

    private static Throwable failureValue(Seen seen) {
        assertThat(seen.result()).isInstanceOf(Failure.class);
        return ((Failure) seen.result()).value();
    }

    @Test
    void valueCompletedOnAnotherThreadReachesTheHandlersOnTheExecutorThread() throws Exception {
        CompletableFuture<Integer> future = new CompletableFuture<>();
        CompletableFuture<Seen> seen = adaptOnReactor(future);
        worker.execute(() -> future.complete(7));
        Seen s = seen.get(60, SECONDS);
        assertThat(s.result()).isEqualTo(7);
        assertThat(s.thread()).isSameAs(reactorThreadItself());
    }

    @Test
    void alreadyCompletedStageIsStillDeliveredThroughTheExecutorLater() throws Exception {
        Deferred<Integer> d = onReactor(() -> {
            Deferred<Integer> adapted = Deferred.fromFuture(CompletableFuture.completedFuture(5), reactor);
            assertThat(adapted.isCalled()).isFalse();
            return adapted;
        });
        // The delivery was queued on the reactor during the first task, so it has run by now.
        assertThat(onReactor(d::currentResult)).isEqualTo(5);
    }

    @Test
    void exceptionThrownByAStageArrivesUnwrappedAsTheSameInstance() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        CompletableFuture<String> source = new CompletableFuture<>();
        CompletableFuture<String> stage = source.thenApply(s -> {
            throw boom;
        });
        CompletableFuture<Seen> seen = adaptOnReactor(stage);
        worker.execute(() -> source.complete("go"));
        Seen s = seen.get(60, SECONDS);
        assertThat(failureValue(s)).isSameAs(boom);
        assertThat(((Failure) s.result()).trap(IllegalStateException.class)).isEqualTo(IllegalStateException.class);
        assertThat(s.thread()).isSameAs(reactorThreadItself());
        assertThat(stage.handle((v, t) -> t).join()).isInstanceOf(CompletionException.class);
    }

    @Test
    void checkedExceptionWrappedInExecutionAndCompletionExceptionsArrivesUnwrapped() throws Exception {
        IOException io = new IOException("disk");
        CompletableFuture<String> future = new CompletableFuture<>();
        CompletableFuture<Seen> seen = adaptOnReactor(future);
        worker.execute(() -> future.completeExceptionally(new CompletionException(new ExecutionException(io))));
        assertThat(failureValue(seen.get(60, SECONDS))).isSameAs(io);
    }

    @Test
    void futureCancelledByItsOwnerFailsTheDeferredWithCancelledError() throws Exception {
        CompletableFuture<String> future = new CompletableFuture<>();
        CompletableFuture<Seen> seen = adaptOnReactor(future);
        worker.execute(() -> future.cancel(false));
        Seen s = seen.get(60, SECONDS);
        assertThat(failureValue(s)).isInstanceOf(CancelledError.class).hasCauseInstanceOf(CancellationException.class);
        assertThat(s.thread()).isSameAs(reactorThreadItself());
    }

    @Test
    void cancellationOfAnUpstreamStageArrivesAsCancelledError() throws Exception {
        CompletableFuture<String> source = new CompletableFuture<>();
        CompletableFuture<Seen> seen = adaptOnReactor(source.thenApply(String::length));
        worker.execute(() -> source.cancel(false));
        assertThat(failureValue(seen.get(60, SECONDS))).isInstanceOf(CancelledError.class);
    }

    @Test
    void cancellingTheDeferredCancelsTheFutureAndFailsOnceTheFutureHasReported() throws Exception {
        CompletableFuture<String> future = new CompletableFuture<>();
        CompletableFuture<Seen> seen = new CompletableFuture<>();
        onReactor(() -> {
            Deferred<String> d = Deferred.fromFuture(future, reactor);
            d.addBoth(r -> seen.complete(new Seen(r, Thread.currentThread())));
            d.cancel();
            assertThat(future).isCancelled();
            // As in Twisted, the Deferred waits for the future's own report, queued on the reactor.
            assertThat(seen).isNotDone();
            return d;
        });
        Seen s = seen.get(60, SECONDS);
        assertThat(failureValue(s)).isInstanceOf(CancelledError.class);
        assertThat(s.thread()).isSameAs(reactorThreadItself());
    }

    @Test
    void cancelAfterTheFutureHasCompletedYieldsTheFuturesValue() throws Exception {
        CompletableFuture<String> future = new CompletableFuture<>();
        CompletableFuture<Seen> seen = new CompletableFuture<>();
        onReactor(() -> {
            Deferred<String> d = Deferred.fromFuture(future, reactor);
            d.addBoth(r -> seen.complete(new Seen(r, Thread.currentThread())));
            future.complete("won the race");
            d.cancel();
            assertThat(future).isNotCancelled();
            return d;
        });
        assertThat(seen.get(60, SECONDS).result()).isEqualTo("won the race");
    }

    @Test
    void secondCancelFailsAtOnceAndTheFuturesLateReportIsIgnored() throws Exception {
        CompletableFuture<String> future = new CompletableFuture<>();
        List<Object> seen = new ArrayList<>();
        Deferred<String> d = onReactor(() -> {
            Deferred<String> adapted = Deferred.fromFuture(future, reactor);
            adapted.addBoth(seen::add);
            adapted.cancel();
            adapted.cancel();
            assertThat(seen)
                    .singleElement()
                    .isInstanceOfSatisfying(
                            Failure.class, f -> assertThat(f.value()).isInstanceOf(CancelledError.class));
            return adapted;
        });
        // Runs after the late report was delivered (and swallowed); nothing escaped on the reactor.
        assertThat(onReactor(() -> seen.size())).isEqualTo(1);
        assertThat(onReactor(d::currentResult)).isEqualTo(true);
    }

    @Test
    void stageThatCannotBeCancelledIsWaitedFor() throws Exception {
        CompletableFuture<String> future = new CompletableFuture<>();
        CompletionStage<String> minimal = future.minimalCompletionStage();
        CompletableFuture<Seen> seen = new CompletableFuture<>();
        onReactor(() -> {
            Deferred<String> d = Deferred.fromFuture(minimal, reactor);
            d.addBoth(r -> seen.complete(new Seen(r, Thread.currentThread())));
            d.cancel();
            return d;
        });
        assertThat(future).isNotCancelled();
        assertThat(seen).isNotDone();
        worker.execute(() -> future.complete("eventually"));
        assertThat(seen.get(60, SECONDS).result()).isEqualTo("eventually");
    }

    @Test
    void withADirectExecutorCancelFailsAtOnce() {
        CompletableFuture<String> future = new CompletableFuture<>();
        Deferred<String> d = Deferred.fromFuture(future, Runnable::run);
        d.cancel();
        assertThat(future).isCancelled();
        assertThat(d.currentResult())
                .isInstanceOfSatisfying(
                        Failure.class, f -> assertThat(f.value()).isInstanceOf(CancelledError.class));
        d.addErrback(f -> null);
    }

    @Test
    void futureWhoseValueIsADeferredFailsTheDeferredWithIllegalArgumentException() {
        CompletableFuture<Object> future = new CompletableFuture<>();
        Deferred<Object> d = Deferred.fromFuture(future, Runnable::run);
        future.complete(new Deferred<>());
        assertThat(d.currentResult())
                .isInstanceOfSatisfying(
                        Failure.class, f -> assertThat(f.value()).isInstanceOf(IllegalArgumentException.class));
        d.addErrback(f -> null);
    }

    @Test
    void rejectedDeliveryLeavesTheDeferredUnfiredWithoutThrowingAtTheProducer() {
        CompletableFuture<String> future = new CompletableFuture<>();
        Deferred<String> d = Deferred.fromFuture(future, task -> {
            throw new RejectedExecutionException("reactor stopped");
        });
        assertThat(future.complete("lost")).isTrue();
        assertThat(d.isCalled()).isFalse();
    }

    @Test
    void cancellationCrossesBothWaysThroughARoundTrip() throws Exception {
        List<Thread> cancellerThreads = new ArrayList<>();
        CompletableFuture<Seen> seen = new CompletableFuture<>();
        Deferred<String> original = onReactor(() -> {
            Deferred<String> source = new Deferred<>(self -> cancellerThreads.add(Thread.currentThread()));
            Deferred<String> adapted = Deferred.fromFuture(source.toCompletableFuture(), reactor);
            adapted.addBoth(r -> seen.complete(new Seen(r, Thread.currentThread())));
            adapted.cancel();
            return source;
        });
        Seen s = seen.get(60, SECONDS);
        assertThat(failureValue(s)).isInstanceOf(CancelledError.class);
        assertThat(onReactor(() -> cancellerThreads)).containsExactly(reactorThreadItself());
        assertThat(onReactor(original::currentResult)).isNull();
    }

    @Test
    void nullArgumentsAreRejected() {
        CompletableFuture<String> future = new CompletableFuture<>();
        assertThatThrownBy(() -> Deferred.fromFuture(future, null)).isInstanceOf(NullPointerException.class);
    }
}
