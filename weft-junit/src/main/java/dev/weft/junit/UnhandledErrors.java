package dev.weft.junit;

import dev.weft.defer.Deferred;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Filter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Catches "Unhandled error in Deferred" reports during one test. A Deferred reports when the garbage collector finds it
 * unreachable, on a cleaner thread; to collect a test's reports, {@link #stop()} drops a failed Deferred of its own,
 * collects garbage until that sentinel's report arrives, then waits until the cleaner threads are idle, by when the
 * test's own unreachable Deferreds have reported too (as Twisted's trial collects garbage after each test). A Deferred
 * the test still reaches from a static field is not reported.
 *
 * <p>{@link #start()} runs the same barrier before it starts counting, so that what an earlier test (or any code run
 * before) dropped is reported then and handed back as not this test's. The kit records neither when a Deferred was
 * created nor when it failed, so the line is drawn by reachability: a failed Deferred that was still reachable when
 * the test started (held by a reactor, clock or thread an earlier test left running, or by a static field) and is
 * dropped during the test is counted as this test's.
 *
 * <p>Works with the JDK's default {@link System.Logger} backend ({@code java.util.logging}). Used from the test thread;
 * the handler is thread-safe.
 *
 * <p>The sentinel's own report never reaches a handler, the console's included: a {@link Filter} on the Deferred
 * logger ({@link HideSentinels}, installed once and chained to any filter already there) takes it out and hands it to
 * the barriers waiting for it. Every other report goes on as before, to this handler and the console.
 */
final class UnhandledErrors extends Handler {
    private static final String LOGGER = Deferred.class.getName();
    private static final String SENTINEL = "weft-junit sentinel";
    private static final String REPORT = "Unhandled error in Deferred";
    private static final long SENTINEL_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** Held here: java.util.logging keeps its loggers weakly, and with a logger its filter would go. */
    private static final Logger DEFERRED_LOGGER = Logger.getLogger(LOGGER);
    /** The instances between {@link #start()} and {@link #stop()}: the barriers the filter tells. */
    private static final Set<UnhandledErrors> LISTENING = ConcurrentHashMap.newKeySet();

    private final String sentinel = SENTINEL + " " + UUID.randomUUID();
    private final List<String> reports = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();
    private final Logger logger = DEFERRED_LOGGER;

    /**
     * Starts listening, after a barrier that collects what was dropped before: returns those reports, which are not
     * the test's and are not counted by {@link #stop()}.
     */
    List<String> start() {
        hideSentinels();
        LISTENING.add(this);
        logger.addHandler(this);
        try {
            barrier("before");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // what came in so far is still set apart
        }
        synchronized (this) {
            List<String> before = List.copyOf(reports);
            reports.clear();
            return before;
        }
    }

    /** Installs {@link HideSentinels} on the Deferred logger unless it is there, keeping the filter it had. */
    private static synchronized void hideSentinels() {
        Filter current = DEFERRED_LOGGER.getFilter();
        if (!(current instanceof HideSentinels)) {
            DEFERRED_LOGGER.setFilter(new HideSentinels(current));
        }
    }

    /**
     * Takes the sentinels' reports out of the Deferred logger before any handler sees them, so that the console
     * does not print them, and tells the listening barriers; passes every other record to the filter it replaced.
     */
    private static final class HideSentinels implements Filter {
        private final @Nullable Filter next;

        HideSentinels(@Nullable Filter next) {
            this.next = next;
        }

        @Override
        public boolean isLoggable(LogRecord record) {
            String message = String.valueOf(record.getMessage());
            if (message.startsWith(REPORT) && message.contains(SENTINEL)) {
                for (UnhandledErrors u : LISTENING) {
                    u.sentinelReported(message);
                }
                return false;
            }
            return next == null || next.isLoggable(record);
        }
    }

    /**
     * Collects garbage until the sentinel reports and the cleaner threads are idle again (the cleaner takes reports
     * from a last-in-first-out queue, so the sentinel alone is no barrier), stops listening, and returns the test's
     * reports.
     */
    List<String> stop() throws InterruptedException {
        barrier("after");
        logger.removeHandler(this);
        LISTENING.remove(this);
        synchronized (this) {
            return List.copyOf(reports);
        }
    }

    /**
     * Drops a sentinel named {@code name}, collects garbage until it reports, then waits for the cleaner threads to be
     * idle; gives up after {@link #SENTINEL_WAIT_NANOS}.
     */
    private void barrier(String name) throws InterruptedException {
        String token = sentinel + " " + name;
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
    }

    /** Stops listening without waiting for late reports, for a test that never ran. */
    void detach() {
        logger.removeHandler(this);
        LISTENING.remove(this);
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

    /** Notes a sentinel's report if it is one of this instance's. */
    private synchronized void sentinelReported(String message) {
        int at = message.indexOf(sentinel);
        if (at >= 0) {
            seen.add(message.substring(at).lines().findFirst().orElse(""));
            notifyAll();
        }
    }

    /** Keeps a test's report; a sentinel's comes here only if someone replaced the filter meanwhile. */
    @Override
    public synchronized void publish(LogRecord record) {
        String message = String.valueOf(record.getMessage());
        if (!message.startsWith(REPORT)) {
            return;
        }
        if (message.contains(SENTINEL)) {
            sentinelReported(message);
        } else {
            reports.add(message);
        }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
}
