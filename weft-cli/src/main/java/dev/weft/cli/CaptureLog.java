package dev.weft.cli;

import dev.weft.internet.testing.capture.CaptureRecord;
import dev.weft.internet.testing.capture.CaptureWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Writes {@code tap}'s capture file on a thread of its own, in the order records are handed to it,
 * flushing whenever it catches up, so the file on disk trails the proxy by little and a reader of a
 * live capture sees at worst a truncated last record. The file is written as {@code FILE.part} and
 * renamed to {@code FILE} when the tap stops, so an existing capture is never destroyed before a new
 * one is complete (and never without {@code --force}). A write failure (a full disk) is reported at
 * once through a callback; forwarding goes on, and records that could not be written are counted. Times are microseconds since the log was
 * opened, from {@link System#nanoTime()}, so they never go backwards. {@link #none()} is the log of a tap without
 * {@code --record}: it keeps the clock and writes nothing.
 *
 * <p>{@link #micros()} and {@link #record} are called on the reactor thread; {@link #close()} on
 * the command's thread.
 */
final class CaptureLog {
    private final @Nullable Path path;
    private final @Nullable CaptureWriter writer;
    private final long startNanos;
    private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private final ExecutorService thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, queue, r -> {
        Thread t = new Thread(r, "weft-capture");
        t.setDaemon(true);
        return t;
    });
    private volatile @Nullable IOException failure;
    private volatile long records;

    private final @Nullable Path partial;
    private final boolean replace;
    private final Consumer<IOException> onFailure;
    private volatile long dropped;

    private CaptureLog(
            @Nullable Path path,
            @Nullable Path partial,
            boolean replace,
            @Nullable CaptureWriter writer,
            long startNanos,
            Consumer<IOException> onFailure) {
        this.path = path;
        this.partial = partial;
        this.replace = replace;
        this.writer = writer;
        this.startNanos = startNanos;
        this.onFailure = onFailure;
    }

    /** Returns where a capture is written while the tap runs: {@code FILE.part}, beside FILE. */
    static Path partialPath(Path path) {
        return FileNames.withSuffix(path, ".part");
    }

    /**
     * Checks that the capture may be written: refuses an existing {@code path} (or a left-over {@code
     * FILE.part}) unless {@code replace}. Nothing is created or deleted.
     *
     * @throws CliFailure (runtime) naming the file and the fix
     */
    static void check(Path path, boolean replace) {
        if (path.getFileName() == null) {
            throw CliFailure.usage("--record needs a file path, not '" + FileNames.show(path) + "'");
        }
        if (Files.isDirectory(path)) {
            throw CliFailure.runtime(
                    "cannot write --record " + FileNames.show(path) + ": it is a directory; give a file path");
        }
        if (!replace && Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            throw CliFailure.runtime(
                    "--record " + FileNames.show(path) + " exists; choose another path, or add --force to replace"
                            + " it (it is replaced only once the new capture is complete)");
        }
        Path partial = partialPath(path);
        if (!replace && Files.exists(partial, LinkOption.NOFOLLOW_LINKS)) {
            throw CliFailure.runtime(
                    FileNames.show(partial) + " exists (left by a tap that was killed?); look at it with weft dump,"
                            + " then remove it, or add --force to replace it");
        }
    }

    /**
     * Creates {@code FILE.part} and writes the capture's header; {@link #close()} renames it to
     * {@code path}. An existing {@code path} is never touched before then.
     *
     * @param onFailure runs once, on the writer thread, when writing first fails
     * @throws CliFailure (runtime) naming the file and the fix if it cannot be written
     */
    static CaptureLog open(Path path, boolean replace, Consumer<IOException> onFailure) {
        check(path, replace);
        Path partial = partialPath(path);
        long startNanos = System.nanoTime();
        Instant now = Instant.now();
        long epochMicros = ChronoUnit.MICROS.between(Instant.EPOCH, now);
        OutputStream out;
        try {
            out = Files.newOutputStream(partial);
        } catch (NoSuchFileException e) {
            throw CliFailure.runtime(
                    "cannot write --record " + path + ": its directory does not exist; create it or"
                            + " choose another path",
                    e);
        } catch (AccessDeniedException e) {
            throw CliFailure.runtime(
                    "cannot write --record " + path + ": permission denied; choose a path you can write to", e);
        } catch (IOException e) {
            throw CliFailure.runtime(
                    "cannot write --record " + path + ": " + Problems.io(e) + "; choose a path you can write to", e);
        }
        try {
            return new CaptureLog(path, partial, replace, new CaptureWriter(out, epochMicros), startNanos, onFailure);
        } catch (IOException e) {
            throw CliFailure.runtime("cannot write --record " + path + ": " + Problems.io(e), e);
        }
    }

    /** Returns a log that writes no file and counts no records: {@code tap} without {@code --record}. */
    static CaptureLog none() {
        return new CaptureLog(null, null, false, null, System.nanoTime(), e -> {});
    }

    /** Closes and removes the partial file of a capture that never started (the listen failed). */
    void discard() throws InterruptedException {
        close(false);
        if (partial == null) {
            return;
        }
        try {
            Files.deleteIfExists(partial);
        } catch (IOException e) {
            // nothing was recorded; a left-over empty .part is reported by the next run
        }
    }

    /** Returns the time since the capture started, in microseconds. */
    long micros() {
        return (System.nanoTime() - startNanos) / 1000;
    }

    /** Queues a record for the file; does nothing without one ({@link #none()}). */
    void record(CaptureRecord record) {
        CaptureWriter writer = this.writer;
        if (writer == null) {
            return;
        }
        thread.execute(() -> {
            if (failure != null) {
                dropped++;
                return;
            }
            try {
                writer.write(record);
                if (queue.isEmpty()) {
                    writer.flush();
                }
                records++;
            } catch (IOException e) {
                // The record (and whatever was buffered with it) may not be on disk: count it as lost.
                failure = e;
                dropped++;
                onFailure.accept(e);
            }
        });
    }

    /**
     * Writes everything queued, closes the file, renames it from {@code FILE.part} to {@code FILE},
     * and returns the first write failure, if any.
     */
    @Nullable
    IOException close() throws InterruptedException {
        return close(true);
    }

    private @Nullable IOException close(boolean rename) throws InterruptedException {
        CaptureWriter writer = this.writer;
        Path path = this.path;
        Path partial = this.partial;
        if (writer == null || path == null || partial == null) {
            thread.shutdown();
            return null; // nothing was written: none()
        }
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
        if (rename) {
            try {
                if (!replace && Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                    throw new FileAlreadyExistsException(
                            FileNames.show(path),
                            null,
                            "it appeared while the tap ran; the capture stays in " + FileNames.show(partial));
                }
                Files.move(partial, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                return failure != null ? failure : e;
            }
        }
        return failure;
    }

    /** Returns how many records could not be written (after the first failure, every later one). */
    long dropped() {
        return dropped;
    }

    /** Returns the capture's path, or null for {@link #none()}. */
    @Nullable
    Path path() {
        return path;
    }

    long records() {
        return records;
    }
}
