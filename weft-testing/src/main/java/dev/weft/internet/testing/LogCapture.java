package dev.weft.internet.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Records what weft logs under one logger name while it is open, so a test can check that a fault was reported (weft
 * logs through {@link System.Logger}, which the JDK routes to {@code java.util.logging} when no other backend is
 * installed). Records are kept instead of printed.
 *
 * <pre>{@code
 * try (LogCapture log = new LogCapture("dev.weft.internet.nio")) {
 *     ... // a callback throws
 *     assertThat(log.thrown(IllegalStateException.class)).hasSize(1);
 * }
 * }</pre>
 *
 * <p>Thread-safe: records may arrive from any thread.
 */
public final class LogCapture extends Handler implements AutoCloseable {
    private final Logger logger;
    private final boolean useParents;
    private final List<LogRecord> records = new ArrayList<>();

    /**
     * Starts recording what is logged under {@code loggerName} and the names below it, e.g. {@code
     * "dev.weft.internet.nio"} (the reactor) or {@code "dev.weft.defer.Deferred"} (unhandled errors in Deferreds).
     */
    public LogCapture(String loggerName) {
        logger = Logger.getLogger(loggerName);
        useParents = logger.getUseParentHandlers();
        logger.setUseParentHandlers(false);
        logger.addHandler(this);
    }

    /** Keeps a record. */
    @Override
    public synchronized void publish(LogRecord record) {
        records.add(record);
    }

    /** {@return a copy of every record kept so far, oldest first} */
    public synchronized List<LogRecord> records() {
        return new ArrayList<>(records);
    }

    /** {@return the exceptions logged so far that are instances of {@code type}, oldest first} */
    public synchronized List<Throwable> thrown(Class<? extends Throwable> type) {
        List<Throwable> found = new ArrayList<>();
        for (LogRecord r : records) {
            Throwable t = r.getThrown();
            if (type.isInstance(t)) {
                found.add(t);
            }
        }
        return found;
    }

    /** Does nothing: records are kept in memory. */
    @Override
    public void flush() {}

    /** Stops recording and lets the logger print through its parents again. */
    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setUseParentHandlers(useParents);
    }
}
