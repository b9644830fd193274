package dev.weft.internet.testing;

import static dev.weft.internet.testing.DeferredAssertions.assertNoResult;
import static dev.weft.internet.testing.DeferredAssertions.failureResultOf;
import static dev.weft.internet.testing.DeferredAssertions.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.defer.Deferred;
import dev.weft.internet.Phase;
import dev.weft.internet.SystemEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Invariants 35 and 36 (running, hooks, readers/writers) and the thread entry points. */
final class MemoryReactorCoreTest {
    private final MemoryReactor reactor = new MemoryReactor();
    private final List<String> log = new ArrayList<>();

    /** Invariant 35: run() runs the callWhenRunning hooks in FIFO order, then leaves running false. */
    @Test
    void runRunsTheWhenRunningHooksInOrderThenStops() {
        reactor.callWhenRunning(() -> log.add("first running=" + reactor.isRunning()));
        reactor.callWhenRunning(() -> log.add("second"));
        reactor.callWhenRunning(() -> log.add("third"));
        assertThat(log).isEmpty();
        assertThat(reactor.hasRun()).isFalse();
        assertThat(reactor.hasStopped()).isFalse();
        assertThat(reactor.hasCrashed()).isFalse();

        reactor.run();

        assertThat(log).containsExactly("first running=true", "second", "third");
        assertThat(reactor.isRunning()).isFalse();
        assertThat(reactor.hasRun()).isTrue();
        assertThat(reactor.hasStopped()).isTrue();
        assertThat(reactor.whenRunningHooks()).hasSize(3);
    }

    /** Invariant 35: a second run() while running fails. */
    @Test
    void runWhileRunningThrows() {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        reactor.callWhenRunning(() -> {
            try {
                reactor.run();
            } catch (IllegalStateException e) {
                thrown.set(e);
            }
        });

        reactor.run();

        assertThat(thrown.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("already running");
        assertThat(reactor.isRunning()).isFalse();
    }

    @Test
    void callWhenRunningOnARunningReactorRunsAtOnce() {
        reactor.callWhenRunning(() -> {
            Object id = reactor.callWhenRunning(() -> log.add("nested"));
            log.add("after nested, id=" + id);
        });

        reactor.run();

        assertThat(log).containsExactly("nested", "after nested, id=null");
        assertThat(reactor.whenRunningHooks()).hasSize(1);
    }

    @Test
    void hookThatStopsTheReactorIsNotStoppedTwice() {
        reactor.callWhenRunning(reactor::stop);
        reactor.callWhenRunning(() -> log.add("still runs, running=" + reactor.isRunning()));

        reactor.run();

        assertThat(log).containsExactly("still runs, running=false");
        assertThat(reactor.hasStopped()).isTrue();
    }

    @Test
    void exceptionFromAHookPropagatesAndLeavesTheReactorStopped() {
        IllegalStateException boom = new IllegalStateException("boom");
        reactor.callWhenRunning(() -> {
            throw boom;
        });

        assertThatThrownBy(reactor::run).isSameAs(boom);
        assertThat(reactor.isRunning()).isFalse();
    }

    /** As Twisted's fake (testing.py MemoryReactor.stop): stop on a reactor that is not running only records. */
    @Test
    void stopWhenNotRunningOnlyRecordsAndSoDoesCrash() {
        reactor.stop();
        assertThat(reactor.hasStopped()).isTrue();
        assertThat(reactor.isRunning()).isFalse();

        reactor.crash();
        assertThat(reactor.hasCrashed()).isTrue();
        assertThat(reactor.isRunning()).isFalse();
    }

    @Test
    void systemEventTriggersAreRecordedNeverFiredAndRemovable() {
        Runnable beforeShutdown = () -> log.add("before shutdown");
        Object id = reactor.addSystemEventTrigger(Phase.BEFORE, SystemEvent.SHUTDOWN, beforeShutdown);
        Object id2 = reactor.addSystemEventTrigger(Phase.AFTER, SystemEvent.STARTUP, () -> log.add("after startup"));

        reactor.run();

        assertThat(log).isEmpty();
        assertThat(reactor.triggers()).hasSize(2);
        SystemEventTrigger first = reactor.triggers().get(0);
        assertThat(first.phase()).isEqualTo(Phase.BEFORE);
        assertThat(first.eventType()).isEqualTo(SystemEvent.SHUTDOWN);
        assertThat(first.toString()).startsWith("SystemEventTrigger[before shutdown: ");
        assertThat(first.call()).isSameAs(beforeShutdown);

        reactor.removeSystemEventTrigger(id);
        assertThat(reactor.triggers()).containsExactly((SystemEventTrigger) id2);
        assertThatThrownBy(() -> reactor.removeSystemEventTrigger(id))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no system event trigger");
        assertThatThrownBy(() -> reactor.addSystemEventTrigger(null, SystemEvent.SHUTDOWN, () -> {}))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("phase");
    }

    @Test
    void whenRunningHookCanBeRemovedBeforeTheReactorRuns() {
        Object id = reactor.callWhenRunning(() -> log.add("removed"));
        reactor.callWhenRunning(() -> log.add("kept"));

        reactor.removeSystemEventTrigger(id);
        reactor.run();

        assertThat(log).containsExactly("kept");
    }

    /** Invariant 36: addReader/addWriter are idempotent set operations; removeAll empties both. */
    @Test
    void readersAndWritersAreIdempotentSetsAndRemoveAllEmptiesBoth() {
        Object a = new Object();
        Object b = new Object();

        reactor.addReader(a);
        reactor.addReader(a);
        reactor.addReader(b);
        reactor.addWriter(b);
        reactor.addWriter(b);
        assertThat(reactor.getReaders()).containsExactly(a, b);
        assertThat(reactor.getWriters()).containsExactly(b);

        reactor.removeReader(b);
        reactor.removeReader(b);
        reactor.removeWriter(a);
        assertThat(reactor.getReaders()).containsExactly(a);
        assertThat(reactor.getWriters()).containsExactly(b);

        assertThat(reactor.removeAll()).containsExactly(a, b);
        assertThat(reactor.getReaders()).isEmpty();
        assertThat(reactor.getWriters()).isEmpty();
        assertThat(reactor.removeAll()).isEmpty();
    }

    @Test
    void callFromThreadQueuesUntilTheTestRunsTheQueue() throws InterruptedException {
        Thread testThread = Thread.currentThread();
        Thread other = new Thread(() -> reactor.callFromThread(() ->
                log.add("from other thread, run on " + (Thread.currentThread() == testThread ? "test" : "other"))));
        other.start();
        other.join();
        reactor.callFromThread(() -> {
            log.add("second");
            reactor.callFromThread(() -> log.add("queued while running"));
        });

        assertThat(log).isEmpty();
        assertThat(reactor.pendingThreadCalls()).isEqualTo(2);
        assertThat(reactor.runThreadCalls()).isEqualTo(3);
        assertThat(log).containsExactly("from other thread, run on test", "second", "queued while running");
        assertThat(reactor.pendingThreadCalls()).isZero();
    }

    @Test
    void runAlsoRunsTheQueuedThreadCalls() {
        reactor.callFromThread(() -> log.add("queued, running=" + reactor.isRunning()));

        reactor.run();

        assertThat(log).containsExactly("queued, running=true");
    }

    @Test
    void callInThreadRunsAtOnceOnTheCaller() {
        reactor.callInThread(() -> log.add("ran"));

        assertThat(log).containsExactly("ran");
    }

    @Test
    void deferToThreadReportsTheOutcomeOnlyWhenTheQueueRuns() {
        Deferred<String> ok = reactor.deferToThread(() -> "result");
        Deferred<String> bad = reactor.deferToThread(() -> {
            throw new java.io.IOException("disk on fire");
        });

        assertNoResult(ok);
        assertNoResult(bad);
        reactor.runThreadCalls();

        assertThat(successResultOf(ok)).isEqualTo("result");
        assertThat(failureResultOf(bad, java.io.IOException.class).getErrorMessage())
                .isEqualTo("disk on fire");
        bad.addErrback(f -> null);
    }
}
