package dev.weft.internet.testing.pcap;

import dev.weft.internet.Addresses;
import dev.weft.internet.testing.capture.Capture;
import dev.weft.internet.testing.capture.CaptureRecord;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * sent the first SYN is the client (mid-stream: the lower port is the server). What cannot be reassembled is reported
 * in {@link #problems()}, never dropped silently: segments not captured, found by the gap they leave or by the peer's
 * acknowledgments (which also tell of a direction the capture filtered out), frames cut at the snapshot length (one
 * cut in its TCP payload keeps its captured part, and the rest is a hole in the stream, as a segment not captured
 * is; one cut in its TCP header is lost whole), frames with a damaged IP or TCP header, IP fragments. A file that is not pcap or pcapng, is truncated or damaged (pcapng
 * blocks whose lengths disagree or are too short for their fields, a pcap record whose fraction of a second is a whole
 * second or more) or has an unknown link type throws {@link PcapFormatException} naming the offset. Timestamps are
 * rounded down to the microsecond; a pcapng interface's {@code if_tsresol} and {@code if_tsoffset} are applied
 * exactly. Immutable and thread-safe once read; reading is confined to the calling thread.
 */
public final class PcapImport {
    private final Capture capture;
    private final List<String> problems;
    private final int frames;

    private PcapImport(Capture capture, List<String> problems, int frames) {
        this.capture = capture;
        this.problems = List.copyOf(problems);
        this.frames = frames;
    }

    /** Reads every TCP connection of a pcap or pcapng file. */
    public static PcapImport read(Path file) throws IOException {
        return read(file, 0, null);
    }

    /**
     * Reads the TCP connections of a pcap or pcapng file with {@code port} (0: any) and {@code host} (an IPv4 or IPv6
     * literal; null: any) at either end.
     * @throws IllegalArgumentException if {@code host} is not an address literal or {@code port} is not 0 to 65535
     */
    public static PcapImport read(Path file, int port, @Nullable String host) throws IOException {
        return read(Files.readAllBytes(file), port, host);
    }

    /** Reads the TCP connections of a packet capture held in memory, filtered as {@link #read(Path, int, String)}. */
    public static PcapImport read(byte[] file, int port, @Nullable String host) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 to 65535, not " + port);
        }
        String wanted = host == null ? null : literal(host);
        List<Frame> frames = new ArrayList<>(PacketFileReader.read(file));
        frames.sort(Comparator.comparingLong(Frame::micros)); // pcapng orders blocks by interface, not time
        long start = frames.isEmpty() ? 0 : frames.get(0).micros();
        long last = frames.isEmpty() ? 0 : frames.get(frames.size() - 1).micros();
        Map<String, TcpFlow> current = new HashMap<>();
        List<TcpFlow> flows = new ArrayList<>();
        Map<PacketDecoder.Skip, Integer> skipped = new java.util.EnumMap<>(PacketDecoder.Skip.class);
        Map<PacketDecoder.Skip, Integer> snaps = new java.util.EnumMap<>(PacketDecoder.Skip.class);
        for (Frame frame : frames) {
            PacketDecoder.Decoded decoded = PacketDecoder.decode(frame);
            TcpSegment s = decoded.segment();
            if (s == null) {
                PacketDecoder.Skip skip = java.util.Objects.requireNonNull(decoded.skip());
                skipped.merge(skip, 1, Integer::sum);
                if (skip == PacketDecoder.Skip.CUT_HEADER) {
                    // the snapshot length that cut it, or -1 when the frame is shorter than that (damaged, not cut)
                    int snap = frame.snapLength() > 0 && frame.data().length >= frame.snapLength()
                            ? frame.snapLength()
                            : -1;
                    snaps.merge(skip, snap, (a, b) -> a.equals(b) ? a : -1);
                }
                continue;
            }
            if ((port != 0 && s.sourcePort() != port && s.destinationPort() != port)
                    || (wanted != null
                            && !s.host().equals(wanted)
                            && !s.peerHost().equals(wanted))) {
                continue;
            }
            String key = s.source().compareTo(s.destination()) < 0
                    ? s.source() + " " + s.destination()
                    : s.destination() + " " + s.source();
            TcpFlow flow = current.get(key);
            boolean opening = s.has(TcpSegment.SYN) && !s.has(TcpSegment.ACK);
            if (flow == null || (opening && (flow.ended() || flow.isNewSyn(s)))) {
                if (!s.has(TcpSegment.SYN) && s.payload().length == 0 && s.missing() == 0) {
                    continue; // the tail of a connection whose start was not captured, with nothing to keep
                }
                flow = newFlow(s, flows.size() + 1, start);
                flows.add(flow);
                current.put(key, flow);
            }
            flow.add(s);
        }
        List<CaptureRecord> records = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (TcpFlow flow : flows) {
            flow.finish(last);
            records.addAll(flow.records());
            problems.addAll(flow.problems());
        }
        records.sort(Comparator.comparingLong(CaptureRecord::micros));
        int fragments = skipped.getOrDefault(PacketDecoder.Skip.FRAGMENT, 0);
        if (fragments > 0) {
            problems.add(
                    fragments == 1
                            ? "1 IP fragment of a TCP packet was not reassembled (weft does not defragment); its bytes are"
                                    + " missing"
                            : fragments
                                    + " IP fragments of TCP packets were not reassembled (weft does not defragment);"
                                    + " their bytes are missing");
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
                    + " a damaged IP or TCP header (a header length below 5 words, or a TCP header past the end of its"
                    + " IP packet), so " + (bad == 1 ? "its segment is" : "their segments are")
                    + " missing; the capture is damaged there, or was written by a faulty tool");
        }
        return new PcapImport(new Capture(start, records), problems, frames.size());
    }

    /** Names the snapshot length that cut every frame of a kind (" 60"), or nothing when they differ. */
    private static String snap(Map<PacketDecoder.Skip, Integer> snaps, PacketDecoder.Skip skip) {
        int snap = snaps.getOrDefault(skip, -1);
        return snap > 0 ? " " + snap : "";
    }

    private static TcpFlow newFlow(TcpSegment s, int id, long start) {
        boolean syn = s.has(TcpSegment.SYN);
        boolean clientSent;
        if (syn) {
            clientSent = !s.has(TcpSegment.ACK);
        } else {
            clientSent = s.sourcePort() > s.destinationPort(); // mid-stream: the lower port is the server's
        }
        TcpFlow flow = clientSent
                ? new TcpFlow(s.source(), s.destination(), s.micros())
                : new TcpFlow(s.destination(), s.source(), s.micros());
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

    /** {@return the connections found, as a capture starting at the first frame's time} */
    public Capture capture() {
        return capture;
    }

    /** {@return what could not be reassembled, one sentence each; empty when every byte was accounted for} */
    public List<String> problems() {
        return problems;
    }

    /** {@return how many frames the file held, TCP or not} */
    public int frames() {
        return frames;
    }
}
