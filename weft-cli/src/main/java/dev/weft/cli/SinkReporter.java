package dev.weft.cli;

import dev.weft.internal.json.JsonObject;
import dev.weft.internet.Addresses;
import dev.weft.internet.IAddress;
import java.io.PrintStream;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Writes everything {@code sink} prints, and its {@code --out} files, on a thread of its own, so the
 * reactor never waits for a terminal, a pipe or a disk. Report lines come out in the order
 * connections closed, batched into one write while more are queued; a connection's line is printed
 * after its file is complete.
 *
 * <p>{@link #closed} and {@link #status} are called on the reactor thread, {@link #listening} and
 * {@link #finish} on the command's thread; everything they print is printed by the reporter thread.
 */
final class SinkReporter {
    private final CliContext context;
    private final boolean json;
    private final boolean saving;
    private final int expect;
    private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private final ThreadPoolExecutor thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, queue, r -> {
        Thread t = new Thread(r, "weft-sink-report");
        t.setDaemon(true);
        return t;
    });
    /** Report lines not yet written: written in one go once the queue is empty (see {@link #print}). */
    private final StringBuilder batch = new StringBuilder();

    private final CompletableFuture<Void> expected = new CompletableFuture<>();
    private final CompletableFuture<Void> outputFailed = new CompletableFuture<>();
    /** Where report lines go: standard output, or standard error when standard output carries the data. */
    private final PrintStream reports;

    private final @Nullable DataPrinter printer;
    private final boolean idleTimeout;
    // The fields below are confined to the reporter thread.
    private final Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
    private int reported;
    private long totalBytes;
    private int unsaved;
    private boolean statusShown;

    /** Makes a reporter without {@code --print}, {@code --hex} or {@code --idle-timeout}. */
    SinkReporter(CliContext context, boolean json, boolean saving, int expect) {
        this(context, json, saving, expect, null, false);
    }

    /**
     * @param saving whether connections stream to {@code --out} files, which the reporter renames into
     *     place before it prints their lines
     * @param expect the number of connections after which {@link #expected()} completes, or 0
     * @param printer prints each connection's bytes on standard output as they arrive ({@code --print},
     *     {@code --hex}); report lines then go to standard error
     * @param idleTimeout whether {@code --idle-timeout} is set (the text summary then counts idle closes)
     */
    SinkReporter(
            CliContext context,
            boolean json,
            boolean saving,
            int expect,
            @Nullable DataPrinter printer,
            boolean idleTimeout) {
        this.context = context;
        this.json = json;
        this.saving = saving;
        this.expect = expect;
        this.printer = printer;
        this.reports = printer == null ? context.out : context.err;
        this.idleTimeout = idleTimeout;
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
        });
    }

    void closed(SinkProtocol p) {
        ConnectionReport report = p.report();
        thread.execute(() -> {
            ConnectionReport r = report;
            if (saving) {
                r = p.finishFile(r);
                if (p.unsaved()) {
                    unsaved++;
                }
            }
            p.release();
            print(json ? r.json() : r.line());
            reported++;
            totalBytes += r.bytes();
            counts.merge(r.outcome(), 1, Integer::sum);
            if (expect > 0 && reported >= expect) {
                expected.complete(null);
            }
        });
    }

    void status(String line) {
        thread.execute(() -> {
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
            throw CliFailure.runtime("cannot write to standard output (a closed pipe or a full disk): stopped after "
                    + reported + (reported == 1 ? " connection" : " connections"));
        }
        return unsaved > 0 ? CliFailure.RUNTIME : 0;
    }

    private String summaryLine(long runNanos) {
        StringBuilder line = new StringBuilder("summary: ")
                .append(reported)
                .append(reported == 1 ? " connection, " : " connections, ")
                .append(totalBytes)
                .append(totalBytes == 1 ? " byte in " : " bytes in ")
                .append(Units.seconds(runNanos));
        String separator = ": ";
        for (Outcome outcome : Outcome.values()) {
            if (outcome == Outcome.IDLE && !idleTimeout && !counts.containsKey(outcome)) {
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

    /**
     * Adds a line to the batch and writes the batch once no more work is queued: one write for all the
     * connections that closed meanwhile instead of one per line (W3 of the sink benchmark closes
     * 20,000 connections in seconds), and never later than the queue runs dry.
     */
    private void print(String line) {
        batch.append(line).append(System.lineSeparator());
        if (queue.isEmpty()) {
            flush();
        }
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
