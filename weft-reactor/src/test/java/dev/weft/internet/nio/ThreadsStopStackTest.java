package dev.weft.internet.nio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.defer.Deferred;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A thread waiting on a reactor that stops gets an exception made on its own thread, whose stack shows where it waited,
 * and {@link ReactorThread} tells who started each running reactor. Before, the exception was the reactor's own,
 * whose stack had only the reactor thread's frames.
 */
final class ThreadsStopStackTest {
    /**
     * Runs {@code wait} on a thread of its own, stops the reactor once {@code wait} has counted down the latch it is
     * given (from inside the call it waits for), and returns what the wait threw.
     */
    private static Throwable waitUntilTheReactorStops(BiConsumer<ReactorThread, CountDownLatch> wait) throws Exception {
        ReactorThread rt = ReactorThread.start();
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Thread waiter = new Thread(
                () -> {
                    try {
                        wait.accept(rt, waiting);
                        thrown.complete(null);
                    } catch (Throwable t) {
                        thrown.complete(t);
                    }
                },
                "the waiter");
        waiter.start();
        assertThat(waiting.await(60, TimeUnit.SECONDS)).isTrue();
        rt.close();
        return thrown.get(60, TimeUnit.SECONDS);
    }

    private static boolean showsTheWaiter(Throwable t) {
        return Stream.of(t.getStackTrace())
                .anyMatch(f -> f.getClassName().startsWith(ThreadsStopStackTest.class.getName()));
    }

    @Test
    void aWaitForADeferredEndedByTheStopShowsTheWaitersStack() throws Exception {
        Throwable t = waitUntilTheReactorStops((rt, waiting) -> rt.await(() -> {
            waiting.countDown();
            return new Deferred<Void>();
        }));

        assertThat(t)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("the reactor stopped before the result arrived; the waiter was waiting on")
                .hasCauseInstanceOf(IllegalStateException.class);
        assertThat(showsTheWaiter(t))
                .as("the stack shows where the caller waited")
                .isTrue();
        assertThat(showsTheWaiter(t.getCause()))
                .as("the cause is the reactor's own")
                .isFalse();
    }

    @Test
    void aFatalErrorReachesTheWaiterAsItselfWithWhereItWaited() throws Exception {
        OutOfMemoryError oom = new OutOfMemoryError("simulated");
        ReactorThread rt = ReactorThread.start();
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Thread waiter = new Thread(
                () -> {
                    try {
                        rt.await(() -> {
                            waiting.countDown();
                            return new Deferred<Void>();
                        });
                        thrown.complete(null);
                    } catch (Throwable t) {
                        thrown.complete(t);
                    }
                },
                "the waiter");
        waiter.start();
        assertThat(waiting.await(60, TimeUnit.SECONDS)).isTrue();
        rt.reactor()
                .callFromThread(() -> rt.reactor().callLater(0, () -> {
                    throw oom;
                }));
        Throwable t = thrown.get(60, TimeUnit.SECONDS);
        assertThatThrownBy(rt::close).hasCause(oom);

        assertThat(t).isSameAs(oom);
        assertThat(t.getSuppressed())
                .singleElement()
                .satisfies(s -> assertThat(s).hasMessageStartingWith("the waiter was waiting on"))
                .satisfies(s -> assertThat(showsTheWaiter(s)).isTrue());
    }

    @Test
    void aRunningReactorThreadTellsWhoStartedIt() throws Exception {
        CompletableFuture<ReactorThread> started = new CompletableFuture<>();
        Thread starter = new Thread(() -> started.complete(ReactorThread.start()), "the starter");
        starter.start();
        try (ReactorThread rt = started.get(60, TimeUnit.SECONDS)) {
            assertThat(rt.startedBy()).isSameAs(starter);
            assertThat(rt.thread().getName()).startsWith("weft-reactor-");
            assertThat(rt.call(Thread::currentThread)).isSameAs(rt.thread());
            assertThat(ReactorThread.running()).contains(rt);
            assertThat(ReactorThread.running())
                    .extracting(ThreadsStopStackTest::number)
                    .as("oldest first")
                    .isSorted();
            rt.close();
            assertThat(ReactorThread.running()).doesNotContain(rt);
        }
    }

    private static int number(ReactorThread rt) {
        return Integer.parseInt(rt.thread().getName().substring("weft-reactor-".length()));
    }
}
