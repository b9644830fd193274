package dev.weft.defer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures what weft's Deferred logs through {@link System.Logger}, which the JDK routes to
 * java.util.logging when no other backend is installed. By default only records logged on the
 * capturing thread are kept: the Cleaner thread reports other tests' garbage at any time. Thread-safe.
 *
 * <p>The modules above core use the kit's {@code dev.weft.internet.testing.LogCapture}; core's tests
 * cannot, since weft-testing depends on core, so this thread-filtering variant stays here.
 */
final class LogCapture extends Handler implements AutoCloseable {
    private final Logger logger = Logger.getLogger(Deferred.class.getName());
    private final boolean useParents;
    private final List<LogRecord> records = new ArrayList<>();
    private final Predicate<LogRecord> awaited;
    private final CountDownLatch matched = new CountDownLatch(1);
    private final long threadId = Thread.currentThread().getId();
    private final boolean allThreads;

    /** Captures the records logged on the calling thread. */
    LogCapture() {
        this(r -> false, false);
    }

    /**
     * Captures records from every thread, and lets {@link #await} wait for one matching {@code awaited}.
     */
    LogCapture(Predicate<LogRecord> awaited) {
        this(awaited, true);
    }

    private LogCapture(Predicate<LogRecord> awaited, boolean allThreads) {
        this.awaited = awaited;
        this.allThreads = allThreads;
        useParents = logger.getUseParentHandlers();
        logger.setUseParentHandlers(false);
        logger.addHandler(this);
    }

    @Override
    public synchronized void publish(LogRecord record) {
        if (!allThreads && record.getLongThreadID() != threadId) {
            return;
        }
        records.add(record);
        if (awaited.test(record)) {
            matched.countDown();
        }
    }

    synchronized List<LogRecord> records() {
        return new ArrayList<>(records);
    }

    /** Waits up to {@code millis} for a record matching the predicate given at construction. */
    boolean await(long millis) throws InterruptedException {
        return matched.await(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setUseParentHandlers(useParents);
    }
}
