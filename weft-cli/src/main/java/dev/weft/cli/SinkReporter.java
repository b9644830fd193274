package dev.weft.cli;

import dev.weft.internal.json.JsonObject;
import dev.weft.internet.Addresses;
import dev.weft.internet.IAddress;
import java.io.PrintStream;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * Writes everything {@code sink} prints, and its {@code --out} files, on a thread of its own, so the
 * reactor never waits for a terminal, a pipe or a disk. Report lines come out in the order
 * connections closed; a connection's line is printed after its file is complete. Closed connections
 * are handed over in batches: the first to close wakes the reporter {@value #BATCH_MILLIS} ms later,
 * and it then reports all that closed meanwhile in one write: one wake-up and one write per batch
 * instead of per connection (weft-bench's README has the figures).
 *
 * <p>{@link #closed} and {@link #status} are called on the reactor thread, {@link #listening} and
 * {@link #finish} on the command's thread; everything they print is printed by the reporter thread.
 */
final class SinkReporter {
    private final CliContext context;
    private final boolean json;
    private final boolean saving;
    private final int expect;
    /** How long the report of a closed connection may wait for others to be printed with: 10 ms. */
    static final long BATCH_MILLIS = 10;

    private final ScheduledThreadPoolExecutor thread = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "weft-sink-report");
        t.setDaemon(true);
        return t;
    });
    /** The reports of closed connections not yet run, in the order they closed (see {@link #closed}). */
    private final ConcurrentLinkedQueue<Runnable> closedReports = new ConcurrentLinkedQueue<>();
    /** Whether a run of {@link #closedReports} is scheduled and has not started taking them yet. */
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    /** Report lines not yet written: each task of the reporter thread writes them in one go at its end. */
    private final StringBuilder batch = new StringBuilder();

    private final CompletableFuture<Void> expected = new CompletableFuture<>();
    private final CompletableFuture<Void> outputFailed = new CompletableFuture<>();
    /** Where report lines go: standard output, or standard error when standard output carries the data. */
    private final PrintStream reports;

    private final @Nullable DataPrinter printer;
    private final boolean idleTimeout;
    private final boolean tls;
    // The fields below are confined to the reporter thread.
    private final Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
    private int reported;
    private long totalBytes;
    private int unsaved;
    private boolean statusShown;

    /** Makes a reporter without {@code --print}, {@code --hex}, {@code --idle-timeout} or TLS listeners. */
    SinkReporter(CliContext context, boolean json, boolean saving, int expect) {
        this(context, json, saving, expect, null, false, false);
    }

    /**
     * @param saving whether connections stream to {@code --out} files, which the reporter renames into
     *     place before it prints their lines
     * @param expect the number of connections after which {@link #expected()} completes, or 0
     * @param printer prints each connection's bytes on standard output as they arrive ({@code --print},
     *     {@code --hex}); report lines then go to standard error
     * @param idleTimeout whether {@code --idle-timeout} is set (the text summary then counts idle closes)
     * @param tls whether the sink listens with TLS (the text summary then counts the TLS peers that closed during
     *     the handshake, or without a close_notify after it)
     */
    SinkReporter(
            CliContext context,
            boolean json,
            boolean saving,
            int expect,
            @Nullable DataPrinter printer,
            boolean idleTimeout,
            boolean tls) {
        this.context = context;
        this.json = json;
        this.saving = saving;
        this.expect = expect;
        this.printer = printer;
        this.reports = printer == null ? context.out : context.err;
        this.idleTimeout = idleTimeout;
        this.tls = tls;
    }

    /** Queues bytes that just arrived on {@code p} for {@code --print}/{@code --hex}; reactor thread. */
    void data(SinkProtocol p, byte[] bytes, boolean several) {
        DataPrinter d = printer;
        if (d == null) {
            return;
        }
        String peer = Addresses.text(p.peer());
        int seq = p.seq();
        thread.execute(() -> {
            drainClosed();
            if (outputFailed.isDone()) {
                return;
            }
            flush();
            clearStatus();
            d.print(seq, peer, bytes, several);
            checkOutput();
        });
    }

    /**
     * Completes when standard output cannot be written any more (a closed pipe, a full disk): the
     * command then stops at once and exits 1, instead of running on with every line lost.
     */
    CompletableFuture<Void> outputFailed() {
        return outputFailed;
    }

    private void checkOutput() {
        if (context.out.checkError() || reports.checkError()) {
            outputFailed.complete(null);
        }
    }

    void listening(IAddress address) {
        listening(address, false, TlsListeners.make(false, java.util.List.of()));
    }

    /** Prints the listening line of {@code address}, a TLS one (ssl:, tls:, fingerprint) when {@code tls}. */
    void listening(IAddress address, boolean tls, TlsListeners listeners) {
        String server = TlsListeners.serverEndpoint(address, tls);
        String client = TlsListeners.clientEndpoint(address, tls);
        String line = json
                ? listeners
                        .addTo(
                                new JsonObject()
                                        .put("event", "listening")
                                        .put("endpoint", server)
                                        .put("connect", client),
                                tls)
                        .toString()
                : "listening on " + server + " (connect with " + client + ")";
        String fingerprint = listeners.fingerprintLine("weft sink", address, tls);
        thread.execute(() -> {
            if (fingerprint != null) {
                context.err.println(fingerprint);
                context.err.flush();
            }
            print(line);
            flush();
        });
    }

    /**
     * Queues the report of a connection that just closed; reactor thread. Nothing wakes the reporter
     * unless this is the first report since its last batch: that one schedules the batch.
     */
    void closed(SinkProtocol p) {
        // The report is built here, on the reporter thread: the reactor no longer touches p.
        closedReports.add(() -> {
            ConnectionReport r = p.report();
            if (saving) {
                r = p.finishFile(r);
                if (p.unsaved()) {
                    unsaved++;
                }
            }
            print(json ? r.json() : r.line());
            reported++;
            totalBytes += r.bytes();
            counts.merge(r.outcome(), 1, Integer::sum);
            if (expect > 0 && reported >= expect) {
                expected.complete(null);
            }
        });
        if (!drainScheduled.getAndSet(true)) {
            thread.schedule(
                    () -> {
                        drainClosed();
                        flush();
                    },
                    BATCH_MILLIS,
                    TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Runs the queued reports of closed connections; reporter thread. Every other task calls it first,
     * so that what it prints comes after the lines of the connections that closed before it was queued.
     */
    private void drainClosed() {
        // Cleared before taking: a report added after the last poll below then schedules a new batch.
        drainScheduled.set(false);
        for (Runnable report = closedReports.poll(); report != null; report = closedReports.poll()) {
            report.run();
        }
    }

    void status(String line) {
        thread.execute(() -> {
            drainClosed();
            flush();
            if (line.isEmpty()) {
                clearStatus();
            } else {
                context.err.print("\r\033[K" + line);
                context.err.flush();
                statusShown = true;
            }
        });
    }

    /** Completes once {@code --expect} connections have been reported; never without {@code --expect}. */
    CompletableFuture<Void> expected() {
        return expected;
    }

    /**
     * Prints the summary after everything queued, stops the thread, and returns the exit code: 0, or 1
     * if some connection's bytes could not be saved.
     */
    int finish(long runNanos) throws InterruptedException {
        thread.execute(() -> {
            drainClosed();
            if (!outputFailed.isDone()) {
                print(json ? summaryJson(runNanos) : summaryLine(runNanos));
            }
            flush();
            context.out.flush();
        });
        thread.shutdown();
        if (!thread.awaitTermination(1, TimeUnit.MINUTES)) {
            throw CliFailure.runtime("could not finish writing the report within a minute");
        }
        if (outputFailed.isDone()) {
            throw context.outputFailed(": stopped after " + Units.plural(reported, "connection"));
        }
        return unsaved > 0 ? CliFailure.RUNTIME : 0;
    }

    private String summaryLine(long runNanos) {
        StringBuilder line = new StringBuilder("summary: ")
                .append(Units.plural(reported, "connection"))
                .append(", ")
                .append(Units.bytes(totalBytes))
                .append(" in ")
                .append(Units.seconds(runNanos));
        String separator = ": ";
        for (Outcome outcome : Outcome.values()) {
            if (!counts.containsKey(outcome) && !shownWhenNone(outcome)) {
                continue;
            }
            line.append(separator)
                    .append(counts.getOrDefault(outcome, 0))
                    .append(' ')
                    .append(outcome.words);
            separator = ", ";
        }
        if (unsaved > 0) {
            line.append("; ").append(unsaved).append(" not saved");
        }
        return line.toString();
    }

    /** Tells whether the text summary counts {@code outcome} when no connection ended so: not where none can. */
    private boolean shownWhenNone(Outcome outcome) {
        return switch (outcome) {
            case IDLE -> idleTimeout;
            case HANDSHAKE_CLOSED, NO_CLOSE_NOTIFY -> tls;
            default -> true;
        };
    }

    private String summaryJson(long runNanos) {
        JsonObject json = new JsonObject()
                .put("event", "summary")
                .put("connections", reported)
                .put("bytes", totalBytes)
                .put("seconds", runNanos / 1e9);
        for (Outcome outcome : Outcome.values()) {
            json.put(outcome.key, counts.getOrDefault(outcome, 0));
        }
        return json.put("unsaved", unsaved).toString();
    }

    /** Adds a line to the batch, which the running task writes at its end ({@link #flush()}). */
    private void print(String line) {
        batch.append(line).append(System.lineSeparator());
    }

    /** Writes the batched report lines (on standard output, or standard error under --print). */
    private void flush() {
        if (batch.length() > 0) {
            if (!outputFailed.isDone()) {
                clearStatus();
                reports.print(batch);
                reports.flush();
                checkOutput();
            }
            batch.setLength(0);
        }
    }

    private void clearStatus() {
        if (statusShown) {
            context.err.print("\r\033[K");
            context.err.flush();
            statusShown = false;
        }
    }
}
