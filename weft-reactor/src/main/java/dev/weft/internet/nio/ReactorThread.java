package dev.weft.internet.nio;

import dev.weft.defer.Deferred;
import dev.weft.internet.IReactorThreads;
import dev.weft.internet.Threads;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Runs a {@link NioReactor} on a daemon thread of its own, named {@code weft-reactor-N}, for tests and tools
 * whose main thread does something else; {@link #close()} stops it and waits for the thread to end.
 *
 * <pre>{@code
 * try (ReactorThread rt = ReactorThread.start()) {
 *     IListeningPort port = rt.call(() -> rt.reactor().listenTCP(0, factory, 50, "127.0.0.1"));
 *     ...
 * }
 * }</pre>
 *
 * <p>Unlike {@link NioReactor#run()}, it registers no JVM shutdown hook by default: a signal or {@code
 * System.exit} does not stop the reactor, which lives on until the JVM halts unless {@link #close()} is called
 * (from a shutdown hook of the program's own, as weft's CLI does, if the reactor should stop cleanly then).
 * {@link #start(NioReactor, boolean) start(reactor, true)} opts in: the reactor then runs as {@link
 * NioReactor#run()} does, and the JVM's shutdown stops it and waits (boundedly) for its shutdown triggers and
 * sockets.
 *
 * <p>Thread-safe, except that {@link #close()} must not be called on the reactor thread itself. The timed
 * waits take a positive timeout and, when it passes, throw {@link IllegalStateException} naming what was
 * waited for.
 */
public final class ReactorThread implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final AtomicInteger COUNT = new AtomicInteger();
    /** The handles whose thread has been started and has not finished running its reactor. */
    private static final Set<ReactorThread> RUNNING = ConcurrentHashMap.newKeySet();

    private final NioReactor reactor;
    private final Thread thread;
    private final Thread startedBy = Thread.currentThread();
    private final int number;
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile @Nullable Throwable crash;
    private final CompletableFuture<Void> ended = new CompletableFuture<>();

    /** Whether the reactor runs with NioReactor's JVM shutdown hook ({@code run(true)}). */
    private final boolean installSignalHandlers;

    private ReactorThread(NioReactor reactor, boolean installSignalHandlers) {
        this.reactor = reactor;
        this.installSignalHandlers = installSignalHandlers;
        this.number = COUNT.incrementAndGet();
        this.thread = new Thread(this::runReactor, "weft-reactor-" + number);
        this.thread.setDaemon(true);
    }

    /**
     * Creates a {@link NioReactor}, runs it on a new thread, and returns once it is running.
     * @throws IllegalStateException if the reactor does not start within 60 seconds
     */
    public static ReactorThread start() {
        return start(new NioReactor());
    }

    /**
     * Runs {@code reactor}, which must not have run yet, on a new thread and returns once it is running; call
     * it on the thread that set the reactor up, if any.
     * @throws IllegalStateException if the reactor cannot start or does not within 60 seconds
     */
    public static ReactorThread start(NioReactor reactor) {
        return start(reactor, false);
    }

    /**
     * Runs {@code reactor} as {@link #start(NioReactor)} does; with {@code installSignalHandlers} true, as {@link
     * NioReactor#run(boolean) run(true)} runs it: while it runs, a JVM shutdown (SIGTERM, SIGINT, {@code
     * System.exit}, or the last non-daemon thread ending) stops it and waits, up to {@link
     * NioReactor#SHUTDOWN_HOOK_TIMEOUT}, for its shutdown
     * triggers to run and its sockets to close. With false, no hook: the reactor is stopped by {@link #close()}.
     * @throws IllegalStateException if the reactor cannot start or does not within 60 seconds
     */
    public static ReactorThread start(NioReactor reactor, boolean installSignalHandlers) {
        Objects.requireNonNull(reactor, "reactor");
        ReactorThread handle = new ReactorThread(reactor, installSignalHandlers);
        reactor.callWhenRunning(handle.started::countDown);
        RUNNING.add(handle);
        try {
            handle.thread.start();
        } catch (Throwable t) {
            RUNNING.remove(handle);
            throw t;
        }
        try {
            if (!handle.started.await(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the reactor did not start within " + START_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the reactor", e);
        }
        Throwable t = handle.crash;
        if (t != null) {
            throw new IllegalStateException("the reactor failed to start", t);
        }
        return handle;
    }

    private void runReactor() {
        try {
            // Without the hook, the owner stops it with close(), in a shutdown hook of its own if it needs one.
            reactor.run(installSignalHandlers);
            ended.complete(null);
        } catch (Throwable t) {
            crash = t;
            // After a fatal error the loop has dropped what it held; should completing still find no
            // heap, try once more rather than end the thread with the stage incomplete.
            try {
                ended.completeExceptionally(t);
            } catch (Throwable noHeap) {
                ended.completeExceptionally(t);
            }
        } finally {
            RUNNING.remove(this);
            started.countDown();
        }
    }

    /**
     * Returns the handles whose reactor thread is running (started, its loop not yet ended), oldest first: for a
     * test-hygiene check that a test left none behind. Thread-safe; a snapshot.
     */
    public static List<ReactorThread> running() {
        return RUNNING.stream()
                .sorted(Comparator.comparingInt((ReactorThread rt) -> rt.number))
                .toList();
    }

    /** Returns the thread that called {@code start}, to tell which test (or tool) started this reactor. */
    public Thread startedBy() {
        return startedBy;
    }

    /** Returns the thread that runs the reactor ({@code weft-reactor-N}): to join it, or see where it is blocked. */
    public Thread thread() {
        return thread;
    }

    /**
     * Returns a stage that completes when the reactor thread ends: normally after {@code stop()}, or
     * exceptionally with what ended the loop (an {@link OutOfMemoryError} on the reactor thread, say). A program waiting for something only the reactor can do should
     * also watch this. Its callbacks run on the reactor thread as it ends, or at once if it has ended.
     */
    public CompletionStage<Void> ended() {
        return ended.minimalCompletionStage();
    }

    /**
     * Returns the reactor; reach it from other threads only through {@link #call}, {@link #await} or {@link
     * NioReactor#callFromThread}.
     */
    public NioReactor reactor() {
        return reactor;
    }

    /** Runs {@code call} on the reactor thread and returns its result ({@link Threads#blockingCall}). */
    public <T> T call(Callable<T> call) {
        return Threads.blockingCall(reactor, call);
    }

    /** Runs {@code action} on the reactor thread and waits for it to finish; rethrows what it throws. */
    public void execute(Runnable action) {
        Objects.requireNonNull(action, "action");
        Threads.blockingCall(reactor, () -> {
            action.run();
            return null;
        });
    }

    /** Runs {@code call} on the reactor thread and waits for its Deferred ({@link Threads#blockingCallFromThread}). */
    public <T> T await(Supplier<? extends Deferred<T>> call) {
        return Threads.blockingCallFromThread(reactor, call);
    }

    /**
     * Like {@link #call(Callable)}, but gives up after {@code timeout}: {@link
     * Threads#blockingCall(IReactorThreads, Duration, Callable)}.
     */
    public <T> T call(Duration timeout, Callable<T> call) {
        return Threads.blockingCall(reactor, timeout, call);
    }

    /** Like {@link #execute(Runnable)}, but gives up after {@code timeout}. */
    public void execute(Duration timeout, Runnable action) {
        Objects.requireNonNull(action, "action");
        Threads.blockingCall(reactor, timeout, () -> {
            action.run();
            return null;
        });
    }

    /** Like {@link #await(Supplier)}, but gives up after {@code timeout}; the Deferred stays pending. */
    public <T> T await(Duration timeout, Supplier<? extends Deferred<T>> call) {
        return Threads.blockingCallFromThread(reactor, timeout, call);
    }

    /**
     * Stops the reactor (if still running), waits up to 60 seconds for its thread, then briefly for its
     * pool's idle threads, to end.
     * @throws IllegalStateException on the reactor thread, if the thread does not end in time, or if the
     * reactor's run ended with an exception (its cause)
     */
    @Override
    public void close() {
        if (Thread.currentThread() == thread) {
            throw new IllegalStateException("close() on the reactor thread would wait for itself; call reactor.stop()");
        }
        reactor.callFromThread(() -> {
            if (reactor.isRunning()) {
                try {
                    reactor.stop();
                } catch (IllegalStateException alreadyStopping) {
                    // stop() was called already
                }
            }
        });
        try {
            thread.join(STOP_TIMEOUT.toMillis());
            if (thread.isAlive()) {
                throw new IllegalStateException("the reactor thread did not stop within " + STOP_TIMEOUT);
            }
            reactor.awaitThreadPoolTermination(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the reactor", e);
        }
        Throwable t = crash;
        if (t != null) {
            throw new IllegalStateException("the reactor thread failed", t);
        }
    }

    @Override
    public String toString() {
        return "ReactorThread[" + thread.getName() + ", " + reactor + "]";
    }
}
