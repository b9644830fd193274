package dev.weft.cli;

import dev.weft.internet.testing.capture.CaptureRecord;
import dev.weft.internet.testing.capture.CaptureWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Writes {@code tap}'s capture file on a thread of its own, in the order records are handed to it,
 * flushing whenever it catches up, so the file on disk trails the proxy by little and a reader of a
 * live capture sees at worst a truncated last record. Times are microseconds since the log was
 * opened, from {@link System#nanoTime()}, so they never go backwards.
 *
 * <p>{@link #micros()} and {@link #record} are called on the reactor thread; {@link #close()} on
 * the command's thread.
 */
final class CaptureLog {
    private final Path path;
    private final CaptureWriter writer;
    private final long startNanos;
    private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private final ExecutorService thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, queue, r -> {
        Thread t = new Thread(r, "weft-capture");
        t.setDaemon(true);
        return t;
    });
    private volatile @Nullable IOException failure;
    private volatile long records;

    private CaptureLog(Path path, CaptureWriter writer, long startNanos) {
        this.path = path;
        this.writer = writer;
        this.startNanos = startNanos;
    }

    /**
     * Creates (or truncates) the capture file and writes its header.
     *
     * @throws CliFailure (runtime) naming the file and the fix if it cannot be written
     */
    static CaptureLog open(Path path) {
        long startNanos = System.nanoTime();
        Instant now = Instant.now();
        long epochMicros = ChronoUnit.MICROS.between(Instant.EPOCH, now);
        OutputStream out;
        try {
            out = Files.newOutputStream(path);
        } catch (NoSuchFileException e) {
            throw CliFailure.runtime(
                    "cannot write --record " + path + ": its directory does not exist; create it or"
                            + " choose another path",
                    e);
        } catch (AccessDeniedException e) {
            throw CliFailure.runtime(
                    "cannot write --record " + path + ": permission denied; choose a path you can" + " write to", e);
        } catch (IOException e) {
            throw CliFailure.runtime(
                    "cannot write --record " + path + ": " + Problems.io(e) + "; choose a path you can write to", e);
        }
        try {
            return new CaptureLog(path, new CaptureWriter(out, epochMicros), startNanos);
        } catch (IOException e) {
            throw CliFailure.runtime("cannot write --record " + path + ": " + Problems.io(e), e);
        }
    }

    /** Returns the time since the capture started, in microseconds. */
    long micros() {
        return (System.nanoTime() - startNanos) / 1000;
    }

    /** Queues a record for the file. */
    void record(CaptureRecord record) {
        thread.execute(() -> {
            if (failure != null) {
                return;
            }
            try {
                writer.write(record);
                records++;
                if (queue.isEmpty()) {
                    writer.flush();
                }
            } catch (IOException e) {
                failure = e;
            }
        });
    }

    /** Writes everything queued, closes the file, and returns the first write failure, if any. */
    @Nullable
    IOException close() throws InterruptedException {
        thread.execute(() -> {
            try {
                writer.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                }
            }
        });
        thread.shutdown();
        if (!thread.awaitTermination(1, TimeUnit.MINUTES)) {
            return new IOException("the capture was not written within a minute");
        }
        return failure;
    }

    Path path() {
        return path;
    }

    long records() {
        return records;
    }
}
