package dev.weft.internet.nio.internal;

import dev.weft.defer.Deferred;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The reactor's bounded pool of worker threads for {@code callInThread} and {@code deferToThread}: at most
 * {@code size} daemon threads named {@code weft-pool-<reactor>-<n>}, created on first use and ended after 10
 * idle seconds or at shutdown; further work waits in an unbounded queue. {@link #execute} and {@link
 * #shutdown} are confined to the reactor thread; the work runs on the pool's threads.
 */
public final class WorkerPool {
    /** The default number of threads: 10, Twisted's default {@code maxthreads}. */
    public static final int DEFAULT_SIZE = 10;

    private final int size;
    private final String name;
    private final Consumer<Runnable> toReactor;
    private final AtomicInteger threadCount = new AtomicInteger();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private volatile @Nullable ThreadPoolExecutor executor;
    private boolean shutdown;

    /**
     * Creates a pool of at most {@code size} (at least 1) threads, none started yet; {@code toReactor} is the
     * reactor's {@code callFromThread}.
     */
    public WorkerPool(int size, String name, Consumer<Runnable> toReactor) {
        if (size < 1) {
            throw new IllegalArgumentException("thread pool size must be at least 1, not " + size);
        }
        this.size = size;
        this.name = name;
        this.toReactor = toReactor;
    }

    /** Returns the most threads that run at once. */
    public int size() {
        return size;
    }

    /** Runs {@code work} on a pool thread; throws {@link RejectedExecutionException} once the pool is shut down. */
    public void execute(Runnable work) {
        if (shutdown) {
            throw new RejectedExecutionException("the reactor has stopped, so its thread pool takes no more work");
        }
        ThreadPoolExecutor pool = executor;
        if (pool == null) {
            pool = new ThreadPoolExecutor(size, size, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "weft-pool-" + name + "-" + threadCount.incrementAndGet());
                t.setDaemon(true);
                threads.removeIf(old -> !old.isAlive());
                threads.add(t);
                return t;
            });
            pool.allowCoreThreadTimeOut(true);
            executor = pool;
        }
        pool.execute(work);
    }

    /**
     * Runs {@code call} on a pool thread and fires its outcome into the Deferred on the reactor thread; fails
     * at once with {@link IllegalStateException} once the pool is shut down.
     */
    public <T> Deferred<T> deferToThread(Callable<T> call) {
        Deferred<T> result = new Deferred<>();
        try {
            execute(() -> {
                T value;
                try {
                    value = call.call();
                } catch (Throwable t) {
                    toReactor.accept(() -> result.errback(t));
                    return;
                }
                toReactor.accept(() -> result.callback(value));
            });
        } catch (RejectedExecutionException e) {
            result.errback(new IllegalStateException("the reactor is shutting down: " + e.getMessage(), e));
        }
        return result;
    }

    /** Takes no more work; queued work still runs, and idle threads end at once. */
    public void shutdown() {
        shutdown = true;
        ThreadPoolExecutor pool = executor;
        if (pool != null) {
            pool.shutdown();
        }
    }

    /** Waits for the pool's threads to end, for tests that check for leftover threads; true if all did. */
    public boolean awaitTermination(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        ThreadPoolExecutor pool = executor;
        if (pool != null && !pool.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS)) {
            return false;
        }
        // The executor counts as terminated a moment before its last threads have ended: join them.
        for (Thread t : threads.toArray(new Thread[0])) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return false;
            }
            t.join(left);
        }
        return threads.stream().noneMatch(Thread::isAlive);
    }
}
