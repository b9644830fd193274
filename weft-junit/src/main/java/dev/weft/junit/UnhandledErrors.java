package dev.weft.junit;

import dev.weft.defer.Deferred;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Catches "Unhandled error in Deferred" reports during one test. A Deferred reports when the garbage collector finds it
 * unreachable, on a cleaner thread; to collect a test's reports, {@link #stop()} drops a failed Deferred of its own,
 * collects garbage until that sentinel's report arrives, then waits until the cleaner threads are idle, by when the
 * test's own unreachable Deferreds have reported too (as Twisted's trial collects garbage after each test). A Deferred
 * the test still reaches from a static field is not reported.
 *
 * <p>Works with the JDK's default {@link System.Logger} backend ({@code java.util.logging}). Used from the test thread;
 * the handler is thread-safe.
 */
final class UnhandledErrors extends Handler {
    private static final String LOGGER = Deferred.class.getName();
    private static final long SENTINEL_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final String sentinel = "weft-junit sentinel " + UUID.randomUUID();
    private final List<String> reports = new ArrayList<>();
    private final java.util.Set<String> seen = new java.util.HashSet<>();
    private final Logger logger = Logger.getLogger(LOGGER);

    void start() {
        logger.addHandler(this);
    }

    /**
     * Collects garbage until the sentinel reports and the cleaner threads are idle again (the cleaner takes reports
     * from a last-in-first-out queue, so the sentinel alone is no barrier), stops listening, and returns the test's
     * reports.
     */
    List<String> stop() throws InterruptedException {
        String token = sentinel + " barrier";
        dropSentinel(token);
        long deadline = System.nanoTime() + SENTINEL_WAIT_NANOS;
        synchronized (this) {
            while (!seen.contains(token) && System.nanoTime() < deadline) {
                System.gc();
                wait(20);
            }
            while (!cleanersIdle() && System.nanoTime() < deadline) {
                wait(1);
            }
        }
        logger.removeHandler(this);
        synchronized (this) {
            return List.copyOf(reports);
        }
    }

    /** Tells whether every {@code Cleaner-N} thread waits on its empty queue, reporting nothing. */
    private static boolean cleanersIdle() {
        for (Map.Entry<Thread, StackTraceElement[]> e :
                Thread.getAllStackTraces().entrySet()) {
            if (!e.getKey().getName().startsWith("Cleaner-")) {
                continue;
            }
            Thread.State state = e.getKey().getState();
            StackTraceElement[] stack = e.getValue();
            boolean waitingOnQueue = (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING)
                    && Arrays.stream(stack).anyMatch(f -> f.getClassName().equals("java.lang.ref.ReferenceQueue"))
                    && Arrays.stream(stack)
                            .noneMatch(f -> f.getClassName().startsWith("java.util.logging")
                                    || f.getClassName().startsWith("dev.weft"));
            if (!waitingOnQueue) {
                return false;
            }
        }
        return true;
    }

    private static void dropSentinel(String token) {
        Deferred<Void> d = new Deferred<>();
        d.errback(new IllegalStateException(token));
    }

    @Override
    public synchronized void publish(LogRecord record) {
        String message = String.valueOf(record.getMessage());
        if (!message.startsWith("Unhandled error in Deferred")) {
            return;
        }
        int at = message.indexOf(sentinel);
        if (at >= 0) {
            seen.add(message.substring(at).lines().findFirst().orElse(""));
            notifyAll();
        } else if (!message.contains("weft-junit sentinel")) {
            reports.add(message);
        }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
}
