package dev.weft.internet.nio;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures what the reactor logs (System.Logger routes to java.util.logging by default), so tests can
 * check that an exception was logged. Thread-safe.
 */
final class LogCapture extends Handler implements AutoCloseable {
    private final Logger logger = Logger.getLogger("dev.weft.internet.nio");
    private final List<LogRecord> records = new ArrayList<>();

    LogCapture() {
        logger.addHandler(this);
    }

    @Override
    public synchronized void publish(LogRecord record) {
        records.add(record);
    }

    /** Returns the exceptions logged so far with a throwable of {@code type}. */
    synchronized List<Throwable> thrown(Class<? extends Throwable> type) {
        List<Throwable> found = new ArrayList<>();
        for (LogRecord r : records) {
            if (type.isInstance(r.getThrown())) {
                found.add(r.getThrown());
            }
        }
        return found;
    }

    /** Returns every record captured so far. */
    synchronized List<LogRecord> records() {
        return new ArrayList<>(records);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
