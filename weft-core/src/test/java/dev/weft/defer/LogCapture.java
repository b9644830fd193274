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
 * java.util.logging when no other backend is installed. Thread-safe (the Cleaner logs from its own
 * thread).
 */
final class LogCapture extends Handler implements AutoCloseable {
    private final Logger logger = Logger.getLogger(Deferred.class.getName());
    private final boolean useParents;
    private final List<LogRecord> records = new ArrayList<>();
    private final Predicate<LogRecord> awaited;
    private final CountDownLatch matched = new CountDownLatch(1);

    LogCapture() {
        this(r -> false);
    }

    LogCapture(Predicate<LogRecord> awaited) {
        this.awaited = awaited;
        useParents = logger.getUseParentHandlers();
        logger.setUseParentHandlers(false);
        logger.addHandler(this);
    }

    @Override
    public synchronized void publish(LogRecord record) {
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
