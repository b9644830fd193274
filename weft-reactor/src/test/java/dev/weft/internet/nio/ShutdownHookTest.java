package dev.weft.internet.nio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.internet.Phase;
import dev.weft.internet.SystemEvent;
import dev.weft.internet.nio.internal.ShutdownHook;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The JVM shutdown hook of {@link NioReactor#run()}, in this JVM: registered only while {@code run()} runs
 * (never by {@code run(false)} or {@link ReactorThread}
 * unless it opts in), and, run by hand as the JVM would run it, it stops the
 * reactor and waits for it, but no longer than its bound. {@link SignalProcessTest} sends real signals.
 */
final class ShutdownHookTest {
    private static final long TIMEOUT_SECONDS = 60;

    @Test
    void theHookIsRegisteredWhileRunRunsAndRemovedWhenItReturns() {
        NioReactor reactor = new NioReactor();
        AtomicReference<Thread> during = new AtomicReference<>();
        reactor.callWhenRunning(() -> {
            ShutdownHook hook = reactor.shutdownHook();
            during.set(hook == null ? null : hook.thread());
            reactor.stop();
        });
        reactor.run();
        assertThat(during.get()).as("the hook's thread while running").isNotNull();
        assertThat(reactor.shutdownHook()).isNull();
        // Removing it again finds nothing: run() has removed it (else the JVM would keep it and the reactor).
        assertThat(Runtime.getRuntime().removeShutdownHook(during.get())).isFalse();
    }

    @Test
    void runFalseRegistersNoHook() {
        NioReactor reactor = new NioReactor();
        AtomicBoolean hooked = new AtomicBoolean(true);
        reactor.callWhenRunning(() -> {
            hooked.set(reactor.shutdownHook() != null);
            reactor.stop();
        });
        reactor.run(false);
        assertThat(hooked).isFalse();
    }

    @Test
    void aReactorThreadRegistersNoHook() {
        try (ReactorThread rt = ReactorThread.start()) {
            assertThat(rt.call(() -> rt.reactor().shutdownHook())).isNull();
        }
    }

    @Test
    void aReactorThreadStartedWithTheHookRegistersItWhileRunningAndRemovesItOnClose() {
        Thread hook;
        try (ReactorThread rt = ReactorThread.start(new NioReactor(), true)) {
            ShutdownHook h = rt.call(() -> rt.reactor().shutdownHook());
            assertThat(h).isNotNull();
            hook = h.thread();
        }
        assertThat(Runtime.getRuntime().removeShutdownHook(hook))
                .as("the hook was still registered after close()")
                .isFalse();
    }

    @Test
    void runInsideRunThrowsAndLeavesTheOuterHookInPlace() {
        NioReactor reactor = new NioReactor();
        AtomicReference<Object> after = new AtomicReference<>();
        AtomicReference<Object> before = new AtomicReference<>();
        reactor.callWhenRunning(() -> {
            before.set(reactor.shutdownHook());
            assertThatThrownBy(reactor::run).isInstanceOf(IllegalStateException.class);
            after.set(reactor.shutdownHook());
            reactor.stop();
        });
        reactor.run();
        assertThat(after.get()).isNotNull().isSameAs(before.get());
    }

    @Test
    void theHookStopsTheReactorAndReturnsOnceItsShutdownTriggersHaveRun() throws Exception {
        NioReactor reactor = new NioReactor();
        AtomicBoolean triggerRan = new AtomicBoolean();
        reactor.addSystemEventTrigger(Phase.BEFORE, SystemEvent.SHUTDOWN, () -> triggerRan.set(true));
        CompletableFuture<ShutdownHook> hook = new CompletableFuture<>();
        reactor.callWhenRunning(() -> hook.complete(reactor.shutdownHook()));
        Thread reactorThread = new Thread(reactor::run, "shutdown-hook-test-reactor");
        reactorThread.start();
        try {
            ShutdownHook h = hook.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertThat(h.awaitStop()).isEqualTo(ShutdownHook.Outcome.STOPPED);
            assertThat(triggerRan)
                    .as("the shutdown trigger ran before the hook returned")
                    .isTrue();
        } finally {
            reactorThread.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        }
        assertThat(reactorThread.isAlive()).isFalse();
        assertThat(reactor.isShutDown()).isTrue();
    }

    @Test
    void theHookStopsWaitingAfterItsBoundWhenATriggerBlocks() throws Exception {
        NioReactor reactor = new NioReactor();
        CountDownLatch triggerBlocks = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        reactor.addSystemEventTrigger(Phase.BEFORE, SystemEvent.SHUTDOWN, () -> {
            triggerBlocks.countDown();
            try {
                release.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        CompletableFuture<ShutdownHook> hook = new CompletableFuture<>();
        reactor.callWhenRunning(() -> hook.complete(reactor.shutdownHook()));
        Duration bound = Duration.ofMillis(300);
        Thread reactorThread = new Thread(() -> reactor.runWithHook(bound), "shutdown-hook-test-reactor");
        reactorThread.start();
        try {
            ShutdownHook h = hook.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            long start = System.nanoTime();
            assertThat(h.awaitStop()).isEqualTo(ShutdownHook.Outcome.TIMED_OUT);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(bound);
            assertThat(triggerBlocks.getCount()).as("the trigger was reached").isZero();
        } finally {
            release.countDown();
            reactorThread.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        }
        assertThat(reactorThread.isAlive()).isFalse();
    }
}
