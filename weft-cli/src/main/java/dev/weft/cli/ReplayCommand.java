package dev.weft.cli;

import dev.weft.internal.json.JsonObject;
import dev.weft.internet.Addresses;
import dev.weft.internet.Factory;
import dev.weft.internet.IAddress;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.Protocol;
import dev.weft.internet.endpoints.IStreamClientEndpoint;
import dev.weft.internet.testing.capture.Capture;
import dev.weft.internet.testing.capture.CaptureFormatException;
import dev.weft.internet.testing.capture.CaptureReader;
import dev.weft.internet.testing.capture.CaptureRecord;
import dev.weft.internet.testing.capture.CloseKind;
import dev.weft.internet.testing.capture.CloseRecord;
import dev.weft.internet.testing.capture.LiveReplay;
import dev.weft.internet.testing.capture.RecordedConnection;
import dev.weft.internet.testing.capture.Side;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Runs {@code weft replay}: plays a capture's client to a server, or its server to a client, and compares. */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        usageHelpWidth = 100,
        header = "Replay a capture against a live server (or client) and compare.",
        description = {
            "With --to, plays the recorded client of each connection (or of --connection N) to ENDPOINT: one connection at a time, each recorded piece one write, the half-close and close where the client made them; then compares what the server sends until it closes with what the recorded server sent. With --listen, plays the recorded server to each client that connects (the k-th client gets the k-th connection; a client past the recorded ones is reset at once, and the run exits 1) and compares what the client sends.",
            "Each step waits until the live peer has sent as many bytes as the recorded peer had by then (a"
                    + " greeting is awaited, a reply waits for its request). A reply recorded after the peer's"
                    + " half-close or close does not wait for the live peer's end: only a half-close, close or reset"
                    + " that answered the recorded peer's end (nothing written since) does; --order strict makes"
                    + " every step recorded after the peer's end wait for it. --timing original also waits for the"
                    + " recorded gaps. A peer that stays silent for --timeout while awaited, or does not end its side"
                    + " when that is awaited, ends its connection.",
            "Replies are released by byte count, not by request: a live peer that sends fewer bytes than recorded"
                    + " before a reply (a Host header one digit shorter) holds it until it sends more or ends its"
                    + " side, and a lock-step client against a recording of a pipelining one waits for a reply that"
                    + " needs its next request; record the same kind of client, or replay with --ignore for bytes"
                    + " that change between runs: each run of bytes a pattern matches (read as ISO-8859-1) counts as"
                    + " one, in the comparison and the pacing, on both sides, whatever its length.",
            "Prints one line per connection, and for one that differs the bytes around the difference on both sides"
                    + " and what the replay was holding back; exits 0 when every connection matches, 1 when one"
                    + " differs (#N differs at byte K: expected ..., got ...), ends its side otherwise than recorded"
                    + " (#N differs at its end: an end of stream, a reset, or none where the recorded peer's was"
                    + " another; a half-close and a close look alike) or was never played (--listen stopped by"
                    + " Ctrl-C or SIGTERM before its client came), 2 on usage errors.",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  weft replay session.weftcap --to tcp:host=127.0.0.1:port=9000",
            "  weft replay session.weftcap --to tcp:host=127.0.0.1:port=9000 --connection 3 --timing original",
            "  weft replay session.weftcap --listen tcp:9001 --json     # play the server to a client under test",
            "  weft replay session.weftcap --listen tcp:9001 --order strict  # replies only after the client's end",
            "  weft replay http.weftcap --to tcp:host=127.0.0.1:port=8000 --ignore '(?m)^(Date|Host): .*$'",
        })
final class ReplayCommand implements Callable<Integer> {
    /** How the recorded gaps between steps are kept. */
    enum Timing {
        /** Each step as soon as the peer's bytes allow. */
        none,
        /** Each step also at its recorded time after the connection was made. */
        original
    }

    /** Which steps recorded after the peer's end wait for the live peer's end (LiveReplay.Order). */
    enum Order {
        /** Only an end that answered the recorded peer's end: a reply waits for its request alone. */
        bytes,
        /** Every step recorded after the peer's end, as recorded. */
        strict;

        LiveReplay.Order engine() {
            return this == strict ? LiveReplay.Order.STRICT : LiveReplay.Order.BYTES;
        }
    }

    /** Exactly one of --to and --listen. */
    static final class Target {
        @Option(
                names = "--to",
                required = true,
                paramLabel = "ENDPOINT",
                description = "The server to replay the recorded client to, e.g. tcp:host=127.0.0.1:port=9000.")
        String to = "";

        @Option(
                names = "--listen",
                required = true,
                paramLabel = "ENDPOINT",
                description = "Where to listen and play the recorded server to each client, e.g. tcp:9001.")
        String listen = "";
    }

    private final CliContext context;

    @Parameters(index = "0", paramLabel = "CAPTURE", description = "A capture written by weft tap or weft import.")
    Path file = Path.of("");

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target = new Target();

    @Option(
            names = "--connection",
            paramLabel = "N",
            description = "Replay only connection #N (numbered from 1, as weft dump shows them).")
    @org.jspecify.annotations.Nullable
    Integer connection;

    @Option(
            names = "--timing",
            paramLabel = "MODE",
            defaultValue = "none",
            description = "none (default): no pauses; original: keep the recorded gaps.")
    Timing timing = Timing.none;

    @Option(
            names = "--order",
            paramLabel = "MODE",
            defaultValue = "bytes",
            description = "bytes (default): a reply recorded after the peer's end waits for its request's bytes, not"
                    + " for the live peer's end; strict: every step recorded after the peer's end waits for it.")
    Order order = Order.bytes;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "5s",
            converter = SecondsConverter.class,
            description = "How long an awaited peer may stay silent, e.g. 500ms or 10s (default 5s).")
    long timeoutNanos = 5_000_000_000L;

    /** {@code --timeout} in seconds. */
    private double timeout;

    @Option(
            names = "--json",
            description = "Print JSON lines, each with an \"event\" as sink, tap and dump do: skipped, listening,"
                    + " connection (one per replayed connection), summary.")
    boolean json;

    @Option(
            names = "--ignore",
            paramLabel = "REGEX",
            description = "Ignore what REGEX (Java syntax) matches in the compared bytes, recorded and live: each run"
                    + " it matches counts as one byte, in the comparison and in the pacing, e.g. '(?m)^Date: .*$'."
                    + " Repeatable.")
    List<String> ignoreRegexes = new ArrayList<>();

    /** {@code --ignore}, compiled. */
    private List<Pattern> ignore = List.of();

    /** Where the replay went, for the summary: the --to endpoint, or the address --listen got. */
    private String where = "";

    ReplayCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        timeout = timeoutNanos / 1e9;
        ignore = compile(ignoreRegexes);
        FileNames.requireName(
                "CAPTURE", file.toString(), "give a capture written by 'weft tap --record' or 'weft import'");
        if (connection != null && connection < 1) {
            throw CliFailure.usage("--connection must be 1 or more (connections are numbered from 1, as weft dump"
                    + " shows them), not " + connection + "; leave it out to replay every connection");
        }
        List<RecordedConnection> connections = select(read());
        boolean listening = !target.listen.isEmpty();
        where = listening ? target.listen : target.to;
        List<Verdict> outcomes;
        try {
            outcomes = listening ? playServer(connections) : playClient(connections);
        } catch (OutOfMemoryError e) { // on this thread or the reactor's, which then stopped
            OutOfMemory.release(); // the heap to say so: the capture is still held
            throw CliFailure.runtime(outOfMemory(file), e);
        }
        if (context.out.checkError()) {
            throw context.outputFailed(""); // a closed pipe stopped the replay at its next line
        }
        long differing = outcomes.stream().filter(o -> !o.matches()).count();
        // replay --listen stops on SIGINT or SIGTERM, maybe before every recorded connection had its client.
        Set<Integer> replayed = new HashSet<>();
        outcomes.forEach(o -> replayed.add(o.connection()));
        List<String> notReplayed = connections.stream()
                .filter(c -> !replayed.contains(c.id()))
                .map(c -> "#" + c.id())
                .toList();
        if (json) {
            JsonObject summary = new JsonObject()
                    .put("event", "summary")
                    .put("connections", outcomes.size())
                    .put("matching", outcomes.size() - differing)
                    .put("differing", differing);
            if (!notReplayed.isEmpty()) {
                summary.put("not_replayed", notReplayed.size());
            }
            if (extraClients.get() > 0) {
                summary.put("extra_clients", extraClients.get());
            }
            if (!ignore.isEmpty()) {
                summary.put("ignoring", ignore.size());
            }
            context.out.println(summary);
        } else {
            context.out.println("summary: " + Units.plural(outcomes.size(), "connection") + " replayed "
                    + (listening ? "to clients of " : "to ") + where + ignoring() + ", "
                    + (outcomes.size() - differing)
                    + " matching, " + differing + " differing"
                    + (notReplayed.isEmpty() ? "" : ", " + notReplayed.size() + " not replayed")
                    + (extraClients.get() == 0
                            ? ""
                            : ", " + Units.plural(extraClients.get(), "extra client") + " reset"));
        }
        if (!notReplayed.isEmpty()) {
            boolean one = notReplayed.size() == 1;
            throw CliFailure.runtime("replayed " + replayed.size() + " of " + connections.size()
                    + (connections.size() == 1 ? " recorded connection" : " recorded connections")
                    + (differing > 0 ? " (" + differing + " differing)" : "")
                    + ": stopped by a signal before " + String.join(", ", notReplayed) + (one ? " was" : " were")
                    + " played to a client, so " + (one ? "it was" : "they were")
                    + " not checked; stop only once every client has connected, or pick one with --connection N");
        }
        int extra = extraClients.get();
        if (extra > 0) {
            throw CliFailure.runtime(Units.plural(extra, "client") + " came after "
                    + (connections.size() == 1
                            ? "the 1 recorded connection had its client"
                            : "all " + connections.size() + " recorded connections had their clients")
                    + ", and "
                    + (extra == 1 ? "was" : "were") + " reset at once"
                    + (differing > 0 ? " (and " + differing + " differing)" : "")
                    + ": did the client retry, or open more connections than the recorded one did?");
        }
        if (differing > 0) {
            throw CliFailure.runtime(differing + " of " + Units.plural(outcomes.size(), "connection")
                    + (differing == 1 ? " differs" : " differ") + " from the recording");
        }
        return 0;
    }

    /** Compiles --ignore's patterns, naming a bad one. */
    private static List<Pattern> compile(List<String> regexes) {
        List<Pattern> patterns = new ArrayList<>();
        for (String regex : regexes) {
            try {
                patterns.add(Pattern.compile(regex));
            } catch (PatternSyntaxException e) {
                throw CliFailure.usage(
                        "--ignore '" + regex + "': " + e.getDescription() + " near index " + e.getIndex()
                                + "; give a Java regular expression, e.g. '(?m)^Date: .*$'",
                        e);
            }
        }
        return List.copyOf(patterns);
    }

    /** Says what --ignore ignores, for the summary and the listening line: empty when nothing. */
    private String ignoring() {
        return ignore.isEmpty()
                ? ""
                : " ignoring what "
                        + ignore.stream().map(p -> "'" + p.pattern() + "'").collect(Collectors.joining(" or "))
                        + " matches";
    }

    private Capture read() {
        try {
            Integer only = connection;
            return only == null ? Capture.read(file) : readOne(only);
        } catch (NoSuchFileException e) {
            throw CliFailure.runtime(
                    "cannot read " + FileNames.show(file)
                            + ": no such file; give a capture written by 'weft tap --record' or" + " 'weft import'",
                    e);
        } catch (AccessDeniedException e) {
            throw CliFailure.runtime(
                    "cannot read " + FileNames.show(file) + ": permission denied; check the file's permissions", e);
        } catch (CaptureFormatException e) {
            String convert = DumpCommand.convertPacketCapture(FileNames.show(file), file);
            throw CliFailure.runtime(convert != null ? convert : FileNames.show(file) + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw CliFailure.runtime("cannot read " + FileNames.show(file) + ": " + Problems.io(e), e);
        } catch (OutOfMemoryError e) {
            OutOfMemory.release();
            throw CliFailure.runtime(outOfMemory(file), e);
        }
    }

    /**
     * Reads only connection {@code only}'s records (every record is still read and checked), so that --connection
     * holds one connection, not the whole capture.
     */
    private Capture readOne(int only) throws IOException {
        try (CaptureReader reader = CaptureReader.open(file)) {
            List<CaptureRecord> kept = new ArrayList<>();
            Set<Integer> ids = new LinkedHashSet<>();
            for (CaptureRecord r = reader.next(); r != null; r = reader.next()) {
                if (r.connection() == only) {
                    kept.add(r);
                } else {
                    ids.add(r.connection());
                }
            }
            if (kept.isEmpty()) {
                throw CliFailure.usage("--connection " + only + ": the capture has no connection #" + only + "; it has "
                        + (ids.isEmpty()
                                ? "none"
                                : "#" + ids.stream().map(String::valueOf).collect(Collectors.joining(", #"))));
            }
            return new Capture(reader.startEpochMicros(), kept);
        }
    }

    /**
     * Names the heap a replay ran out of, and how to raise it: a replay holds the whole capture (with --connection,
     * that connection).
     */
    static String outOfMemory(Path file) {
        long mb = OutOfMemory.heapMb();
        long size = 0;
        try {
            size = java.nio.file.Files.size(file) >> 20;
        } catch (IOException | RuntimeException e) {
            // the heap alone is told
        }
        return "out of memory: the Java heap's " + mb + " MB cannot hold " + FileNames.show(file)
                + (size > 0 ? " (" + size + " MB)" : "") + ", which a replay holds whole, with what it compares; "
                + OutOfMemory.advice("replay", size * 3 + 64);
    }

    private List<RecordedConnection> select(Capture capture) {
        Integer only = connection;
        if (only != null) {
            try {
                return List.of(capture.connection(only));
            } catch (NoSuchElementException e) {
                throw CliFailure.usage("--connection " + only + ": " + e.getMessage(), e);
            }
        }
        List<RecordedConnection> reached = new ArrayList<>();
        for (RecordedConnection c : capture.connections()) {
            if (neverReachedTheServer(c)) {
                skipped(c.id(), "the recording never reached the server");
            } else {
                reached.add(c);
            }
        }
        if (reached.isEmpty()) {
            throw CliFailure.runtime(
                    FileNames.show(file) + " holds no connection that reached a server; nothing to replay");
        }
        return reached;
    }

    private static boolean neverReachedTheServer(RecordedConnection c) {
        for (CaptureRecord r : c.records()) {
            if (r instanceof CloseRecord close && close.kind() == CloseKind.CONNECT_FAILED) {
                return true;
            }
        }
        return false;
    }

    /**
     * What is kept of a replayed connection once it is reported: not the bytes compared, which may be as big as the
     * connection.
     */
    private record Verdict(int connection, boolean matches) {}

    private List<Verdict> playClient(List<RecordedConnection> connections) {
        List<Verdict> outcomes = new ArrayList<>();
        ReactorSession session = ReactorSession.start();
        Throwable failed = null; // closeAfter, not try-with-resources: out of heap, close may throw the same error
        try {
            IStreamClientEndpoint endpoint = session.client("--to", target.to);
            for (RecordedConnection c : connections) {
                ReplayPeerProtocol protocol = session.call(() -> new ReplayPeerProtocol(
                        c, Side.CLIENT, order.engine(), timing == Timing.original, session.clock(), timeout, ignore));
                Factory factory = Factory.forProtocol(() -> protocol);
                factory.setNoisy(false);
                session.connect(target.to, endpoint, factory, protocol, 0);
                ReplayOutcome outcome =
                        ReplayOutcome.of(c, Side.SERVER, session.join(protocol.result()), timeout, ignore);
                outcomes.add(report(outcome));
                if (context.out.checkError()) {
                    break; // no one to tell about the next connections
                }
            }
        } catch (RuntimeException | Error e) {
            failed = e;
            throw e;
        } finally {
            session.closeAfter(failed);
        }
        return outcomes;
    }

    /** Clients of --listen that came after every recorded connection had its client, each reset at once. */
    private final AtomicInteger extraClients = new AtomicInteger();

    private List<Verdict> playServer(List<RecordedConnection> connections) throws Exception {
        ConcurrentLinkedQueue<Verdict> outcomes = new ConcurrentLinkedQueue<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        ReactorSession session = ReactorSession.start();
        Throwable failed = null; // as in playClient
        try {
            Factory factory = Factory.forProtocol(() -> {
                int k = accepted.getAndIncrement();
                if (k >= connections.size()) {
                    extraClients.incrementAndGet();
                    return new Protocol() {
                        @Override
                        public void connectionMade() {
                            transport().abortConnection(); // no recorded server left to play: a reset, not a replay
                        }
                    };
                }
                RecordedConnection c = connections.get(k);
                ReplayPeerProtocol protocol = new ReplayPeerProtocol(
                        c, Side.SERVER, order.engine(), timing == Timing.original, session.clock(), timeout, ignore);
                protocol.result().thenAccept(result -> {
                    ReplayOutcome outcome = ReplayOutcome.of(c, Side.CLIENT, result, timeout, ignore);
                    outcomes.add(report(outcome));
                    if (finished.incrementAndGet() == connections.size() || context.out.checkError()) {
                        done.complete(null);
                    }
                });
                return protocol;
            });
            factory.setNoisy(false);
            IListeningPort port = session.listen("--listen", target.listen, factory);
            IAddress host = session.call(port::getHost);
            where = Addresses.serverEndpoint(host); // the port tcp:0 got, for the summary
            context.out.println(
                    json
                            ? new JsonObject()
                                    .put("event", "listening")
                                    .put("endpoint", Addresses.serverEndpoint(host))
                                    .put("connect", Addresses.clientEndpoint(host))
                                    .put("connections", connections.size())
                                    .toString()
                            : "listening on " + Addresses.serverEndpoint(host) + " (connect with "
                                    + Addresses.clientEndpoint(host) + "), playing the server of "
                                    + Units.plural(connections.size(), "connection") + ignoring());
            context.onListening.accept(host);
            context.interrupter.onInterrupt(() -> done.complete(null));
            session.join(done);
            session.await(port::stopListening);
        } catch (Exception | Error e) {
            failed = e;
            throw e;
        } finally {
            session.closeAfter(failed);
        }
        return new ArrayList<>(outcomes);
    }

    private Verdict report(ReplayOutcome outcome) {
        if (json) {
            context.out.println(outcome.json());
        } else {
            context.out.println(outcome.line());
        }
        return new Verdict(outcome.connection(), outcome.matches());
    }

    /** Reports a recorded connection left out, and why: {@code "event":"skipped"} in JSON. */
    private void skipped(int id, String why) {
        context.out.println(
                json
                        ? new JsonObject()
                                .put("event", "skipped")
                                .put("seq", id)
                                .put("reason", why)
                                .toString()
                        : "#" + id + " skipped: " + why);
    }
}
