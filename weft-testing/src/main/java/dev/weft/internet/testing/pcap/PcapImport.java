package dev.weft.internet.testing.pcap;

import dev.weft.internet.Addresses;
import dev.weft.internet.testing.capture.Capture;
import dev.weft.internet.testing.capture.CaptureRecord;
import dev.weft.internet.testing.capture.DataRecord;
import dev.weft.internet.testing.capture.Side;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Turns a packet capture (pcap or pcapng) into a weft {@link Capture}: every TCP connection, each direction reassembled
 * in order with arrival times, half-closes at FINs and closes at the final FIN or a RST, ready for {@link
 * dev.weft.internet.testing.capture.CaptureReplay}.
 *
 * <pre>{@code
 * PcapImport imported = PcapImport.read(Path.of("src/test/resources/smtp.pcap"), 25, null);
 * assertThat(imported.problems()).isEmpty();
 * CaptureReplay.of(imported.capture().connection(1)).asServer(new MySmtpServer()).assertMatches();
 * }</pre>
 *
 * <p>Retransmitted bytes keep their first copy (one that differs is a problem); checksums are not checked. The side that
 * sent the first SYN is the client (mid-stream: the end that received SYNs or sent SYN-ACKs anywhere in the file is the
 * server, else the lower port). What cannot be reassembled is reported in {@link #problems()}, never dropped silently:
 * segments not captured, found by the gap they leave or by the peer's acknowledgments (which also tell of a direction
 * the capture filtered out, and of a FIN not captured: its half-close is written where the peer acknowledged it,
 * unless that side sends more, which makes it a lost byte; the connection's records wait for that), a
 * connection whose end was not captured while the capture went on, frames cut at the snapshot length (one
 * cut in its TCP payload keeps its captured part, and the rest is a hole in the stream, as a segment not captured
 * is; one cut in its TCP header is lost whole), frames with a damaged IP or TCP header, IP fragments, and a file cut short inside its last record or block (as
 * tcpdump killed before it flushed leaves it: the frames before it are read, as Wireshark does). A file that is not
 * pcap or pcapng, whose header is truncated, that is damaged (pcapng blocks whose lengths disagree or are too short for
 * their fields or options, a pcap record whose fraction of a second is a whole second or more) or that has an unknown link type
 * throws {@link PcapFormatException} naming the offset. Timestamps are
 * rounded down to the microsecond; a pcapng interface's {@code if_tsresol} and {@code if_tsoffset} are applied
 * exactly. The packets a pcapng file's interface statistics say were dropped while capturing are in {@link
 * #warnings()}. {@link #read} builds the capture in memory; {@link #stream} hands each record to a {@link Sink} as it is
 * reassembled (what {@code weft import} writes to its file), holding little whatever the file's size. Immutable and
 * thread-safe once read; reading is confined to the calling thread.
 */
public final class PcapImport {
    /**
     * Receives the records of an import as they are reassembled, in time order (the order a capture file holds them):
     * {@link #start} once, first, then each record. What it throws ends the import and comes out of {@link #stream}.
     */
    public interface Sink {
        /** Takes the capture's start time (the earliest frame's, microseconds since the Unix epoch). */
        void start(long startEpochMicros) throws IOException;

        /** Takes the next record. */
        void record(CaptureRecord record) throws IOException;
    }

    /**
     * Is the {@link OutOfMemoryError} an import throws when it runs out of heap while reassembling, telling what it
     * held then, so that the cause can be named: many open connections, or bytes held after missing segments. The
     * import's state is let go of before it is thrown.
     */
    public static final class OutOfHeap extends OutOfMemoryError {
        private static final long serialVersionUID = 1L;

        private final int openConnections;
        private final long heldBytes;

        OutOfHeap(int openConnections, long heldBytes) {
            super("the import ran out of heap with " + openConnections + " connections open, holding " + heldBytes
                    + " bytes of their streams");
            this.openConnections = openConnections;
            this.heldBytes = heldBytes;
        }

        /** {@return how many connections were open (begun, not yet ended) when the heap ran out} */
        public int openConnections() {
            return openConnections;
        }

        /**
         * {@return how many bytes of their streams the open connections held: out of order after a missing segment, or
         * kept to compare retransmissions with; -1 when counting them too ran out of heap}
         */
        public long heldBytes() {
            return heldBytes;
        }
    }

    /** Opens the file again for each pass over it. */
    interface Opener {
        InputStream open() throws IOException;
    }

    private final @Nullable Capture capture;
    private final List<String> problems;
    private final List<String> warnings;
    private final List<String> holes;
    private final int frames;
    private final int connections;
    private final long clientBytes;
    private final long serverBytes;
    private final long[] mostHeld; // to sort: {frames, bytes of them}
    /** The TCP frames that passed the port and host filters; set once, as the import ends. */
    private int kept;

    private PcapImport(
            @Nullable Capture capture,
            List<String> problems,
            List<String> warnings,
            List<String> holes,
            int frames,
            int connections,
            long clientBytes,
            long serverBytes,
            long[] mostHeld) {
        this.capture = capture;
        this.mostHeld = mostHeld.clone();
        this.problems = List.copyOf(problems);
        this.warnings = List.copyOf(warnings);
        this.holes = List.copyOf(holes);
        this.frames = frames;
        this.connections = connections;
        this.clientBytes = clientBytes;
        this.serverBytes = serverBytes;
    }

    /** Reads every TCP connection of a pcap or pcapng file. */
    public static PcapImport read(Path file) throws IOException {
        return read(file, 0, null);
    }

    /**
     * Reads the TCP connections of a pcap or pcapng file with {@code port} (0: any) and {@code host} (an IPv4 or IPv6
     * literal; null: any) at either end, into a {@link Capture} in memory; {@link #stream} writes them as it goes.
     * @throws IllegalArgumentException if {@code host} is not an address literal or {@code port} is not 0 to 65535
     */
    public static PcapImport read(Path file, int port, @Nullable String host) throws IOException {
        return collect(() -> Files.newInputStream(file), port, host);
    }

    /** Reads the TCP connections of a packet capture held in memory, filtered as {@link #read(Path, int, String)}. */
    public static PcapImport read(byte[] file, int port, @Nullable String host) {
        try {
            return collect(() -> new ByteArrayInputStream(file), port, host);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
    }

    /**
     * Imports the TCP connections of a pcap or pcapng file, filtered as {@link #read(Path, int, String)}, handing each
     * record to {@code sink} as soon as it is reassembled; the result has no {@link #capture()}. It reads the file
     * twice: once to find its time span, how far its frames come out of time order and which ends accept
     * connections, then to reassemble them. It holds one frame at a time (for a file out of time order, the frames
     * within its disorder; a pcapng file that gives each interface its own blocks is read once more per interface, and
     * held within each interface's own disorder), and per direction of
     * each open connection the bytes that came after a hole (until it is filled, the peer acknowledges past it, or more
     * than {@value TcpStream#HISTORY} bytes wait: then the hole is reported and skipped, and those bytes are written at
     * their own frames' times) and the last {@value TcpStream#HISTORY} bytes delivered (and any the peer had not
     * acknowledged) to compare retransmissions with.
     * @throws IllegalArgumentException if {@code host} is not an address literal or {@code port} is not 0 to 65535
     */
    public static PcapImport stream(Path file, int port, @Nullable String host, Sink sink) throws IOException {
        return run(() -> Files.newInputStream(file), port, host, sink, false);
    }

    private static PcapImport collect(Opener opener, int port, @Nullable String host) throws IOException {
        long[] start = {0};
        List<CaptureRecord> records = new ArrayList<>();
        PcapImport imported = run(
                opener,
                port,
                host,
                new Sink() {
                    @Override
                    public void start(long startEpochMicros) {
                        start[0] = startEpochMicros;
                    }

                    @Override
                    public void record(CaptureRecord record) {
                        records.add(record);
                    }
                },
                true);
        PcapImport read = new PcapImport(
                new Capture(start[0], records),
                imported.problems,
                imported.warnings,
                imported.holes,
                imported.frames,
                imported.connections,
                imported.clientBytes,
                imported.serverBytes,
                imported.mostHeld);
        read.kept = imported.kept;
        return read;
    }

    static PcapImport run(Opener opener, int port, @Nullable String host, Sink sink, boolean inMemory)
            throws IOException {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 to 65535, not " + port);
        }
        String wanted = host == null ? null : literal(host);
        // First pass: the time span, whether the frames come in time order, and the addresses that accept connections.
        Map<String, String> listeners = new HashMap<>(); // each to itself: one copy for all its connections
        long start = 0;
        long previous = Long.MIN_VALUE;
        TimeOrder.Disorder disorder = new TimeOrder.Disorder();
        int count;
        long[] drops;
        try (PacketFileReader reader = open(opener)) {
            for (Frame f = reader.next(); f != null; f = reader.next()) {
                long t = f.micros();
                start = previous == Long.MIN_VALUE ? t : Math.min(start, t);
                disorder.add(t, reader.source());
                previous = t;
                TcpSegment s = PacketDecoder.decode(f).segment();
                if (s != null && s.has(TcpSegment.SYN)) {
                    String listener = s.has(TcpSegment.ACK) ? s.source() : s.destination();
                    listeners.putIfAbsent(listener, listener);
                }
            }
            count = reader.count();
            drops = reader.drops();
        }
        sink.start(start);
        Reassembly reassembly = new Reassembly(port, wanted, start, sink, listeners);
        String cut;
        long[] mostHeld = new long[2];
        try (TimeOrder frames = new TimeOrder(opener, disorder)) {
            for (Frame f = frames.next(); f != null; f = frames.next()) {
                reassembly.add(f);
            }
            cut = frames.cut();
            mostHeld[0] = frames.mostHeld();
            mostHeld[1] = frames.mostHeldBytes();
        } catch (OutOfMemoryError e) {
            throw reassembly.outOfHeap();
        }
        reassembly.finish();
        List<String> problems = new ArrayList<>();
        if (cut != null) {
            problems.add(cut);
        }
        problems.addAll(reassembly.problems());
        PcapImport imported = new PcapImport(
                null,
                problems,
                drops[0] + drops[1] == 0 ? List.of() : List.of(dropped(drops)),
                reassembly.holes(),
                count,
                reassembly.flows.size(),
                reassembly.bytes[0],
                reassembly.bytes[1],
                mostHeld);
        imported.kept = reassembly.kept;
        return imported;
    }

    /** Words the packets the capture's statistics say were dropped, {by the interface, by the operating system}. */
    private static String dropped(long[] drops) {
        long all = drops[0] + drops[1];
        return "the capture may be missing packets: its interface statistics say " + all
                + (all == 1 ? " packet was" : " packets were") + " dropped while capturing (" + drops[1]
                + " by the operating system, isb_osdrop: its capture buffer was full; " + drops[0]
                + " by the interface, isb_ifdrop); a connection may lack segments where no gap shows it, or be missing"
                + " whole; capture again with a bigger buffer (tcpdump -B 16384, in KiB) and a filter for only the"
                + " traffic you need (tcpdump ... port 25), writing to a fast local disk";
    }

    private static PacketFileReader open(Opener opener) throws IOException {
        return open(opener, 1 << 16);
    }

    /** Opens the file for a pass over it, read through a buffer of {@code buffer} bytes. */
    static PacketFileReader open(Opener opener, int buffer) throws IOException {
        InputStream in = opener.open();
        try {
            return new PacketFileReader(in instanceof ByteArrayInputStream ? in : new BufferedInputStream(in, buffer));
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** The two ends of a connection, the lower first. */
    private record Ends(String low, String high) {}

    /** Reassembles the frames given in time order, and hands the records to the sink in time order. */
    private static final class Reassembly {
        private final int port;
        private final @Nullable String wanted;
        private final long start;
        private final Sink sink;
        private final Map<String, String> listeners;
        /** The connection of each pair of ends, its latest: keyed by the ends' strings its flow holds too. */
        private final Map<Ends, TcpFlow> current = new HashMap<>();
        /** What every flow hands its records to, and reads the floor of their times from: one of each for all. */
        private final Consumer<CaptureRecord> taker = this::take;

        private final LongSupplier floor = () -> this.latest;
        final List<TcpFlow> flows = new ArrayList<>();
        private final Map<PacketDecoder.Skip, Integer> skipped = new EnumMap<>(PacketDecoder.Skip.class);
        private final Map<PacketDecoder.Skip, Integer> snaps = new EnumMap<>(PacketDecoder.Skip.class);
        /** The records of the latest time, not yet handed on: those of one time go in connection order. */
        private final List<CaptureRecord> same = new ArrayList<>();
        /** Bytes from the client and from the server, handed on. */
        final long[] bytes = new long[2];
        /** Frames captured whole whose IP length ran past their end. */
        private int longIp;
        /** The TCP frames that passed the port and host filters. */
        int kept;

        /** The time of the latest record taken: a flow writes none earlier. */
        private long latest;
        /** The time of the last TCP segment read, of any connection: a connection not ended before it vanished. */
        private long lastSegment;

        private @Nullable IOException failed;

        Reassembly(int port, @Nullable String wanted, long start, Sink sink, Map<String, String> listeners) {
            this.port = port;
            this.wanted = wanted;
            this.start = start;
            this.sink = sink;
            this.listeners = listeners;
        }

        void add(Frame frame) throws IOException {
            PacketDecoder.Decoded decoded = PacketDecoder.decode(frame);
            if (decoded.longIp()) {
                longIp++;
            }
            TcpSegment s = decoded.segment();
            if (s == null) {
                PacketDecoder.Skip skip = Objects.requireNonNull(decoded.skip());
                skipped.merge(skip, 1, Integer::sum);
                if (skip == PacketDecoder.Skip.CUT_HEADER) {
                    // the snapshot length that cut it, or -1 when the frame is shorter than that (damaged, not cut)
                    int snap = frame.snapLength() > 0 && frame.data().length >= frame.snapLength()
                            ? frame.snapLength()
                            : -1;
                    snaps.merge(skip, snap, (a, b) -> a.equals(b) ? a : -1);
                }
                return;
            }
            lastSegment = s.micros();
            if ((port != 0 && s.sourcePort() != port && s.destinationPort() != port)
                    || (wanted != null
                            && !s.host().equals(wanted)
                            && !s.peerHost().equals(wanted))) {
                return;
            }
            kept++;
            // a listener's address is the one copy of it the flows and keys hold, not each segment's own
            String source = listeners.getOrDefault(s.source(), s.source());
            String destination = listeners.getOrDefault(s.destination(), s.destination());
            Ends key =
                    source.compareTo(destination) < 0 ? new Ends(source, destination) : new Ends(destination, source);
            TcpFlow flow = current.get(key);
            boolean opening = s.has(TcpSegment.SYN) && !s.has(TcpSegment.ACK);
            if (flow == null || (opening && (flow.ended() || flow.isNewSyn(s)))) {
                if (!s.has(TcpSegment.SYN) && s.payload().length == 0 && s.missing() == 0) {
                    return; // the tail of a connection whose start was not captured, with nothing to keep
                }
                flow = newFlow(s, source, destination, flows.size() + 1, start, taker, floor, listeners);
                flows.add(flow);
                current.put(key, flow);
            }
            flow.add(s);
            rethrow();
        }

        /** Takes a record a flow made: those of a later time than the ones held let the held ones go. */
        private void take(CaptureRecord r) {
            if (!same.isEmpty() && r.micros() > same.get(0).micros()) {
                flush();
            }
            same.add(r);
            latest = Math.max(latest, r.micros());
        }

        private void flush() {
            same.sort(Comparator.comparingInt(CaptureRecord::connection)); // stable: each connection's order kept
            for (CaptureRecord r : same) {
                if (r instanceof DataRecord d) {
                    bytes[d.from() == Side.CLIENT ? 0 : 1] += d.bytes().length;
                }
                if (failed == null) {
                    try {
                        sink.record(r);
                    } catch (IOException e) {
                        failed = e;
                    }
                }
            }
            same.clear();
        }

        private void rethrow() throws IOException {
            IOException e = failed;
            if (e != null) {
                throw e;
            }
        }

        /** Counts what the open connections hold, lets go of every connection, and returns the error to throw. */
        OutOfHeap outOfHeap() {
            int open = 0;
            for (int i = 0; i < flows.size(); i++) { // no iterator: the heap is exhausted
                open += flows.get(i).ended() ? 0 : 1;
            }
            current.clear();
            same.clear();
            long held = 0;
            try {
                for (int i = 0; i < flows.size(); i++) {
                    held += flows.get(i).ended() ? 0 : flows.get(i).held();
                }
            } catch (OutOfMemoryError e) {
                held = -1; // unknown
            }
            flows.clear();
            return new OutOfHeap(open, held);
        }

        void finish() throws IOException {
            for (TcpFlow flow : flows) {
                flow.finish(lastSegment);
            }
            flush();
            rethrow();
        }

        List<String> holes() {
            List<String> holes = new ArrayList<>();
            for (TcpFlow flow : flows) {
                holes.addAll(flow.holes());
            }
            return holes;
        }

        List<String> problems() {
            List<String> problems = new ArrayList<>();
            for (TcpFlow flow : flows) {
                problems.addAll(flow.problems());
            }
            int fragments = skipped.getOrDefault(PacketDecoder.Skip.FRAGMENT, 0);
            if (fragments > 0) {
                problems.add(
                        fragments == 1
                                ? "1 IP fragment of a TCP packet was not reassembled (weft does not defragment); its"
                                        + " bytes are missing"
                                : fragments
                                        + " IP fragments of TCP packets were not reassembled (weft does not"
                                        + " defragment); their bytes are missing");
            }
            int cutHeader = skipped.getOrDefault(PacketDecoder.Skip.CUT_HEADER, 0);
            if (cutHeader > 0) {
                problems.add((cutHeader == 1
                                ? "1 frame was cut at the snapshot length" + snap(snaps, PacketDecoder.Skip.CUT_HEADER)
                                        + " before the end of its TCP header, so its segment is missing"
                                : cutHeader + " frames were cut at the snapshot length"
                                        + snap(snaps, PacketDecoder.Skip.CUT_HEADER)
                                        + " before the end of their TCP header, so their segments are missing")
                        + "; capture again with tcpdump -s 0");
            }
            int bad = skipped.getOrDefault(PacketDecoder.Skip.BAD_HEADER, 0);
            if (bad > 0) {
                problems.add((bad == 1 ? "1 frame has" : bad + " frames have")
                        + " a damaged IP or TCP header (a header length below 5 words, a TCP header past the end"
                        + " of its IP packet, or a header past the end of a frame captured whole), so "
                        + (bad == 1 ? "its segment is" : "their segments are")
                        + " missing; the capture is damaged there, or was written by a faulty tool");
            }
            if (longIp > 0) {
                problems.add((longIp == 1
                                ? "1 frame captured whole has an IP length past its end (a damaged length): the TCP"
                                        + " bytes it holds were kept"
                                : longIp + " frames captured whole have an IP length past their end (a damaged"
                                        + " length): the TCP bytes they hold were kept")
                        + ", and nothing is counted missing for it; the capture is damaged there, or was written by a"
                        + " faulty tool");
            }
            return problems;
        }
    }

    /** Names the snapshot length that cut every frame of a kind (" 60"), or nothing when they differ. */
    private static String snap(Map<PacketDecoder.Skip, Integer> snaps, PacketDecoder.Skip skip) {
        int snap = snaps.getOrDefault(skip, -1);
        return snap > 0 ? " " + snap : "";
    }

    /**
     * Starts a flow at its first segment, from {@code source} to {@code destination} (its ends, as the flow is to hold
     * them). Mid-stream, the server is the end that accepted connections elsewhere in the file ({@code listeners}: SYNs
     * went to it, or it sent SYN-ACKs), else the lower port.
     */
    private static TcpFlow newFlow(
            TcpSegment s,
            String source,
            String destination,
            int id,
            long start,
            Consumer<CaptureRecord> records,
            LongSupplier floor,
            Map<String, String> listeners) {
        boolean syn = s.has(TcpSegment.SYN);
        boolean clientSent;
        if (syn) {
            clientSent = !s.has(TcpSegment.ACK);
        } else if (listeners.containsKey(destination) != listeners.containsKey(source)) {
            clientSent = listeners.containsKey(destination);
        } else {
            clientSent = s.sourcePort() > s.destinationPort(); // no evidence: the lower port is the server's
        }
        TcpFlow flow = clientSent
                ? new TcpFlow(source, destination, s.micros(), records, floor)
                : new TcpFlow(destination, source, s.micros(), records, floor);
        flow.begin(id, start, !syn);
        return flow;
    }

    private static String literal(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        // Four dotted numbers, or IPv6: InetAddress would also take "1.2.3" (as 1.2.0.3) and "10" (as 0.0.0.10).
        if (!h.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
            throw new IllegalArgumentException(
                    "host '" + host + "' is not an IPv4 or IPv6 address; give one like" + " 127.0.0.1 or ::1");
        }
        try {
            return Addresses.hostOf(InetAddress.getByName(h)); // as PacketDecoder writes the segments' hosts
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("host '" + host + "' is not an IPv4 or IPv6 address", e);
        }
    }

    /**
     * {@return the connections found, as a capture starting at the first frame's time}
     * @throws IllegalStateException for an import {@linkplain #stream streamed} to a sink, which holds no capture
     */
    public Capture capture() {
        Capture c = capture;
        if (c == null) {
            throw new IllegalStateException("this import was streamed to a sink, which took its records; use read()"
                    + " for a capture in memory");
        }
        return c;
    }

    /** {@return how many connections were found} */
    public int connections() {
        return connections;
    }

    /** {@return how many bytes the clients sent, over every connection} */
    public long clientBytes() {
        return clientBytes;
    }

    /** {@return how many bytes the servers sent, over every connection} */
    public long serverBytes() {
        return serverBytes;
    }

    /** {@return what could not be reassembled, one sentence each; empty when every byte was accounted for} */
    public List<String> problems() {
        return problems;
    }

    /**
     * {@return what the file says of the capture as a whole that may make it incomplete, one sentence each (with what to
     * do): the packets a pcapng file's interface statistics say were dropped while capturing (isb_ifdrop,
     * isb_osdrop), which may have left out segments no gap shows, or whole connections}
     */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * {@return every hole skipped in a stream, one line each ({@code connection #1 c>s: 12 bytes missing at offset
     * 11}), by connection and in stream order; {@link #problems()} sums them up per direction} A connection lists its
     * first {@value TcpFlow#MAX_HOLES}.
     */
    public List<String> holes() {
        return holes;
    }

    /** {@return the most frames held at once to put the file's frames in time order} */
    long mostHeldFrames() {
        return mostHeld[0];
    }

    /** {@return the most bytes of frames held at once to put the file's frames in time order} */
    long mostHeldBytes() {
        return mostHeld[1];
    }

    /** {@return how many frames the file held, TCP or not} */
    public int frames() {
        return frames;
    }

    /**
     * {@return how many of the {@link #frames()} were TCP segments with the port and host asked for (every TCP segment
     * without filters), whether or not they carried bytes: those the import was made from}
     */
    public int framesKept() {
        return kept;
    }
}
