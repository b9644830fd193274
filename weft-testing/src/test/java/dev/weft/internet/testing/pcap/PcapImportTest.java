package dev.weft.internet.testing.pcap;

import static dev.weft.internet.testing.pcap.PcapFiles.ACK;
import static dev.weft.internet.testing.pcap.PcapFiles.FIN;
import static dev.weft.internet.testing.pcap.PcapFiles.PSH;
import static dev.weft.internet.testing.pcap.PcapFiles.RST;
import static dev.weft.internet.testing.pcap.PcapFiles.SYN;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.internet.testing.Chunking;
import dev.weft.internet.testing.Split;
import dev.weft.internet.testing.capture.Capture;
import dev.weft.internet.testing.capture.CaptureRecord;
import dev.weft.internet.testing.capture.CloseKind;
import dev.weft.internet.testing.capture.CloseRecord;
import dev.weft.internet.testing.capture.ConnectedRecord;
import dev.weft.internet.testing.capture.HalfCloseRecord;
import dev.weft.internet.testing.capture.OpenRecord;
import dev.weft.internet.testing.capture.RecordedConnection;
import dev.weft.internet.testing.capture.Side;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

final class PcapImportTest {
    static final String C = "10.0.0.1";
    static final String S = "10.0.0.2";

    static byte[] resource(String name) throws Exception {
        try (InputStream in = PcapImportTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    /** The client bytes of conversation.py with a 3000-byte block, and the server's answer. */
    static byte[][] pythonConversation() {
        ByteArrayOutputStream client = new ByteArrayOutputStream();
        client.writeBytes("hello\nworld\n".getBytes(US_ASCII));
        for (int i = 0; i < 3000; i++) {
            client.write((i * 7) % 251);
        }
        client.write('\n');
        byte[] c = client.toByteArray();
        ByteArrayOutputStream server = new ByteArrayOutputStream();
        int start = 0;
        for (int i = 0; i < c.length; i++) {
            if (c[i] == '\n') {
                server.writeBytes("echo:".getBytes(US_ASCII));
                server.write(c, start, i - start + 1);
                start = i + 1;
            }
        }
        server.writeBytes("bye\n".getBytes(US_ASCII));
        return new byte[][] {c, server.toByteArray()};
    }

    static void assertPythonConversation(PcapImport imported, String server) {
        assertThat(imported.problems()).isEmpty();
        Capture capture = imported.capture();
        assertThat(capture.connections()).hasSize(1);
        RecordedConnection c = capture.connection(1);
        byte[][] expected = pythonConversation();
        assertThat(c.bytes(Side.CLIENT)).isEqualTo(expected[0]);
        assertThat(c.bytes(Side.SERVER)).isEqualTo(expected[1]);
        assertThat(c.pieces(Side.CLIENT).get(0)).asString(US_ASCII).isEqualTo("hello\n");
        List<CaptureRecord> records = c.records();
        assertThat(records.get(0))
                .isInstanceOfSatisfying(
                        OpenRecord.class, o -> assertThat(o.listener()).isEqualTo(server));
        assertThat(records.get(1)).isInstanceOf(ConnectedRecord.class);
        assertThat(records.stream().filter(r -> r instanceof HalfCloseRecord).map(r -> ((HalfCloseRecord) r).from()))
                .containsExactly(Side.CLIENT, Side.SERVER);
        assertThat(records.subList(records.size() - 2, records.size()))
                .allSatisfy(r -> assertThat(r)
                        .isInstanceOfSatisfying(
                                CloseRecord.class,
                                close -> assertThat(close.kind()).isEqualTo(CloseKind.CLEAN)));
        for (int i = 1; i < capture.records().size(); i++) {
            assertThat(capture.records().get(i).micros())
                    .isGreaterThanOrEqualTo(capture.records().get(i - 1).micros());
        }
    }

    @Test
    void aTcpdumpCaptureOfLoopbackIpv4IsReassembled() throws Exception {
        PcapImport imported = PcapImport.read(resource("lo4.pcap"), 0, null);

        assertPythonConversation(imported, "127.0.0.1:47011");
        assertThat(imported.capture().connection(1).records().get(0))
                .isInstanceOfSatisfying(
                        OpenRecord.class, o -> assertThat(o.target()).isEqualTo("tcp:host=127.0.0.1:port=47011"));
    }

    @Test
    void aNanosecondTcpdumpCaptureOfLoopbackIpv6IsReassembled() throws Exception {
        PcapImport imported = PcapImport.read(resource("lo6-nano.pcap"), 0, null);

        assertPythonConversation(imported, "[::1]:47012"); // RFC 5952's form, as weft writes addresses everywhere
        assertThat(imported.capture().connection(1).records().get(0))
                .isInstanceOfSatisfying(
                        OpenRecord.class, o -> assertThat(o.target()).isEqualTo("tcp:host=[::1]:port=47012"));
        assertThat(PcapImport.read(resource("lo6-nano.pcap"), 0, "0:0:0:0:0:0:0:1")
                        .capture()
                        .connections())
                .as("a host filter in the long form still matches")
                .hasSize(1);
    }

    @Test
    void aTcpdumpCaptureOnAnyInterfaceIsLinuxCookedSll2() throws Exception {
        byte[] file = resource("any4.pcap");
        assertThat(java.nio.ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getInt(20))
                .isEqualTo(276);

        assertPythonConversation(PcapImport.read(file, 0, null), "127.0.0.1:47013");
    }

    /** A conversation with a retransmission that differs, an out-of-order pair and a keep-alive. */
    static PcapFiles messyConversation(UnaryOperator<byte[]> link, boolean v6) throws Exception {
        PcapFiles f = new PcapFiles();
        Packet p = new Packet(link, v6);
        long cIsn = 1000;
        long sIsn = 0xFFFFFFF0L; // the server's sequence numbers wrap around 2^32
        f.add(1, p.fromClient(SYN, cIsn, ""));
        f.add(2, p.fromServer(SYN | ACK, sIsn, ""));
        f.add(3, p.fromClient(ACK, cIsn + 1, ""));
        f.add(4, p.fromClient(PSH | ACK, cIsn + 1, "GET "));
        f.add(5, p.fromClient(PSH | ACK, cIsn + 9, "HTTP")); // out of order: arrives before "/x y "
        f.add(6, p.fromClient(PSH | ACK, cIsn + 5, "/x y"));
        f.add(7, p.fromClient(PSH | ACK, cIsn + 5, "/ZZZ")); // a retransmission with other bytes: first copy wins
        f.add(8, p.fromClient(PSH | ACK, cIsn + 7, " yXXXX\n")); // a partial overlap: only the new tail counts
        f.add(9, p.fromServer(PSH | ACK, sIsn + 1, "200 ok, all good"));
        f.add(10, p.fromServer(ACK, sIsn + 16, "g")); // a keep-alive probe: seq one below next, one byte
        f.add(11, p.fromServer(PSH | ACK, sIsn + 17, " indeed\n"));
        f.add(12, p.fromClient(FIN | ACK, cIsn + 14, ""));
        f.add(13, p.fromServer(FIN | ACK, sIsn + 25, ""));
        f.add(14, p.fromClient(ACK, cIsn + 15, ""));
        return f;
    }

    static void assertMessy(PcapImport imported) {
        assertThat(imported.problems())
                .containsExactly("connection #1 c>s: 2 retransmissions differ from the copies captured first (the first"
                        + " in 3 of 4 bytes, from offset 5); the copies captured first were kept");
        RecordedConnection c = imported.capture().connection(1);
        assertThat(c.bytes(Side.CLIENT)).asString(US_ASCII).isEqualTo("GET /x yHTTP\n");
        assertThat(c.bytes(Side.SERVER)).asString(US_ASCII).isEqualTo("200 ok, all good indeed\n");
        assertThat(c.halfClosed(Side.CLIENT)).isTrue();
        assertThat(c.halfClosed(Side.SERVER)).isTrue();
        assertThat(c.close(Side.CLIENT))
                .hasValueSatisfying(close -> assertThat(close.kind()).isEqualTo(CloseKind.CLEAN));
    }

    @Test
    void retransmissionsOverlapsOutOfOrderSegmentsKeepAlivesAndSequenceWrapOnEveryLinkType() throws Exception {
        record Link(String name, int type, UnaryOperator<byte[]> wrap, boolean v6) {}
        List<Link> links = List.of(
                new Link("ethernet", 1, ip -> PcapFiles.ethernet(ip, false), false),
                new Link("ethernet+vlan v6", 1, ip -> PcapFiles.ethernet(ip, true), true),
                new Link("sll", 113, PcapFiles::sll, false),
                new Link("sll2 v6", 276, PcapFiles::sll2, true),
                new Link("null little-endian", 0, ip -> PcapFiles.nullLink(ip, ByteOrder.LITTLE_ENDIAN, 2), false),
                new Link("null big-endian v6", 0, ip -> PcapFiles.nullLink(ip, ByteOrder.BIG_ENDIAN, 30), true),
                new Link("loop", 108, ip -> PcapFiles.nullLink(ip, ByteOrder.BIG_ENDIAN, 2), false),
                new Link("raw", 101, ip -> ip, false),
                new Link("raw v6", 229, ip -> ip, true));
        for (Link link : links) {
            PcapFiles files = messyConversation(link.wrap(), link.v6());
            for (byte[] file : List.of(
                    files.pcap(link.type()),
                    files.pcapng(link.type()),
                    files.pcapng(link.type(), ByteOrder.LITTLE_ENDIAN))) {
                PcapImport imported = PcapImport.read(file, 0, null);
                assertThat(imported.frames()).as(link.name()).isEqualTo(14);
                assertMessy(imported);
            }
        }
    }

    @Test
    void aMissingSegmentIsReportedByConnectionDirectionAndOffsetAndTheRestIsKept() throws Exception {
        Packet p = new Packet(ip -> ip, false);
        PcapFiles f = new PcapFiles()
                .add(1, p.fromClient(SYN, 0, ""))
                .add(2, p.fromServer(SYN | ACK, 500, ""))
                .add(3, p.fromClient(ACK, 1, "abcd"))
                .add(4, p.fromClient(ACK, 9, "ijkl")) // "efgh" at offset 4 was never captured
                .add(5, p.fromClient(FIN | ACK, 13, ""))
                .add(6, p.fromServer(FIN | ACK, 501, ""));

        PcapImport imported = PcapImport.read(f.pcap(101), 0, null);

        assertThat(imported.problems())
                .containsExactly("connection #1 c>s: 4 bytes missing at offset 4 (segments not captured); the bytes"
                        + " after the gap were kept, so the stream lacks them");
        assertThat(imported.capture().connection(1).bytes(Side.CLIENT))
                .asString(US_ASCII)
                .isEqualTo("abcdijkl");
        assertThat(imported.capture().connection(1).halfClosed(Side.CLIENT)).isTrue();
    }

    /**
     * Every problem reads right for one and for more: a gap of 1 byte or 2, bytes before a FIN, IP fragments and
     * frames cut at the snapshot length.
     */
    @Test
    void problemsNameOneThingInTheSingularAndMoreInThePlural() throws Exception {
        assertThat(problemsOf(1))
                .containsExactly(
                        "connection #1 c>s: 1 byte missing at offset 2 (segments not captured); the bytes after the"
                                + " gap were kept, so the stream lacks it",
                        "connection #1 c>s: 1 byte at offset 6 was not captured: the frame was cut at the snapshot"
                                + " length; its captured part and the bytes after it were kept, so the stream lacks it;"
                                + " capture again with tcpdump -s 0",
                        "connection #1 s>c: 1 byte before the FIN at offset 1 was not captured",
                        "1 IP fragment of a TCP packet was not reassembled (weft does not defragment); its bytes are"
                                + " missing");
        assertThat(problemsOf(2))
                .containsExactly(
                        "connection #1 c>s: 2 bytes missing at offset 2 (segments not captured); the bytes after the"
                                + " gap were kept, so the stream lacks them",
                        "connection #1 c>s: 2 bytes in 2 holes (the first 1 byte at offset 7) were not captured:"
                                + " their frames were cut at the snapshot length; the captured part of each and the"
                                + " bytes after each hole were kept, so the stream lacks them; capture again with"
                                + " tcpdump -s 0",
                        "connection #1 s>c: 2 bytes before the FIN at offset 1 were not captured",
                        "2 IP fragments of TCP packets were not reassembled (weft does not defragment); their bytes"
                                + " are missing");
    }

    /** Imports a conversation with {@code n} of each problem: bytes of a gap, bytes before a FIN, fragments, cuts. */
    private static List<String> problemsOf(int n) throws Exception {
        Packet p = new Packet(ip -> ip, false);
        Packet fragment = new Packet(
                ip -> {
                    ip[6] = 0x20; // more fragments follow
                    return ip;
                },
                false);
        Packet cut = new Packet(ip -> PcapFiles.cut(ip, ip.length - 1), false);
        PcapFiles f = new PcapFiles()
                .add(1, p.fromClient(SYN, 0, ""))
                .add(2, p.fromServer(SYN | ACK, 500, ""))
                .add(3, p.fromClient(ACK, 1, "ab"))
                .add(4, p.fromClient(ACK, 3 + n, "z")) // n bytes at offset 2 were never captured
                .add(5, p.fromServer(ACK, 501, "x"))
                .add(6, p.fromServer(FIN | ACK, 502 + n, "")); // n bytes before the FIN were never captured
        for (int i = 0; i < n; i++) { // each cut frame keeps "cu" and lacks its "t"
            f.add(7 + i, fragment.fromClient(ACK, 100, "frag")).add(9 + i, cut.fromClient(ACK, 4 + n + 3 * i, "cut"));
        }
        f.add(20, p.fromClient(FIN | ACK, 4 + 4 * n, ""));
        return PcapImport.read(f.pcap(101), 0, null).problems();
    }

    @Test
    void aResetEndsBothLegsAndARefusedConnectionNeverConnects() throws Exception {
        Packet p = new Packet(ip -> ip, false);
        Packet other = new Packet(ip -> ip, false, 40001);
        PcapFiles f = new PcapFiles()
                .add(1, p.fromClient(SYN, 0, ""))
                .add(2, p.fromServer(SYN | ACK, 500, ""))
                .add(3, p.fromClient(ACK, 1, "hi"))
                .add(4, p.fromServer(RST | ACK, 501, ""))
                .add(5, p.fromClient(ACK, 3, "late")) // after the reset: ignored
                .add(6, other.fromClient(SYN, 77, ""))
                .add(7, other.fromServer(RST | ACK, 0, ""));

        Capture capture = PcapImport.read(f.pcap(101), 0, null).capture();

        RecordedConnection reset = capture.connection(1);
        assertThat(reset.bytes(Side.CLIENT)).asString(US_ASCII).isEqualTo("hi");
        assertThat(reset.close(Side.SERVER))
                .hasValue(new CloseRecord(1, 3, Side.SERVER, false, CloseKind.RESET, "RST from the server"));
        assertThat(reset.close(Side.CLIENT))
                .hasValue(new CloseRecord(1, 3, Side.CLIENT, true, CloseKind.RESET, "RST from the server"));
        RecordedConnection refused = capture.connection(2);
        assertThat(refused.records()).noneMatch(r -> r instanceof ConnectedRecord);
        assertThat(refused.close(Side.SERVER))
                .hasValueSatisfying(c -> assertThat(c.kind()).isEqualTo(CloseKind.CONNECT_FAILED));
    }

    @Test
    void aNewSynOnTheSamePortsStartsANewConnectionAndAMidStreamCaptureTakesTheLowerPortAsServer() throws Exception {
        Packet p = new Packet(ip -> ip, false);
        PcapFiles f = new PcapFiles()
                .add(1, p.fromServer(ACK, 9000, "mid")) // no SYN seen: the server (port 80) speaks first
                .add(2, p.fromClient(FIN | ACK, 4000, ""))
                .add(3, p.fromServer(FIN | ACK, 9003, ""))
                .add(4, p.fromClient(SYN, 7000, ""))
                .add(5, p.fromServer(SYN | ACK, 100, ""))
                .add(6, p.fromClient(ACK, 7001, "again"));

        PcapImport imported = PcapImport.read(f.pcap(101), 0, null);
        Capture capture = imported.capture();

        assertThat(imported.problems())
                .containsExactly("connection #1 " + C + ":40000 -> " + S + ":80: its start (the SYN) was not captured,"
                        + " so what either side sent before the capture began is missing; the streams start"
                        + " mid-connection");
        assertThat(capture.connections()).hasSize(2);
        assertThat(capture.connection(1).bytes(Side.SERVER)).asString(US_ASCII).isEqualTo("mid");
        assertThat(((OpenRecord) capture.connection(1).records().get(0)).listener())
                .isEqualTo(S + ":80");
        assertThat(capture.connection(2).bytes(Side.CLIENT)).asString(US_ASCII).isEqualTo("again");
    }

    @Test
    void portAndHostFiltersKeepOnlyMatchingConnections() throws Exception {
        Packet a = new Packet(ip -> ip, false);
        Packet b = new Packet(ip -> ip, false, 40002, 8080);
        PcapFiles f = new PcapFiles()
                .add(1, a.fromClient(SYN, 0, ""))
                .add(2, b.fromClient(SYN, 0, ""))
                .add(3, a.fromClient(ACK, 1, "to 80"))
                .add(4, b.fromClient(ACK, 1, "to 8080"));

        assertThat(PcapImport.read(f.pcap(101), 8080, null).capture().connections())
                .hasSize(1);
        assertThat(PcapImport.read(f.pcap(101), 8080, null)
                        .capture()
                        .connection(1)
                        .bytes(Side.CLIENT))
                .asString(US_ASCII)
                .isEqualTo("to 8080");
        assertThat(PcapImport.read(f.pcap(101), 0, S).capture().connections()).hasSize(2);
        assertThat(PcapImport.read(f.pcap(101), 0, "10.9.9.9").capture().connections())
                .isEmpty();
        for (String notAnAddress : new String[] {"example.org", "1.2.3", "10", "1.2.3.4.5"}) {
            assertThatThrownBy(() -> PcapImport.read(f.pcap(101), 0, notAnAddress))
                    .as(notAnAddress)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not an IPv4 or IPv6 address");
        }
    }

    @Test
    void everySplitOfAStreamIntoSegmentsInAnyOrderReassemblesTheSameBytes() throws Exception {
        byte[] stream = new byte[300];
        new Random(9).nextBytes(stream);
        Packet p = new Packet(ip -> ip, false);
        Chunking.standard().withMaxFixedSize(64).splits(stream.length).forEach(split -> {
            try {
                List<byte[]> pieces = split.pieces(stream);
                List<byte[]> segments = new ArrayList<>();
                int offset = 0;
                for (byte[] piece : pieces) {
                    segments.add(p.fromClient(ACK, 1 + offset, piece));
                    offset += piece.length;
                }
                java.util.Collections.reverse(segments); // every piece but the first arrives out of order
                PcapFiles f = new PcapFiles().add(1, p.fromClient(SYN, 0, "")).add(2, p.fromServer(SYN | ACK, 5, ""));
                for (byte[] s : segments) {
                    f.add(3, s);
                }
                PcapImport imported = PcapImport.read(f.pcap(101), 0, null);
                assertThat(imported.problems()).as("%s", split).isEmpty();
                assertThat(imported.capture().connection(1).bytes(Side.CLIENT))
                        .as("%s", split)
                        .isEqualTo(stream);
            } catch (Exception e) {
                throw new AssertionError(split + ": " + e, e);
            }
        });
        assertThat(Split.at(7).pieces(stream)).hasSize(2);
    }

    @Test
    void badFilesAreRefusedWithOneClearSentence() throws Exception {
        byte[] random = new byte[200];
        new Random(1).nextBytes(random);
        byte[] good = new PcapFiles()
                .add(1, new Packet(ip -> ip, false).fromClient(SYN, 0, ""))
                .pcap(101);
        byte[] futureVersion = good.clone();
        futureVersion[4] = 3;
        byte[] unknownLink = new PcapFiles().add(1, new byte[40]).pcap(147);

        assertThatThrownBy(() -> PcapImport.read(new byte[0], 0, null)).hasMessageContaining("the file is empty");
        assertThatThrownBy(() -> PcapImport.read(random, 0, null)).hasMessageStartingWith("not a pcap or pcapng file");
        assertThatThrownBy(() -> PcapImport.read(java.util.Arrays.copyOf(good, 20), 0, null))
                .hasMessage("truncated pcap header: the file ends at offset 20 of 24");
        assertThatThrownBy(() -> PcapImport.read(futureVersion, 0, null))
                .hasMessageContaining("pcap version 3.4 is not supported");
        assertThatThrownBy(() -> PcapImport.read(unknownLink, 0, null))
                .hasMessageStartingWith("link type 147 is not supported");
    }

    /** Builds the IP packets of one client/server pair, wrapped in a link header. */
    static final class Packet {
        private final UnaryOperator<byte[]> link;
        private final boolean v6;
        private final int clientPort;
        private final int serverPort;

        Packet(UnaryOperator<byte[]> link, boolean v6) {
            this(link, v6, 40000, 80);
        }

        Packet(UnaryOperator<byte[]> link, boolean v6, int clientPort) {
            this(link, v6, clientPort, 80);
        }

        Packet(UnaryOperator<byte[]> link, boolean v6, int clientPort, int serverPort) {
            this.link = link;
            this.v6 = v6;
            this.clientPort = clientPort;
            this.serverPort = serverPort;
        }

        byte[] fromClient(int flags, long seq, String payload) throws Exception {
            return fromClient(flags, seq, payload.getBytes(US_ASCII));
        }

        byte[] fromClient(int flags, long seq, byte[] payload) throws Exception {
            return fromClient(flags, seq, 0, payload);
        }

        byte[] fromServer(int flags, long seq, String payload) throws Exception {
            return fromServer(flags, seq, 0, payload);
        }

        /** A segment from the client acknowledging {@code ack}. */
        byte[] fromClient(int flags, long seq, long ack, byte[] payload) throws Exception {
            byte[] tcp = PcapFiles.tcp(flags, seq, ack, payload, clientPort, serverPort);
            return link.apply(v6 ? PcapFiles.ipv6("fd00::1", "fd00::2", tcp) : PcapFiles.ipv4(C, S, tcp));
        }

        /** A segment from the server acknowledging {@code ack}. */
        byte[] fromServer(int flags, long seq, long ack, String payload) throws Exception {
            byte[] tcp = PcapFiles.tcp(flags, seq, ack, payload.getBytes(US_ASCII), serverPort, clientPort);
            return link.apply(v6 ? PcapFiles.ipv6("fd00::2", "fd00::1", tcp) : PcapFiles.ipv4(S, C, tcp));
        }
    }
}
