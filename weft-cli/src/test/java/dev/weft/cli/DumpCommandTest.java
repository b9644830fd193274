package dev.weft.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.testing.capture.CaptureRecord;
import dev.weft.internet.testing.capture.CaptureWriter;
import dev.weft.internet.testing.capture.CloseKind;
import dev.weft.internet.testing.capture.CloseRecord;
import dev.weft.internet.testing.capture.ConnectedRecord;
import dev.weft.internet.testing.capture.DataRecord;
import dev.weft.internet.testing.capture.HalfCloseRecord;
import dev.weft.internet.testing.capture.OpenRecord;
import dev.weft.internet.testing.capture.Side;
import dev.weft.internet.testing.capture.UnknownRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class DumpCommandTest {
    private static final long START = 1_767_225_600_000_000L; // 2026-01-01T00:00:00Z

    @TempDir
    Path dir;

    /**
     * Writes {@code records} as a capture; a connection whose first record is not an open gets one first (at time 0,
     * every address "-"), as a capture must have: {@link #shown} leaves their lines out.
     */
    private Path capture(List<CaptureRecord> records) throws IOException {
        List<CaptureRecord> all = new java.util.ArrayList<>();
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (CaptureRecord r : records) {
            if (seen.add(r.connection()) && !(r instanceof OpenRecord)) {
                all.add(new OpenRecord(r.connection(), 0, "-", "-", "-"));
            }
        }
        all.addAll(records);
        Path file = dir.resolve("c.weftcap");
        try (OutputStream out = Files.newOutputStream(file);
                CaptureWriter writer = new CaptureWriter(out, START)) {
            for (CaptureRecord record : all) {
                writer.write(record);
            }
        }
        return file;
    }

    /** The lines {@code run} printed, but those of the opens {@link #capture} added. */
    private static List<String> shown(CliRun run) throws Exception {
        return run.lines().stream()
                .filter(l -> !l.contains(" open client=- ") && !l.contains("\"client\":\"-\""))
                .toList();
    }

    @Test
    void printsOneLinePerRecordWithTimesAndEscapedData() throws Exception {
        Path file = capture(List.of(
                new OpenRecord(1, 0, "127.0.0.1:53422", "127.0.0.1:9001", "tcp:host=127.0.0.1:port=9000"),
                new ConnectedRecord(1, 512, "127.0.0.1:40112", "127.0.0.1:9000"),
                new DataRecord(1, 800, Side.CLIENT, "GET / \"x\"\\\r\n\t".getBytes(US_ASCII)),
                new HalfCloseRecord(1, 1_100, Side.CLIENT),
                new DataRecord(1, 2_000_123, Side.SERVER, new byte[] {0, 1, (byte) 0x7F, (byte) 0xFF, 'A'}),
                new DataRecord(1, 2_000_124, Side.SERVER, new byte[] {'!'}),
                new CloseRecord(1, 2_000_200, Side.SERVER, false, CloseKind.RESET, "Connection reset by peer."),
                new CloseRecord(1, 2_000_300, Side.CLIENT, true, CloseKind.CLEAN, "Connection was closed cleanly."),
                new UnknownRecord(77, 2, 3_000_000, new byte[] {9, 9})));

        CliRun dump = CliRun.run("dump", file.toString());

        assertThat(dump.awaitExit()).isZero();
        assertThat(shown(dump))
                .containsExactly(
                        "weft capture version 1, started 2026-01-01T00:00:00Z",
                        "+0.000000 #1 open client=127.0.0.1:53422 listener=127.0.0.1:9001 to=tcp:host=127.0.0.1:port=9000",
                        "+0.000512 #1 connected local=127.0.0.1:40112 server=127.0.0.1:9000",
                        "+0.000800 #1 c>s 13 bytes \"GET / \\\"x\\\"\\\\\\r\\n\\t\"",
                        "+0.001100 #1 half-close c>s (client finished sending)",
                        "+2.000123 #1 s>c 5 bytes \"\\x00\\x01\\x7f\\xffA\"",
                        "+2.000124 #1 s>c 1 byte \"!\"",
                        "+2.000200 #1 close server reset by peer: Connection reset by peer.",
                        "+2.000300 #1 close client clean by tap: Connection was closed cleanly.",
                        "+3.000000 #2 unknown record type 77 (2 bytes), skipped");
        assertThat(dump.err.text()).isEmpty();
    }

    @Test
    void jsonGivesEveryRecordOneObjectFaultRecordsIncluded() throws Exception {
        Path file = capture(List.of(
                new DataRecord(1, 800, Side.CLIENT, "hi".getBytes(US_ASCII)),
                new dev.weft.internet.testing.capture.FaultRecord(
                        1, 900, "c>s:close-after=2", "closed both legs after 2 bytes c>s")));

        CliRun dump = CliRun.run("dump", "--json", file.toString());

        assertThat(dump.awaitExit()).isZero();
        assertThat(shown(dump))
                .containsExactly(
                        "{\"event\":\"capture\",\"version\":1,\"started\":\"2026-01-01T00:00:00Z\"}",
                        "{\"seconds\":0.0008,\"seq\":1,\"event\":\"data\",\"from\":\"client\",\"bytes\":2,\"data\":\"aGk=\"}",
                        "{\"seconds\":0.0009,\"seq\":1,\"event\":\"fault\",\"fault\":\"c>s:close-after=2\","
                                + "\"effect\":\"closed both legs after 2 bytes c>s\"}");
    }

    /**
     * A TLS leg the capture stores as a reset that was none is labelled what it was, in the text and in JSON's
     * {@code closed} ({@code kind} stays the stored one); a real reset stays "reset".
     */
    @Test
    void tlsClosesStoredAsResetsAreLabelledWhatTheyWere() throws Exception {
        String lost = "Connection to the other side was lost in a non-clean fashion: ";
        Path file = capture(List.of(
                new CloseRecord(
                        1,
                        1,
                        Side.SERVER,
                        false,
                        CloseKind.RESET,
                        lost
                                + "the peer closed the connection without a TLS close_notify, so the data may be truncated."),
                new CloseRecord(
                        2,
                        2,
                        Side.SERVER,
                        false,
                        CloseKind.RESET,
                        lost + "the peer closed the connection during the TLS handshake."),
                new CloseRecord(
                        3,
                        3,
                        Side.CLIENT,
                        true,
                        CloseKind.RESET,
                        lost
                                + "the peer sent no TLS close_notify within 5000 ms of ours, so the connection was aborted."),
                new CloseRecord(4, 4, Side.CLIENT, false, CloseKind.RESET, "Connection reset by peer.")));

        CliRun text = CliRun.run("dump", file.toString());
        CliRun json = CliRun.run("dump", "--json", file.toString());

        assertThat(shown(text).subList(1, 5))
                .containsExactly(
                        "+0.000001 #1 close server no-close-notify by peer: " + lost + "the peer closed the connection"
                                + " without a TLS close_notify, so the data may be truncated.",
                        "+0.000002 #2 close server handshake-closed by peer: " + lost + "the peer closed the connection"
                                + " during the TLS handshake.",
                        "+0.000003 #3 close client no-close-notify-reply by tap: " + lost + "the peer sent no TLS"
                                + " close_notify within 5000 ms of ours, so the connection was aborted.",
                        "+0.000004 #4 close client reset by peer: Connection reset by peer.");
        assertThat(shown(json).subList(1, 5))
                .allSatisfy(l -> assertThat(l).contains("\"event\":\"close\"", "\"kind\":\"reset\""))
                .extracting(l -> l.replaceAll(".*\"closed\":\"([^\"]*)\".*", "$1"))
                .containsExactly("no-close-notify", "handshake-closed", "no-close-notify-reply", "reset");
    }

    @Test
    void longDataIsCutUnlessFullIsAsked() throws Exception {
        byte[] bytes = new byte[100];
        Arrays.fill(bytes, (byte) 'a');
        Path file = capture(List.of(new DataRecord(3, 5, Side.CLIENT, bytes)));

        assertThat(shown(CliRun.run("dump", file.toString())).get(1))
                .isEqualTo("+0.000005 #3 c>s 100 bytes \"" + "a".repeat(64) + "\"...");
        assertThat(shown(CliRun.run("dump", "--full", file.toString())).get(1))
                .isEqualTo("+0.000005 #3 c>s 100 bytes \"" + "a".repeat(100) + "\"");
    }

    /**
     * A start far from 1970 (an imported pcapng whose interface's if_tsoffset is large) is printed as it is, not
     * wrapped around in nanoseconds.
     */
    @Test
    void aStartCenturiesAwayIsPrintedAsItIs() throws Exception {
        for (long start : new long[] {10_000_000_000_000_000L, -10_000_000_000_000_000L}) {
            Path file = dir.resolve("far" + start + ".weftcap");
            try (OutputStream out = Files.newOutputStream(file);
                    CaptureWriter writer = new CaptureWriter(out, start)) {
                writer.write(new HalfCloseRecord(1, 0, Side.CLIENT));
            }
            assertThat(CliRun.run("dump", file.toString()).lines().get(0))
                    .isEqualTo("weft capture version 1, started "
                            + (start > 0 ? "2286-11-20T17:46:40Z" : "1653-02-10T06:13:20Z"));
        }
    }

    @Test
    void hexAddsAHexDumpUnderEachDataRecord() throws Exception {
        Path file = capture(List.of(new DataRecord(1, 0, Side.SERVER, "hello, hex dump!\n".getBytes(US_ASCII))));

        assertThat(shown(CliRun.run("dump", "--hex", file.toString())))
                .containsExactly(
                        "weft capture version 1, started 2026-01-01T00:00:00Z",
                        "+0.000000 #1 s>c 17 bytes \"hello, hex dump!\\n\"",
                        "    00000000  68 65 6c 6c 6f 2c 20 68  65 78 20 64 75 6d 70 21  |hello, hex dump!|",
                        "    00000010  0a                                                |.|");
    }

    @Test
    void truncatedCapturePrintsTheWholeRecordsThenFails() throws Exception {
        Path file = capture(List.of(
                new HalfCloseRecord(1, 1, Side.CLIENT), new DataRecord(1, 2, Side.SERVER, "xyz".getBytes(US_ASCII))));
        byte[] all = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(all, all.length - 1));

        CliRun dump = CliRun.run("dump", file.toString());

        assertThat(dump.oneErrorLine(1))
                .isEqualTo("weft dump: " + file + ": truncated record at offset 64: the file ends 15 bytes into a field"
                        + " of 16; the capture was cut short (was the tap killed?), and every record before"
                        + " it is whole");
        assertThat(shown(dump)).hasSize(2).last().isEqualTo("+0.000001 #1 half-close c>s (client finished sending)");
    }

    @Test
    void fileThatIsNotACaptureIsARuntimeError() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.txt"), "hello");

        assertThat(CliRun.run("dump", file.toString()).oneErrorLine(1))
                .isEqualTo("weft dump: " + file + ": not a weft capture file: it does not begin with the bytes 89"
                        + " 'WEFTCAP'");
    }

    /** A pcap or pcapng file (by its magic number, in either byte order) gets the import command to run instead. */
    @Test
    void aPacketCaptureIsNamedAndTheImportThatConvertsItGiven() throws Exception {
        Path pcap = dir.resolve("lo4.pcap");
        try (java.io.InputStream in = DumpCommandTest.class.getResourceAsStream("lo4.pcap")) {
            Files.copy(in, pcap);
        }
        Path bigEndian = Files.write(dir.resolve("big endian.cap"), new byte[] {(byte) 0xA1, (byte) 0xB2, 0x3C, 0x4D});
        Path pcapng = Files.write(dir.resolve("x.pcapng"), new byte[] {0x0A, 0x0D, 0x0D, 0x0A, 0, 0, 0, 0});

        assertThat(CliRun.run("dump", pcap.toString()).oneErrorLine(1))
                .isEqualTo("weft dump: " + pcap + " is a tcpdump capture (pcap); convert it with: weft import " + pcap
                        + " --out " + dir.resolve("lo4.weftcap"));
        assertThat(CliRun.run("dump", bigEndian.toString()).oneErrorLine(1))
                .isEqualTo("weft dump: " + bigEndian + " is a tcpdump capture (pcap); convert it with: weft import '"
                        + bigEndian + "' --out '" + dir.resolve("big endian.weftcap") + "'");
        assertThat(CliRun.run("dump", pcapng.toString()).oneErrorLine(1))
                .isEqualTo("weft dump: " + pcapng + " is a packet capture (pcapng, as tcpdump, dumpcap and Wireshark"
                        + " write); convert it with: weft import " + pcapng + " --out " + dir.resolve("x.weftcap"));
    }

    @Test
    void aShellWordIsQuotedOnlyWhenItMustBe() {
        assertThat(DumpCommand.shellWord("/tmp/a-b_c.pcap")).isEqualTo("/tmp/a-b_c.pcap");
        assertThat(DumpCommand.shellWord("it's here")).isEqualTo("'it'\\''s here'");
    }

    @Test
    void missingFileIsARuntimeError() throws Exception {
        Path file = dir.resolve("missing.weftcap");

        assertThat(CliRun.run("dump", file.toString()).oneErrorLine(1))
                .isEqualTo("weft dump: cannot read " + file
                        + ": no such file; give a capture written by 'weft tap --record'");
    }
}
