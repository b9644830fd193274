package dev.weft.cli;

import dev.weft.internet.IAddress;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.endpoints.IStreamClientEndpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs {@code weft tap}: a forwarding proxy that records every connection into a capture file. */
@Command(
        name = "tap",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        usageHelpWidth = 100,
        header = "Forward connections and record both directions to a capture file.",
        description = {
            "Forwards every connection made to --listen to --to, both ways, and records both directions, with timestamps, half-closes and close reasons, in a capture file (format: weft-cli/CAPTURE-FORMAT.md; read it with weft dump FILE). Prints one line per connection when it ends. Ctrl-C (SIGINT) or SIGTERM stops listening, aborts open connections (recorded as interrupted), prints a summary and exits 0.",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  weft tap --listen tcp:9001 --to tcp:host=127.0.0.1:port=9000 --record session.weftcap",
            "  weft tap --listen unix:/tmp/app.sock --to tcp:host=db.internal:port=5432 --record db.weftcap",
            "  weft dump session.weftcap",
        })
final class TapCommand implements Callable<Integer> {
    private final CliContext context;

    @Option(
            names = "--listen",
            required = true,
            paramLabel = "ENDPOINT",
            description = "Where clients connect, e.g. tcp:9001 (127.0.0.1 unless an interface is given).")
    String listen = "";

    @Option(
            names = "--to",
            required = true,
            paramLabel = "ENDPOINT",
            description = "The server to forward to, e.g. tcp:host=127.0.0.1:port=9000.")
    String to = "";

    @Option(
            names = "--record",
            required = true,
            paramLabel = "FILE",
            description = "The capture file to write (replaced if it exists).")
    Path record = Path.of("");

    @Option(
            names = "--expect",
            paramLabel = "N",
            description = "Exit with the summary after N connections have finished.")
    int expect;

    TapCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        if (expect < 0) {
            throw CliFailure.usage("--expect must be 1 or more, not " + expect);
        }
        long started = System.nanoTime();
        ExecutorService printer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "weft-tap-report");
            t.setDaemon(true);
            return t;
        });
        try (ReactorSession session = ReactorSession.start()) {
            IStreamClientEndpoint target = session.client("--to", to);
            session.server("--listen", listen);
            CaptureLog log = CaptureLog.open(record);
            CompletableFuture<Void> stop = new CompletableFuture<>();
            AtomicInteger finished = new AtomicInteger();
            Tap tap = new Tap(target, to, log, connection -> {
                String line = connection.line();
                printer.execute(() -> context.out.println(line));
                if (finished.incrementAndGet() == expect) {
                    stop.complete(null);
                }
            });
            IListeningPort port;
            try {
                port = session.listen("--listen", listen, tap.factory());
            } catch (CliFailure e) {
                log.close();
                java.nio.file.Files.deleteIfExists(record); // nothing was recorded: leave no empty capture behind
                throw e;
            }
            IAddress host = session.call(port::getHost);
            printer.execute(() -> context.out.println("listening on " + Addresses.serverEndpoint(host)
                    + " (connect with " + Addresses.clientEndpoint(host) + "), forwarding to " + to
                    + ", recording to " + record));
            context.onListening.accept(host);
            context.interrupter.onInterrupt(() -> stop.complete(null));
            stop.join();
            session.await(() -> port.stopListening().addCallbackDeferring(ignored -> tap.interruptAll()));
            long fromClients = session.call(tap::fromClients);
            long fromServers = session.call(tap::fromServers);
            IOException failure = log.close();
            printer.execute(() -> context.out.println("summary: " + finished.get()
                    + (finished.get() == 1 ? " connection, " : " connections, ") + fromClients + " bytes c>s, "
                    + fromServers + " bytes s>c in " + Units.seconds(System.nanoTime() - started) + "; "
                    + log.records() + " records in " + log.path()));
            printer.shutdown();
            printer.awaitTermination(1, TimeUnit.MINUTES);
            if (failure != null) {
                throw CliFailure.runtime(
                        "the capture " + record + " is incomplete: " + Problems.io(failure)
                                + "; free some disk space or choose another --record path",
                        failure);
            }
            return 0;
        } finally {
            printer.shutdownNow();
        }
    }
}
