package dev.weft.cli;

import dev.weft.internet.IAddress;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.task.LoopingCall;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs {@code weft sink}: listens, accounts for every byte of every connection, reports each one. */
@Command(
        name = "sink",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        usageHelpWidth = 100,
        header = "Listen and account for every byte of every connection.",
        description = {
            "Listens, keeps every byte each connection sends (in memory, with AccumulatingProtocol, or in a file with --out), and prints one line per connection when it closes: its number, the peer, bytes, duration, rate, and how it closed (clean, reset by peer, over the limit, error, interrupted). On a terminal a live status line shows the open connections. Ctrl-C (SIGINT) or SIGTERM stops listening, reports open connections as interrupted, prints a summary and exits 0.",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  weft sink                                      # 127.0.0.1:9000",
            "  weft sink --listen tcp:0 --expect 1            # any free port, stop after one connection",
            "  weft sink --out received/ --max-bytes 10M      # save each connection, cut at 10 MiB",
            "  weft sink --json | jq .bytes",
            "  weft sink --frames int32 --json | jq .frame_lengths",
            "",
            "Report line: #SEQ PEER N bytes in SECONDS s (RATE) HOW [-> FILE]; rates in binary units (KiB/s).",
        })
final class SinkCommand implements Callable<Integer> {
    static final String DEFAULT_LISTEN = "tcp:9000:interface=127.0.0.1";

    private final CliContext context;

    @Option(
            names = "--listen",
            paramLabel = "ENDPOINT",
            defaultValue = DEFAULT_LISTEN,
            description = "Where to listen (default: ${DEFAULT-VALUE}; tcp:0 picks a free port). Listens on all"
                    + " interfaces only when asked, e.g. tcp:9000:interface=0.0.0.0.")
    String listen = DEFAULT_LISTEN;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Stream each connection's bytes to DIR/<seq>-<peer>.bin as they arrive, instead of"
                    + " holding them in memory; the file appears, complete, when the connection closes.")
    @Nullable
    Path out;

    @Option(
            names = "--max-bytes",
            paramLabel = "N",
            converter = SizeConverter.class,
            description = "Close a connection once more than N bytes arrived (K, M, G allowed), keeping them.")
    long maxBytes;

    @Option(
            names = "--expect",
            paramLabel = "N",
            description = "Exit with the summary after N connections have been reported.")
    int expect;

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

    SinkCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        if (expect < 0) {
            throw CliFailure.usage("--expect must be 1 or more, not " + expect);
        }
        if (maxBytes < 0) {
            throw CliFailure.usage("--max-bytes must be 1 or more, not " + maxBytes);
        }
        Path dir = out;
        OutDirectory outDirectory = dir == null ? null : OutDirectory.prepare(dir);
        long started = System.nanoTime();
        try (ReactorSession session = ReactorSession.start()) {
            SinkReporter reporter = new SinkReporter(context, json, outDirectory != null, expect);
            Sink sink = new Sink(maxBytes, System::nanoTime, reporter, outDirectory);
            sink.countFrames(frames);
            IListeningPort port = session.listen("--listen", listen, sink.factory());
            IAddress host = session.call(port::getHost);
            reporter.listening(host);
            context.onListening.accept(host);

            CompletableFuture<Void> stop = new CompletableFuture<>();
            context.interrupter.onInterrupt(() -> stop.complete(null));
            reporter.expected().thenRun(() -> stop.complete(null));
            StatusLine statusLine = new StatusLine();
            LoopingCall status = new LoopingCall(
                    () -> reporter.status(statusLine.render(sink.openConnections(), System.nanoTime())));
            if (context.terminal && !json) {
                session.call(() -> {
                    status.setClock(session.clock());
                    return status.start(0.5);
                });
            }
            stop.join();
            session.await(() -> {
                if (status.isRunning()) {
                    status.stop();
                }
                return port.stopListening().addCallbackDeferring(ignored -> sink.interruptAll());
            });
            return reporter.finish(System.nanoTime() - started);
        }
    }
}
