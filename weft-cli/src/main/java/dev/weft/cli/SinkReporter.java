package dev.weft.cli;

import dev.weft.internet.IAddress;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

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
    // The fields below are confined to the reporter thread.
    private final Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
    private int reported;
    private long totalBytes;
    private int unsaved;
    private boolean statusShown;

    /**
     * @param saving whether connections stream to {@code --out} files, which the reporter renames into
     *     place before it prints their lines
     * @param expect the number of connections after which {@link #expected()} completes, or 0
     */
    SinkReporter(CliContext context, boolean json, boolean saving, int expect) {
        this.context = context;
        this.json = json;
        this.saving = saving;
        this.expect = expect;
    }

    void listening(IAddress address) {
        String server = Addresses.serverEndpoint(address);
        String client = Addresses.clientEndpoint(address);
        String line = json
                ? new Json()
                        .put("event", "listening")
                        .put("endpoint", server)
                        .put("connect", client)
                        .toString()
                : "listening on " + server + " (connect with " + client + ")";
        thread.execute(() -> context.out.println(line));
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
            print(json ? summaryJson(runNanos) : summaryLine(runNanos));
            flush();
            context.out.flush();
        });
        thread.shutdown();
        if (!thread.awaitTermination(1, TimeUnit.MINUTES)) {
            throw CliFailure.runtime("could not finish writing the report within a minute");
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
        Json json = new Json()
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

    private void flush() {
        if (batch.length() > 0) {
            clearStatus();
            context.out.print(batch);
            context.out.flush();
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
