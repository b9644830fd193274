package dev.weft.cli;

import dev.weft.internet.IAddress;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.task.LoopingCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs {@code weft sink}: listens, accounts for every byte of every connection, reports each one. */
@Command(
        name = "sink",
        mixinStandardHelpOptions = true,
        versionProvider = WeftCommand.Version.class,
        usageHelpAutoWidth = true,
        usageHelpWidth = 100,
        header = "Listen and account for every byte of every connection.",
        description = {
            "Listens, keeps every byte each connection sends (in memory, with AccumulatingProtocol, or in a file"
                    + " with --out), and prints one line per connection when it closes: its number, the peer, bytes,"
                    + " duration, rate, and how it closed (clean, reset by peer, over the limit, error, interrupted,"
                    + " idle timeout; over TLS also closed during the TLS handshake, or closed without TLS"
                    + " close_notify). On a terminal a live status line shows the open connections. Ctrl-C (SIGINT)"
                    + " or SIGTERM stops listening, reports open connections as interrupted, prints a summary and"
                    + " exits 0; with --expect N it exits 130 (SIGINT) or 143 (SIGTERM), as a killed process does, if"
                    + " fewer than N connections had been reported. A script stops a background sink with kill"
                    + " (SIGTERM): a non-interactive shell starts background jobs with SIGINT ignored.",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  weft sink                                      # 127.0.0.1:9000",
            "  weft sink --listen tcp:0 --expect 1            # any free port, stop after one connection",
            "  weft sink --out received/ --max-bytes 10M      # save each connection, cut at 10 MiB",
            "  weft sink --print                              # show the bytes as they arrive, like nc -l",
            "  weft sink --listen tcp:9000 --listen unix:/tmp/s.sock --idle-timeout 30",
            "  weft sink --json | jq .bytes",
            "  weft sink --frames int32 --json | jq .frame_lengths",
            "  weft sink --listen ssl:8443:privateKey=key.pem:certKey=cert.pem   # TLS; lines name version and cipher",
            "  weft sink --listen ssl:0 --self-signed          # TLS with a throwaway certificate; prints its fingerprint",
            "",
            "Report line: #SEQ PEER N bytes in SECONDS s (RATE) HOW [-> FILE]; rates in binary units (KiB/s).",
        })
final class SinkCommand implements Callable<Integer> {
    static final String DEFAULT_LISTEN = "tcp:9000:interface=127.0.0.1";
    static final String DEFAULT_TLS_LISTEN = "ssl:9000:interface=127.0.0.1";

    /**
     * How long the sink's reactor polls before it sleeps after accepting, on a machine of two or more
     * processors and without TLS listeners: clients that connect in a stream then do not pay for waking
     * it (weft-reactor README).
     */
    static final Duration SPIN_AFTER_ACCEPT = Duration.ofNanos(25_000);

    private final CliContext context;

    @Option(
            names = "--listen",
            paramLabel = "ENDPOINT",
            description = "Where to listen (default: " + DEFAULT_LISTEN + "; tcp:0 picks a free port); repeat it to"
                    + " listen on several. Listens on all interfaces only when asked, e.g."
                    + " tcp:9000:interface=0.0.0.0. A unix:PATH socket file is 0666 (any local user may connect),"
                    + " whatever the umask, unless mode= says otherwise, e.g. unix:/tmp/s.sock:mode=600.")
    List<String> listen = new ArrayList<>();

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Stream each connection's bytes to DIR/<seq>-<peer>.bin as they arrive, instead of"
                    + " holding them in memory; the file appears, complete, when the connection closes, named"
                    + " DIR/<seq>-<peer>.<how>.bin if it did not close cleanly (reset, over_limit, error,"
                    + " interrupted, idle, handshake_closed, no_close_notify).")
    @Nullable
    String out;

    @Option(
            names = "--max-bytes",
            paramLabel = "N",
            converter = SizeConverter.class,
            description = "Close a connection once more than N bytes arrived (K, M, G, T allowed), keeping them.")
    @Nullable
    Long maxBytes;

    @Option(
            names = "--expect",
            paramLabel = "N",
            description = "Exit with the summary after N connections have been reported (exit 0); stopped by a"
                    + " signal before then, exit 130 (SIGINT) or 143 (SIGTERM).")
    @Nullable
    Integer expect;

    @Option(
            names = "--idle-timeout",
            paramLabel = "DURATION",
            converter = SecondsConverter.class,
            description = "Close a connection that has received nothing for DURATION (reported as idle timeout):"
                    + " seconds, or a number with ms, s, m or h, e.g. 30 or 5m.")
    @Nullable
    Long idleTimeout;

    @Option(
            names = "--print",
            description = "Copy each connection's bytes to standard output as they arrive (a header line per"
                    + " connection when there are several); report lines go to standard error.")
    boolean print;

    @Option(names = "--hex", description = "Like --print, as a hex dump (hexdump -C) with offsets per connection.")
    boolean hex;

    @Option(names = "--json", description = "Print one JSON object per line: listening, each connection, summary.")
    boolean json;

    @Option(
            names = "--frames",
            paramLabel = "FRAMING",
            converter = FrameFormat.Converter.class,
            description = "Also count each connection's frames: lines (CR LF), int8, int16, int32 (length"
                    + " prefixes) or netstring; --json lists each frame's length.")
    @Nullable
    FrameFormat frames;

    @Option(
            names = "--self-signed",
            description = "Make a throwaway key and self-signed certificate at start (ECDSA P-256, for localhost,"
                    + " 127.0.0.1, ::1 and the listen interface) for the ssl: listeners, and print its SHA-256"
                    + " fingerprint on standard error; without --listen, listens on ssl:9000:interface=127.0.0.1.")
    boolean selfSigned;

    SinkCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        int expect = this.expect == null ? 0 : this.expect;
        if (this.expect != null && expect < 1) {
            throw CliFailure.usage(
                    "--expect must be 1 or more, not " + expect + " (leave it out to run until stopped)");
        }
        long maxBytes = this.maxBytes == null ? 0 : this.maxBytes;
        if (this.maxBytes != null && maxBytes < 1) {
            throw CliFailure.usage("--max-bytes must be 1 or more, not " + maxBytes + " (leave it out for no limit)");
        }
        long idleTimeoutNanos = idleTimeout == null ? 0 : idleTimeout;
        if (print && hex) {
            throw CliFailure.usage("--print and --hex both print the bytes; choose one");
        }
        String dir = out;
        if (dir != null && dir.isEmpty()) {
            throw CliFailure.usage(
                    "--out needs a directory path, not an empty string (use --out . for this directory)");
        }
        List<String> endpoints = listen.isEmpty() ? List.of(selfSigned ? DEFAULT_TLS_LISTEN : DEFAULT_LISTEN) : listen;
        TlsListeners tls = TlsListeners.make(selfSigned, endpoints);
        OutDirectory outDirectory = dir == null ? null : OutDirectory.prepare(FileNames.path(dir));
        long started = System.nanoTime();
        try (ReactorSession session = ReactorSession.start(spinAfterAccept(endpoints))) {
            DataPrinter printer = print || hex ? new DataPrinter(context.out, hex) : null;
            SinkReporter reporter = new SinkReporter(
                    context,
                    json,
                    outDirectory != null,
                    expect,
                    printer,
                    idleTimeoutNanos > 0,
                    endpoints.stream().anyMatch(TlsListeners::isTls));
            Sink sink = new Sink(
                    maxBytes,
                    System::nanoTime,
                    reporter,
                    outDirectory,
                    session.clock(),
                    idleTimeoutNanos,
                    printer == null ? null : (p, bytes) -> reporter.data(p, bytes, p.several()));
            sink.countFrames(frames);
            List<IListeningPort> ports = new ArrayList<>();
            for (String endpoint : endpoints) {
                IListeningPort port = session.listen("--listen", endpoint, tls.identity(), sink.factory());
                ports.add(port);
                IAddress host = session.call(port::getHost);
                reporter.listening(host, TlsListeners.isTls(endpoint), tls);
                context.onListening.accept(host);
            }

            CompletableFuture<Boolean> stop = new CompletableFuture<>(); // true: stopped by a signal
            context.interrupter.onInterrupt(() -> stop.complete(true));
            reporter.expected().thenRun(() -> stop.complete(false));
            reporter.outputFailed().thenRun(() -> stop.complete(false));
            session.ended()
                    .whenComplete((ignored, error) -> stop.completeExceptionally(
                            error != null ? error : new IllegalStateException("the reactor stopped")));
            StatusLine statusLine = new StatusLine(TerminalWidth.columns(context.terminal));
            LoopingCall status = new LoopingCall(
                    () -> reporter.status(statusLine.render(sink.openConnections(), System.nanoTime())));
            if (context.terminal && !json && printer == null) {
                session.call(() -> {
                    status.setClock(session.clock());
                    return status.start(0.5);
                });
            }
            boolean bySignal;
            try {
                // Not stop.join(): a reactor thread that dies out of heap may end without completing ended(), and
                // the sink would wait for ever; the session's join also watches the thread.
                bySignal = session.join(stop);
            } catch (CompletionException | IllegalStateException | Error e) {
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                if (cause instanceof OutOfMemoryError) {
                    OutOfMemory.release(); // the heap to print the summary and the line
                }
                reporter.finish(System.nanoTime() - started);
                throw CliFailure.runtime(reactorStopped("sink", cause), cause);
            }
            session.await(() -> {
                if (status.isRunning()) {
                    status.stop();
                }
                dev.weft.defer.Deferred<Void> stopped = dev.weft.defer.Deferred.succeed(null);
                for (IListeningPort port : ports) {
                    stopped = stopped.addCallbackDeferring(ignored -> port.stopListening());
                }
                return stopped.addCallbackDeferring(ignored -> sink.interruptAll());
            });
            int code = reporter.finish(System.nanoTime() - started);
            // Stopped by a signal before --expect's count: exit as a killed process does (as send, killed, does), so
            // that a script can tell; without --expect a signal is the way a sink ends, and the exit stays 0.
            return bySignal && expect > 0 ? context.interrupter.killedExitCode() : code;
        }
    }

    /**
     * Words the end of a reactor that stopped under a running {@code sink} or {@code tap}: what ended it, that the
     * connections still open were lost, and, when it ran out of heap, the {@code -Xmx} to give.
     */
    static String reactorStopped(String command, Throwable cause) {
        return "the reactor failed and stopped: " + Problems.chain(cause) + "; connections still open were lost"
                + (cause instanceof OutOfMemoryError
                        ? "; " + OutOfMemory.advice(command, 0)
                        : " (rerun with --debug for the stack trace)");
    }

    /**
     * Returns {@link #SPIN_AFTER_ACCEPT}, or zero: on one processor a spin would only keep the client from
     * running, and with TLS each handshake's tasks run on the reactor's pool right after the accept, which
     * a spin would take a core from (not measured, so not done).
     */
    static Duration spinAfterAccept(List<String> endpoints, int processors) {
        if (processors < 2) {
            return Duration.ZERO;
        }
        for (String endpoint : endpoints) {
            if (TlsListeners.isTls(endpoint)) {
                return Duration.ZERO;
            }
        }
        return SPIN_AFTER_ACCEPT;
    }

    private static Duration spinAfterAccept(List<String> endpoints) {
        return spinAfterAccept(endpoints, Runtime.getRuntime().availableProcessors());
    }
}
