package dev.weft.cli;

import dev.weft.defer.Deferred;
import dev.weft.internal.json.JsonObject;
import dev.weft.internet.IAddress;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.endpoints.IStreamClientEndpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs {@code weft tap}: a forwarding proxy, with faults on demand, that records every connection into a capture
 * file when given {@code --record}.
 */
@Command(
        name = "tap",
        mixinStandardHelpOptions = true,
        versionProvider = WeftCommand.Version.class,
        usageHelpAutoWidth = true,
        usageHelpWidth = 100,
        header = "Forward connections, with faults if asked, and record both directions to a capture file.",
        description = {
            "Forwards every connection made to --listen to --to, both ways, through any --fault. With --record"
                    + " FILE it records both directions, with timestamps, half-closes and close reasons, in a capture"
                    + " file (format: weft-cli/CAPTURE-FORMAT.md; read it with weft dump FILE); without it nothing is"
                    + " written (a fault proxy). The capture is written as FILE.part"
                    + " and renamed to FILE when the tap stops; an existing FILE is refused unless --force. A server"
                    + " that refuses, resets, or has not accepted the connection (for a tls: --to, completed the TLS"
                    + " handshake) within --connect-timeout makes the tap reset the client; with --idle-timeout, a"
                    + " connection through which nothing passed for that long is reset both ways. Prints one line per"
                    + " connection when it ends. Ctrl-C (SIGINT) or SIGTERM stops listening, aborts open connections"
                    + " (recorded as interrupted), prints a summary and exits 0; with --expect N it exits 130 (SIGINT)"
                    + " or 143 (SIGTERM), as a killed process does, if fewer than N connections had finished.",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  weft tap --listen tcp:9001 --to tcp:host=127.0.0.1:port=9000 --record session.weftcap",
            "  weft tap --listen unix:/tmp/app.sock --to tcp:host=db.internal:port=5432 --record db.weftcap",
            "  weft dump session.weftcap",
            "  weft tap --listen tcp:9001 --to tcp:host=127.0.0.1:port=9000 --fault 'c>s:stall-after=20'",
            "                                      # a fault proxy: nothing is recorded",
            "  weft tap --listen ssl:9443 --self-signed --to tls:host=example.org:port=443 --record tls.weftcap",
            "                                      # terminate TLS on both legs and record the plaintext",
        })
final class TapCommand implements Callable<Integer> {
    private final CliContext context;

    @Option(
            names = "--listen",
            required = true,
            paramLabel = "ENDPOINT",
            description = "Where clients connect, e.g. tcp:9001 (127.0.0.1 unless an interface is given);"
                    + " repeat it to listen on several. A unix:PATH socket file is 0666 (any local user may connect),"
                    + " whatever the umask, unless mode= says otherwise, e.g. unix:/tmp/s.sock:mode=600.")
    List<String> listen = new ArrayList<>();

    @Option(
            names = "--to",
            required = true,
            paramLabel = "ENDPOINT",
            description = "The server to forward to, e.g. tcp:host=127.0.0.1:port=9000.")
    String to = "";

    @Option(
            names = "--connect-timeout",
            paramLabel = "DURATION",
            defaultValue = "10s",
            converter = SecondsConverter.class,
            description = "Give up on a server that has not accepted the connection after DURATION (default 10s); for"
                    + " a tls: --to, that has not completed the TLS handshake by then: the client is reset and the"
                    + " capture records a connect-failed close. Seconds, or a number with ms, s, m or h.")
    long connectTimeout;

    @Option(
            names = "--idle-timeout",
            paramLabel = "DURATION",
            converter = SecondsConverter.class,
            description = "Reset both legs of a connection through which no bytes have passed either way for"
                    + " DURATION, from the accept (a TLS handshake's bytes do not count, so a client that stalls in"
                    + " its handshake is cut too; bytes a --fault holds on their way do): the line says idle timeout"
                    + " and the capture records aborted closes naming it. Seconds, or a number with ms, s, m or h."
                    + " Default: none.")
    @org.jspecify.annotations.Nullable
    Long idleTimeout;

    @Option(
            names = "--record",
            paramLabel = "FILE",
            description = "The capture file to write (as FILE.part until the tap stops). Without it the tap"
                    + " forwards, applies --fault and reports each connection, and writes no capture.")
    @org.jspecify.annotations.Nullable
    String record;

    @Option(
            names = "--force",
            description = "Replace an existing --record FILE (once the new capture is complete); only with --record.")
    boolean force;

    @Option(
            names = "--expect",
            paramLabel = "N",
            description = "Exit with the summary after N connections have finished.")
    @org.jspecify.annotations.Nullable
    Integer expect;

    @Option(names = "--json", description = "Print one JSON object per line: listening, each connection, summary.")
    boolean json;

    @Option(
            names = "--fault",
            paramLabel = "SPEC",
            description = "A fault on every connection (repeatable): [c>s:|s>c:]latency=MS[~JITTER], bandwidth=BYTES/s,"
                    + " slice=MIN-MAX, close-after=N, reset-after=N, stall-after=N, half-close-after=N, slow-close=MS,"
                    + " or refuse (N, MIN, MAX and BYTES: bytes, with K, M, G or T for binary multiples, 1K = 1024,"
                    + " e.g. bandwidth=10K/s or close-after=1K; MS: milliseconds unless a unit is given, e.g. 200 or"
                    + " 1.5s; the other options' bare numbers are seconds). Without a prefix, both directions. The"
                    + " capture records what was delivered and each limit that acted. A sender a fault holds more"
                    + " than 1 MiB from is not read until less than 512 KiB is held. A stall holds the end of stream"
                    + " too: the client's ends the connection (the server leg is reset); the server's is kept from"
                    + " the client, and ends the connection once the client has ended its side, before or after.")
    java.util.List<String> faultSpecs = new java.util.ArrayList<>();

    @Option(
            names = "--seed",
            paramLabel = "N",
            defaultValue = "0",
            description = "The seed of everything random in --fault (connection k uses N+k-1).")
    long seed;

    @Option(
            names = "--self-signed",
            description = "Make a throwaway key and self-signed certificate at start (ECDSA P-256, for localhost,"
                    + " 127.0.0.1, ::1 and the listen interface) for the ssl: listeners, and print its SHA-256"
                    + " fingerprint on standard error.")
    boolean selfSigned;

    @Option(
            names = "--pin",
            paramLabel = "sha256:FINGERPRINT",
            description = "For a tls: --to, trust exactly the server certificate with this SHA-256 fingerprint"
                    + " instead of certificate authorities and the host name.")
    @org.jspecify.annotations.Nullable
    String pin;

    TapCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        int expect = this.expect == null ? 0 : this.expect;
        if (this.expect != null && expect < 1) {
            throw CliFailure.usage(
                    "--expect must be 1 or more, not " + expect + " (leave it out to run until stopped)");
        }
        String record = this.record;
        if (record != null && record.isEmpty()) {
            throw CliFailure.usage("--record needs a file path, not an empty string");
        }
        if (record == null && force) {
            throw CliFailure.usage("--force replaces an existing --record FILE: give --record FILE, or leave --force"
                    + " out (without --record nothing is written)");
        }
        Path recordPath = record == null ? null : FileNames.path(record);
        if (faultSpecs.stream().anyMatch(String::isBlank)) {
            throw CliFailure.usage("--fault needs a fault, not an empty string; e.g. --fault latency=50ms");
        }
        dev.weft.internet.testing.Faults faults;
        try {
            faults = dev.weft.internet.testing.Faults.parse(String.join(",", faultSpecs))
                    .withSeed(seed);
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage("--fault: " + e.getMessage(), e);
        }
        long started = System.nanoTime();
        ExecutorService printer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "weft-tap-report");
            t.setDaemon(true);
            return t;
        });
        CompletableFuture<Boolean> stop = new CompletableFuture<>(); // true: stopped by a signal
        CompletableFuture<Void> outputFailed = new CompletableFuture<>();
        try (ReactorSession session = ReactorSession.start()) {
            IStreamClientEndpoint target = session.client("--to", to, TlsPin.adjuster(pin, to));
            TlsListeners tls = TlsListeners.make(selfSigned, listen);
            for (String endpoint : listen) {
                session.server("--listen", endpoint, tls.identity());
            }
            CaptureLog log = recordPath == null ? CaptureLog.none() : open(recordPath, printer);
            AtomicInteger finished = new AtomicInteger();
            Tap tap = new Tap(target, to, log, connection -> {
                String line = json ? connection.json() : connection.line();
                printer.execute(() -> print(line, outputFailed));
                if (finished.incrementAndGet() == expect) {
                    stop.complete(false);
                }
            });
            session.call(() -> {
                tap.setFaults(faults, session.clock());
                tap.setConnectTimeout(connectTimeout, session.clock());
                if (idleTimeout != null) {
                    tap.setIdleTimeout(idleTimeout, session.clock());
                }
                return null;
            });
            List<IListeningPort> ports = new ArrayList<>();
            try {
                for (String endpoint : listen) {
                    IListeningPort port = session.listen("--listen", endpoint, tls.identity(), tap.factory());
                    ports.add(port);
                    IAddress host = session.call(port::getHost);
                    TapLoops.refuseSelfForwarding(host, to);
                    boolean ssl = TlsListeners.isTls(endpoint);
                    String line;
                    if (json) {
                        JsonObject listening = new JsonObject()
                                .put("event", "listening")
                                .put("endpoint", TlsListeners.serverEndpoint(host, ssl))
                                .put("connect", TlsListeners.clientEndpoint(host, ssl))
                                .put("to", to);
                        if (recordPath != null) {
                            listening.put("record", FileNames.show(recordPath));
                        }
                        line = tls.addTo(listening, ssl).toString();
                    } else {
                        line = "listening on " + TlsListeners.serverEndpoint(host, ssl) + " (connect with "
                                + TlsListeners.clientEndpoint(host, ssl) + "), forwarding to " + to
                                + (recordPath == null
                                        ? ""
                                        : ", recording to " + FileNames.show(CaptureLog.partialPath(recordPath))
                                                + " (renamed to " + FileNames.show(recordPath)
                                                + " when the tap stops)");
                    }
                    String fingerprint = tls.fingerprintLine("weft tap", host, ssl);
                    printer.execute(() -> {
                        if (fingerprint != null) {
                            context.err.println(fingerprint);
                            context.err.flush();
                        }
                        print(line, outputFailed);
                    });
                    context.onListening.accept(host);
                }
            } catch (CliFailure e) {
                log.discard(); // nothing was recorded; an existing capture was never touched
                throw e;
            }
            context.interrupter.onInterrupt(() -> stop.complete(true));
            outputFailed.thenRun(() -> stop.complete(false));
            session.ended()
                    .whenComplete((ignored, error) -> stop.completeExceptionally(
                            error != null ? error : new IllegalStateException("the reactor stopped")));
            Throwable reactorFailure = null;
            boolean bySignal = false;
            try {
                try {
                    // Not stop.join(): a reactor thread that dies out of heap may end without completing ended(),
                    // and the tap would wait for ever; the session's join also watches the thread.
                    bySignal = session.join(stop);
                } catch (IllegalStateException | Error e) {
                    throw new CompletionException(e);
                }
                session.await(() -> {
                    Deferred<Void> stopped = Deferred.succeed(null);
                    for (IListeningPort port : ports) {
                        stopped = stopped.addCallbackDeferring(ignored -> port.stopListening());
                    }
                    return stopped.addCallbackDeferring(ignored -> tap.interruptAll());
                });
            } catch (CompletionException e) {
                reactorFailure = e.getCause() == null ? e : e.getCause();
                if (reactorFailure instanceof OutOfMemoryError) {
                    OutOfMemory.release(); // the heap to close the capture and print the summary and the line
                }
            }
            long fromClients = reactorFailure == null ? session.call(tap::fromClients) : 0;
            long fromServers = reactorFailure == null ? session.call(tap::fromServers) : 0;
            IOException failure = log.close();
            long seconds = System.nanoTime() - started;
            String summary;
            if (json) {
                JsonObject object = new JsonObject()
                        .put("event", "summary")
                        .put("connections", finished.get())
                        .put("bytes_c2s", fromClients)
                        .put("bytes_s2c", fromServers)
                        .put("seconds", seconds / 1e9);
                if (recordPath != null) {
                    object.put("records", log.records())
                            .put("records_not_written", log.dropped())
                            .put("record", FileNames.show(recordPath));
                }
                summary = object.toString();
            } else {
                summary = "summary: " + Units.plural(finished.get(), "connection") + ", " + Units.bytes(fromClients)
                        + " c>s, " + Units.bytes(fromServers) + " s>c in " + Units.seconds(seconds)
                        + (recordPath == null
                                ? ""
                                : "; " + Units.plural(log.records(), "record") + " in " + FileNames.show(recordPath)
                                        + (log.dropped() > 0 ? ", " + log.dropped() + " not written" : ""));
            }
            printer.execute(() -> print(summary, outputFailed));
            printer.shutdown();
            printer.awaitTermination(1, TimeUnit.MINUTES);
            if (reactorFailure != null) {
                throw CliFailure.runtime(SinkCommand.reactorStopped("tap", reactorFailure), reactorFailure);
            }
            if (outputFailed.isDone()) {
                throw context.outputFailed(": stopped");
            }
            if (failure != null && recordPath != null) {
                throw CliFailure.runtime(
                        "the capture " + FileNames.show(recordPath) + " is incomplete: " + Problems.io(failure) + "; "
                                + Units.plural(log.dropped(), "record") + (log.dropped() == 1 ? " was" : " were")
                                + " not written; free some disk space or choose"
                                + " another --record path",
                        failure);
            }
            // Stopped by a signal before --expect's count: exit as a killed process does, as sink does.
            return bySignal && expect > 0 && finished.get() < expect ? context.interrupter.killedExitCode() : 0;
        } finally {
            printer.shutdownNow();
        }
    }

    /** Opens the capture at {@code path}; a write failure is said at once on standard error through {@code printer}. */
    private CaptureLog open(Path path, ExecutorService printer) {
        CaptureLog.check(path, force);
        return CaptureLog.open(
                path,
                force,
                e -> printer.execute(
                        () -> context.err.println("weft tap: cannot write the capture " + FileNames.show(path) + ": "
                                + Problems.io(e) + "; forwarding goes on, but no more records are saved")));
    }

    private void print(String line, CompletableFuture<Void> outputFailed) {
        if (outputFailed.isDone()) {
            return;
        }
        context.out.println(line);
        if (context.out.checkError()) {
            outputFailed.complete(null);
        }
    }
}
