package dev.weft.internet.nio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.defer.Deferred;
import dev.weft.defer.DeferredList;
import dev.weft.internet.Threads;
import dev.weft.internet.testing.DeferredAssertions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** IReactorThreads and the blocking helpers: crossing between the reactor thread and others. */
final class ThreadsTest {
    private final ReactorThread rt = ReactorThread.start(new NioReactor(4));
    private final NioReactor reactor = rt.reactor();

    @AfterEach
    void stopReactor() {
        rt.close();
    }

    @Test
    void callsFromOneThreadRunOnTheReactorThreadInOrder() throws InterruptedException {
        List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(1);
        for (int i = 0; i < 10_000; i++) {
            int n = i;
            reactor.callFromThread(() -> {
                assertThat(reactor.isReactorThread()).isTrue();
                seen.add(n);
            });
        }
        reactor.callFromThread(done::countDown);
        assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            expected.add(i);
        }
        assertThat(seen).isEqualTo(expected);
    }

    @Test
    void lazyCallsRunOnTheReactorThreadInOrderWithTheOthersOnceSomethingWakesIt() throws InterruptedException {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(1);
        reactor.callFromThreadLazily(() -> seen.add("lazy " + reactor.isReactorThread()));
        reactor.callFromThreadLazily(() -> seen.add("lazy again"));
        reactor.callFromThread(() -> {
            seen.add("eager");
            // from the reactor thread itself: the next turn runs it, with nothing else to wake the loop
            reactor.callFromThreadLazily(() -> {
                seen.add("lazy from the reactor");
                done.countDown();
            });
        });
        assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).containsExactly("lazy true", "lazy again", "eager", "lazy from the reactor");
    }

    @Test
    void callsFromManyThreadsAllRun() throws InterruptedException {
        int threads = 8;
        int each = 2_000;
        CountDownLatch done = new CountDownLatch(threads * each);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    reactor.callFromThread(done::countDown);
                }
            });
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void deferToThreadRunsOffTheReactorAndFiresOnIt() {
        Thread reactorThread = rt.call(Thread::currentThread);
        AtomicReference<Thread> workedOn = new AtomicReference<>();
        AtomicReference<Thread> firedOn = new AtomicReference<>();
        String result = rt.await(() -> reactor.deferToThread(() -> {
                    workedOn.set(Thread.currentThread());
                    return "done";
                })
                .addCallback(value -> {
                    firedOn.set(Thread.currentThread());
                    return value;
                }));
        assertThat(result).isEqualTo("done");
        assertThat(workedOn.get()).isNotSameAs(reactorThread);
        assertThat(workedOn.get().getName()).startsWith("weft-pool-");
        assertThat(firedOn.get()).isSameAs(reactorThread);
    }

    @Test
    void deferToThreadDeliversTheExceptionAsAFailure() {
        Deferred<Object> failed = rt.call(() -> {
            Deferred<Object> d = reactor.deferToThread(() -> {
                throw new IOException("disk on fire");
            });
            return d;
        });
        // Wait for it to fire, on the reactor, by chaining a Deferred that always succeeds.
        rt.await(() -> {
            Deferred<Void> fired = new Deferred<>();
            failed.addBoth(r -> {
                fired.callback(null);
                return r;
            });
            return fired;
        });
        rt.execute(() -> assertThat(DeferredAssertions.failureResultOf(failed, IOException.class)
                        .getErrorMessage())
                .isEqualTo("disk on fire"));
    }

    @Test
    void callInThreadRunsOnAPoolThread() throws InterruptedException {
        AtomicReference<String> name = new AtomicReference<>();
        CountDownLatch ran = new CountDownLatch(1);
        rt.execute(() -> reactor.callInThread(() -> {
            name.set(Thread.currentThread().getName());
            ran.countDown();
        }));
        assertThat(ran.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(name.get()).startsWith("weft-pool-");
    }

    @Test
    void thePoolRunsNoMoreThreadsThanItsSize() {
        assertThat(reactor.threadPoolSize()).isEqualTo(4);
        Set<String> names = Collections.synchronizedSet(new HashSet<>());
        rt.await(() -> {
            List<Deferred<Object>> all = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                all.add(reactor.deferToThread(
                        () -> names.add(Thread.currentThread().getName())));
            }
            return DeferredList.gatherResults(all);
        });
        // A ThreadPoolExecutor starts a new core thread for each task until it has its size.
        assertThat(names).hasSize(4);
    }

    @Test
    void blockingCallFromThreadReturnsTheDeferredsResult() {
        String value = Threads.blockingCallFromThread(reactor, () -> {
            Deferred<String> d = new Deferred<>();
            reactor.callLater(0.01, () -> d.callback("later"));
            return d;
        });
        assertThat(value).isEqualTo("later");
    }

    @Test
    void blockingCallFromThreadRethrowsTheFailuresException() {
        assertThatThrownBy(() -> Threads.blockingCallFromThread(reactor, () -> Deferred.fail(new IOException("nope"))))
                .isInstanceOf(IOException.class)
                .hasMessage("nope");
    }

    @Test
    void blockingCallRethrowsWhatTheCallThrows() {
        assertThatThrownBy(() -> Threads.blockingCall(reactor, () -> {
                    throw new IllegalArgumentException("bad");
                }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bad");
    }

    @Test
    void blockingCallsOnTheReactorThreadThrowInsteadOfWaitingForEver() {
        Throwable thrown = rt.call(() -> {
            try {
                Threads.blockingCall(reactor, () -> 1);
                return null;
            } catch (IllegalStateException e) {
                return e;
            }
        });
        assertThat(thrown).hasMessageContaining("wait for ever");
    }

    @Test
    void aWaitEndsWhenTheReactorStopsFirst() throws InterruptedException {
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        CountDownLatch waiting = new CountDownLatch(1);
        Thread waiter = new Thread(() -> {
            try {
                Threads.blockingCallFromThread(reactor, () -> {
                    waiting.countDown();
                    return new Deferred<Void>();
                });
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        waiter.start();
        assertThat(waiting.await(60, TimeUnit.SECONDS)).isTrue();
        rt.close();
        waiter.join();
        assertThat(outcome.get())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("stopped before the result arrived");
        assertThatThrownBy(() -> Threads.blockingCall(reactor, () -> 1)).hasMessageContaining("stopped");
    }
}
