package dev.weft.cli;

import dev.weft.defer.Failure;
import dev.weft.internal.json.JsonObject;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.Factory;
import dev.weft.internet.endpoints.IStreamClientEndpoint;
import dev.weft.internet.task.LoopingCall;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Runs {@code weft send}: sends a file or standard input, half-closes, prints the reply. */
@Command(
        name = "send",
        mixinStandardHelpOptions = true,
        versionProvider = WeftCommand.Version.class,
        usageHelpAutoWidth = true,
        usageHelpWidth = 100,
        header = "Send a file or standard input, half-close, print the reply.",
        description = {
            "Connects to ENDPOINT, sends FILE (or standard input, with - or no FILE), half-closes the connection (TCP FIN: nothing more from this side; over tls: a TLS close_notify, which many TLS servers, openssl s_server among them, take as the end of the connection: see --no-shutdown), and copies everything the peer sends to standard output until it closes. Exits 0 on a clean close, 1 with a one-line reason otherwise. When standard error is a terminal and the reply goes elsewhere (as curl), sends of 1 MiB or more (or of unknown size) that are not typed on the terminal show their progress on standard error.",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  weft send tcp:host=127.0.0.1:port=9000 report.pdf",
            "  echo hello | weft send tcp:host=127.0.0.1:port=7 -      # an echo server prints: hello",
            "  weft send unix:/tmp/weft.sock < request.bin > reply.bin",
            "  printf 'PING\\r\\n' | weft send --timeout 2 tcp:host=127.0.0.1:port=6379   # exit 1 if no reply in 2 s",
            "  printf 'a\\nbb\\n' | weft send --frames int32 tcp:host=127.0.0.1:port=9000   # two Int32 frames",
            "  weft send tls:host=example.org:port=443:trustRoots=ca.pem request.bin   # TLS, checked against ca.pem",
            "  weft send --pin sha256:AB:CD:...:EF tls:host=127.0.0.1:port=9000 -   # a weft sink --self-signed",
            "  echo req | weft send --no-shutdown --timeout 5 tls:host=127.0.0.1:port=4433   # wait for a slow reply",
        })
final class SendCommand implements Callable<Integer> {
    static final long PROGRESS_THRESHOLD = 1 << 20;

    /** The pause between the pieces of {@code --split} unless {@code --split-delay} says otherwise, in seconds. */
    static final double DEFAULT_SPLIT_DELAY = 0.01;

    private final CliContext context;

    @Parameters(
            index = "0",
            paramLabel = "ENDPOINT",
            description = "Where to connect, e.g. tcp:host=127.0.0.1:port=9000.")
    String endpoint = "";

    @Parameters(
            index = "1",
            arity = "0..1",
            paramLabel = "FILE",
            defaultValue = "-",
            description = "What to send; - (the default) reads standard input.")
    String file = "-";

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            converter = SecondsConverter.class,
            description = "Give up (exit 1) if connecting (for tls:, up to the end of the TLS handshake) takes"
                    + " longer than DURATION, or if DURATION passes with nothing sent or received (e.g. no reply to"
                    + " a request): seconds, or a number with ms, s, m or h, e.g. 2, 500ms or 1m.")
    @org.jspecify.annotations.Nullable
    Long timeout;

    @Option(
            names = "--json",
            description = "Print one JSON object with the outcome (bytes sent and received, how the connection"
                    + " closed) instead of the reply, which is counted but not printed.")
    boolean json;

    @Option(
            names = "--split",
            paramLabel = "SPEC",
            converter = SplitConverter.class,
            description = "Send the input in pieces, one write each with TCP_NODELAY: 1 (one byte per write), N (pieces"
                    + " of N bytes), at:K (cut at byte K), random:SEED. Reads the whole input first.")
    dev.weft.internet.testing.@org.jspecify.annotations.Nullable Split split;

    @Option(
            names = "--split-delay",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "The pause between pieces of --split, e.g. 2ms or 0.5s (default 10ms; 0 lets the network"
                    + " merge them); only with --split.")
    @org.jspecify.annotations.Nullable
    Double splitDelay;

    @Option(
            names = "--frames",
            paramLabel = "FRAMING",
            converter = FrameFormat.Converter.class,
            description = "Send each line of the input (LF-ended; a CR before the LF is dropped) as one frame:"
                    + " lines (CR LF), int8, int16, int32 (length prefixes) or netstring.")
    @org.jspecify.annotations.Nullable
    FrameFormat frames;

    @Option(
            names = "--pin",
            paramLabel = "sha256:FINGERPRINT",
            description = "For tls: endpoints, trust exactly the server certificate with this SHA-256 fingerprint (as"
                    + " weft sink --self-signed and openssl x509 -noout -fingerprint -sha256 print it) instead of"
                    + " certificate authorities and the host name.")
    @org.jspecify.annotations.Nullable
    String pin;

    @Option(
            names = "--no-shutdown",
            description = "Do not half-close when the input ends (as ncat --no-shutdown, nc without -N, openssl"
                    + " s_client -ign_eof): keep the connection open and print what the peer sends until it closes,"
                    + " or until --timeout passes in silence (exit 1). For a server that takes the half-close as the"
                    + " end and would drop a reply not sent yet: over tls: the half-close is a close_notify, which"
                    + " many TLS servers answer by closing.")
    boolean noShutdown;

    SendCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        long timeoutNanos = timeout == null ? 0 : timeout;
        TlsPin.adjuster(pin, endpoint); // a bad --pin is a usage error before anything is read
        if (splitDelay != null && split == null) {
            throw CliFailure.usage("--split-delay is the pause between the pieces of --split, and there is no --split;"
                    + " add one (e.g. --split 1 --split-delay 5ms) or leave --split-delay out");
        }
        long size = -1;
        InputStream in;
        if (file.equals("-")) {
            if (context.in == System.in && StandardInput.isClosed()) {
                throw CliFailure.runtime("standard input is closed (<&-), so there is nothing to send; give a FILE,"
                        + " or open standard input (< /dev/null sends nothing)");
            }
            in = context.in;
        } else {
            FileNames.requireName("FILE", file, "give a file, or - to send standard input");
            Path path = FileNames.path(file);
            try {
                in = Files.newInputStream(path);
                size = Files.size(path);
            } catch (NoSuchFileException e) {
                throw CliFailure.runtime(
                        "cannot read " + FileNames.show(file) + ": no such file; give an existing file, or - to send"
                                + " standard input",
                        e);
            } catch (AccessDeniedException e) {
                throw CliFailure.runtime(
                        "cannot read " + FileNames.show(file) + ": permission denied; check the file's permissions", e);
            } catch (IOException e) {
                throw CliFailure.runtime(
                        "cannot read " + FileNames.show(file) + ": " + Problems.oneLine(e.getMessage())
                                + "; give a readable file, or - to send standard input",
                        e);
            }
            if (Files.isDirectory(path)) {
                in.close();
                throw CliFailure.runtime("cannot send " + FileNames.show(file) + ": it is a directory; give a file");
            }
        }
        if (frames != null) {
            in = new FramingInputStream(in, frames);
            size = -1;
        }
        if (split != null) {
            in = SendSplit.pace(in, split, splitDelay == null ? DEFAULT_SPLIT_DELAY : splitDelay, file);
        }
        try (InputStream input = in;
                ReactorSession session = ReactorSession.start()) {
            IStreamClientEndpoint target = session.client("ENDPOINT", endpoint, TlsPin.adjuster(pin, endpoint));
            OutputPump output = new OutputPump(json ? OutputStream.nullOutputStream() : context.out, session.threads());
            long started = System.nanoTime();
            SendProtocol protocol = new SendProtocol(
                    p -> new InputPump(input, session.threads(), p::chunkRead, p::inputEnded, p::inputFailed),
                    output,
                    session.clock(),
                    timeoutNanos,
                    started,
                    split != null,
                    noShutdown);
            Factory factory = Factory.forProtocol(() -> protocol);
            factory.setNoisy(false);
            session.connect(endpoint, target, factory, protocol, timeoutNanos);
            LoopingCall progress = startProgress(session, protocol, size);
            SendProtocol.Result result = protocol.result().get();
            session.call(() -> {
                if (progress.isRunning()) {
                    progress.stop();
                    context.err.print("\r\033[K");
                    context.err.flush();
                }
                return null;
            });
            if (json) {
                Failure reason = result.reason();
                Outcome outcome = reason.check(ConnectionDone.class) != null ? Outcome.CLEAN : Outcome.of(reason);
                long nanos = System.nanoTime() - started;
                JsonObject line = new JsonObject()
                        .put("event", "result")
                        .put("endpoint", endpoint)
                        .put("sent", result.sent())
                        .put("received", result.received())
                        .put("seconds", nanos / 1e9)
                        .put("closed", result.localProblem() != null ? "error" : outcome.key)
                        .put(
                                "reason",
                                result.localProblem() != null
                                        ? result.localProblem()
                                        : Problems.oneLine(reason.getErrorMessage()));
                TlsReport tls = result.tls();
                if (tls != null) {
                    tls.addTo(line, "");
                    String peer = tls.peerFingerprint();
                    if (peer != null) {
                        line.put("peer_sha256_fingerprint", peer);
                    }
                }
                context.out.println(line);
                if (context.out.checkError()) {
                    throw context.outputFailed("");
                }
            }
            TlsReport tls = result.tls();
            if (!json && tls != null && tls.handshakeDone()) {
                context.err.println("weft send: " + tls.words() + ", server certificate sha256 Fingerprint="
                        + tls.peerFingerprint());
                context.err.flush();
            }
            return exitCode(result);
        }
    }

    private LoopingCall startProgress(ReactorSession session, SendProtocol protocol, long size) {
        long started = System.nanoTime();
        boolean typed = file.equals("-") && context.in == System.in && StandardInput.isTerminal();
        boolean replyOnTerminal = !json && context.out == System.out && Tty.isTerminal(1);
        // Never over someone typing, nor over the reply (as curl): progress is for files and pipes sent
        // while the reply goes elsewhere.
        boolean shown =
                context.terminal && !json && !typed && !replyOnTerminal && (size < 0 || size >= PROGRESS_THRESHOLD);
        int columns = Math.max(TerminalWidth.columns(shown), 10);
        LoopingCall progress = new LoopingCall(() -> {
            long sent = protocol.sent();
            String of = size >= 0 ? " of " + Units.size(size) : "";
            String line = "sent " + Units.size(sent) + of + " (" + Units.rate(sent, System.nanoTime() - started) + ")";
            // Cut one column short of the width, as the sink's status line: a wrapped line leaves copies.
            context.err.print("\r\033[K" + (line.length() < columns ? line : line.substring(0, columns - 2) + "~"));
            context.err.flush();
        });
        if (shown) {
            session.call(() -> {
                progress.setClock(session.clock());
                return progress.start(0.5, false);
            });
        }
        return progress;
    }

    private int exitCode(SendProtocol.Result result) {
        String problem = result.localProblem();
        if (problem != null) {
            throw problem.equals(WeftCli.OUTPUT_FAILED) ? context.outputFailed("") : CliFailure.runtime(problem);
        }
        Failure reason = result.reason();
        if (reason.check(ConnectionDone.class) != null) {
            return 0;
        }
        TlsReport tls = result.tls();
        String tlsFailure = TlsReport.failure(reason, tls != null && tls.handshakeDone());
        if (tlsFailure != null) {
            throw CliFailure.runtime(tlsFailure + " (" + result.counts() + ")");
        }
        Outcome outcome = Outcome.of(reason);
        if (outcome == Outcome.HANDSHAKE_CLOSED) {
            throw CliFailure.runtime("the server closed the connection during the TLS handshake " + result.counts()
                    + "; check that it speaks TLS on this port and accepts this client");
        } else if (outcome == Outcome.NO_CLOSE_NOTIFY) {
            throw CliFailure.runtime("the server closed the connection without TLS close_notify (" + Outcome.TRUNCATION
                    + ") " + result.counts() + ": the reply may be cut short");
        }
        String what = outcome == Outcome.RESET ? "connection reset by peer" : "connection failed";
        String stage =
                tls == null ? "" : tls.handshakeDone() ? "after the TLS handshake, " : "during the TLS handshake, ";
        throw CliFailure.runtime(
                what + " " + stage + result.counts() + ": " + Problems.oneLine(reason.getErrorMessage()));
    }
}
