package dev.weft.cli;

import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.Factory;
import dev.weft.internet.endpoints.IStreamClientEndpoint;
import dev.weft.internet.task.LoopingCall;
import java.io.IOException;
import java.io.InputStream;
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
        usageHelpAutoWidth = true,
        usageHelpWidth = 100,
        header = "Send a file or standard input, half-close, print the reply.",
        description = {
            "Connects to ENDPOINT, sends FILE (or standard input, with - or no FILE), half-closes the connection (TCP FIN: nothing more from this side), and copies everything the peer sends to standard output until it closes. Exits 0 on a clean close, 1 with a one-line reason otherwise. On a terminal, sends of 1 MiB or more (or of unknown size) show their progress on standard error.",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  weft send tcp:host=127.0.0.1:port=9000 report.pdf",
            "  echo hello | weft send tcp:host=127.0.0.1:port=7 -      # an echo server prints: hello",
            "  weft send unix:/tmp/weft.sock < request.bin > reply.bin",
            "  printf 'a\\nbb\\n' | weft send --frames int32 tcp:host=127.0.0.1:port=9000   # two Int32 frames",
        })
final class SendCommand implements Callable<Integer> {
    static final long PROGRESS_THRESHOLD = 1 << 20;

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
            names = "--frames",
            paramLabel = "FRAMING",
            converter = FrameFormat.Converter.class,
            description = "Send each line of the input (LF-ended; a CR before the LF is dropped) as one frame:"
                    + " lines (CR LF), int8, int16, int32 (length prefixes) or netstring.")
    @org.jspecify.annotations.Nullable
    FrameFormat frames;

    SendCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        long size = -1;
        InputStream in;
        if (file.equals("-")) {
            in = context.in;
        } else {
            Path path = Path.of(file);
            try {
                in = Files.newInputStream(path);
                size = Files.size(path);
            } catch (NoSuchFileException e) {
                throw CliFailure.runtime(
                        "cannot read " + file + ": no such file; give an existing file, or - to send"
                                + " standard input",
                        e);
            } catch (AccessDeniedException e) {
                throw CliFailure.runtime(
                        "cannot read " + file + ": permission denied; check the file's permissions", e);
            } catch (IOException e) {
                throw CliFailure.runtime(
                        "cannot read " + file + ": " + WeftCli.oneLine(e.getMessage())
                                + "; give a readable file, or - to send standard input",
                        e);
            }
            if (Files.isDirectory(path)) {
                in.close();
                throw CliFailure.runtime("cannot send " + file + ": it is a directory; give a file");
            }
        }
        if (frames != null) {
            in = new FramingInputStream(in, frames);
            size = -1;
        }
        try (InputStream input = in;
                ReactorSession session = ReactorSession.start()) {
            IStreamClientEndpoint target = session.client("ENDPOINT", endpoint);
            OutputPump output = new OutputPump(context.out, session.threads());
            SendProtocol protocol = new SendProtocol(
                    p -> new InputPump(input, session.threads(), p::chunkRead, p::inputEnded, p::inputFailed), output);
            Factory factory = Factory.forProtocol(() -> protocol);
            factory.setNoisy(false);
            try {
                session.await(() -> target.connect(factory));
            } catch (RuntimeException e) {
                throw CliFailure.runtime(Problems.cannotConnect(endpoint, e), e);
            }
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
            return exitCode(result);
        }
    }

    private LoopingCall startProgress(ReactorSession session, SendProtocol protocol, long size) {
        long started = System.nanoTime();
        LoopingCall progress = new LoopingCall(() -> {
            long sent = protocol.sent();
            String of = size >= 0 ? " of " + Units.size(size) : "";
            context.err.print("\r\033[Ksent " + Units.size(sent) + of + " ("
                    + Units.rate(sent, System.nanoTime() - started) + ")");
            context.err.flush();
        });
        if (context.terminal && (size < 0 || size >= PROGRESS_THRESHOLD)) {
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
            throw CliFailure.runtime(problem);
        }
        Failure reason = result.reason();
        if (reason.check(ConnectionDone.class) != null) {
            return 0;
        }
        String what = Outcome.of(reason) == Outcome.RESET ? "connection reset by peer" : "connection failed";
        throw CliFailure.runtime(what + " after sending " + result.sent() + " bytes and receiving " + result.received()
                + ": " + WeftCli.oneLine(reason.getErrorMessage()));
    }
}
