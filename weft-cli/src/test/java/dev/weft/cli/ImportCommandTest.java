package dev.weft.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.testing.capture.Capture;
import dev.weft.internet.testing.capture.RecordedConnection;
import dev.weft.internet.testing.capture.Side;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ImportCommandTest {
    @TempDir
    Path dir;

    /** lo4.pcap: tcpdump -i lo of conversation.py (weft-testing's test resources) talking to itself. */
    Path loopbackPcap() throws IOException {
        return resource("lo4.pcap");
    }

    /** Copies the test resource {@code name} (one of weft-testing's pcap files) into the test's directory. */
    Path resource(String name) throws IOException {
        Path file = dir.resolve(name);
        try (InputStream in = ImportCommandTest.class.getResourceAsStream(name)) {
            Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }

    /** lo6-nano.pcap: the same conversation over ::1, which is printed so, not as 0:0:0:0:0:0:0:1. */
    @Test
    void ipv6AddressesAreWrittenInTheirShortForm() throws Exception {
        Path capture = dir.resolve("lo6.weftcap");

        CliRun imported = CliRun.run(
                "import", resource("lo6-nano.pcap").toString(), "--out", capture.toString(), "--host", "::1");
        CliRun dump = CliRun.run("dump", capture.toString());

        assertThat(imported.awaitExit()).as(imported.err.text()).isZero();
        assertThat(dump.lines().get(1))
                .matches("\\+0\\.000000 #1 open client=\\[::1\\]:\\d+ listener=\\[::1\\]:47012"
                        + " to=tcp:host=\\[::1\\]:port=47012");
        assertThat(dump.lines().get(2)).matches(".* connected local=\\[::1\\]:\\d+ server=\\[::1\\]:47012");
    }

    @Test
    void aTcpdumpCaptureImportedAndReplayedToAnEquivalentServerMatches() throws Exception {
        Path capture = dir.resolve("lo4.weftcap");

        CliRun imported = CliRun.run("import", loopbackPcap().toString(), "--out", capture.toString());

        assertThat(imported.awaitExit()).as(imported.err.text()).isZero();
        assertThat(imported.lines())
                .containsExactly("imported 1 connection (3013 bytes c>s, 3092 bytes s>c) from 43 packets of "
                        + dir.resolve("lo4.pcap") + " into " + capture);
        assertThat(Capture.read(capture).connection(1).bytes(Side.CLIENT))
                .startsWith("hello\nworld\n".getBytes(US_ASCII));
        try (LineServer server = LineServer.start()) {
            CliRun replay = CliRun.run("replay", capture.toString(), "--to", server.endpoint());

            assertThat(replay.awaitExit())
                    .as(replay.out.text() + replay.err.text())
                    .isZero();
            assertThat(replay.lines().get(0))
                    .isEqualTo("#1 matches: sent 3013 bytes, received 3092 bytes (s>c) as recorded");
        }
        CliRun dump = CliRun.run("dump", capture.toString());
        assertThat(dump.lines().get(1))
                .isEqualTo(
                        "+0.000000 #1 open client=127.0.0.1:59914 listener=127.0.0.1:47011 to=tcp:host=127.0.0.1:port=47011");
    }

    /** A capture started after the connection did lacks its first bytes: import says so, once per connection. */
    @Test
    void aConnectionCapturedMidStreamIsReportedAsMissingItsStart() throws Exception {
        Path pcap = dir.resolve("mid.pcap");
        Files.write(pcap, withoutFirstPackets(Files.readAllBytes(loopbackPcap()), 3)); // SYN, SYN-ACK, ACK
        Path capture = dir.resolve("mid.weftcap");

        CliRun imported = CliRun.run("import", pcap.toString(), "--out", capture.toString());

        assertThat(imported.awaitExit()).as(imported.err.text()).isZero();
        assertThat(imported.err.text())
                .isEqualTo("weft import: warning: connection #1 127.0.0.1:59914 -> 127.0.0.1:47011: its start (the"
                        + " SYN) was not captured, so what either side sent before the capture began is missing; the"
                        + " streams start mid-connection\n");
        assertThat(imported.lines().get(0)).endsWith(" into " + capture + "; 1 problem reported");
    }

    /**
     * Import's warnings read right for one and for more: one frame cut short in its payload (the request's), then two
     * (and the reply's). What was captured of each is kept: the capture lacks only the cut bytes.
     */
    @Test
    void warningsCountInTheSingularAndThePlural() throws Exception {
        byte[] pcap = Files.readAllBytes(loopbackPcap());
        Path whole = dir.resolve("whole.weftcap");
        assertThat(CliRun.run("import", loopbackPcap().toString(), "--out", whole.toString())
                        .awaitExit())
                .isZero();
        RecordedConnection all = Capture.read(whole).connection(1);
        for (int n = 1; n <= 2; n++) {
            Path cut = Files.write(dir.resolve("cut" + n + ".pcap"), withPacketsCutShort(pcap, n));
            Path capture = dir.resolve("cut" + n + ".weftcap");

            CliRun imported = CliRun.run("import", cut.toString(), "--out", capture.toString());

            assertThat(imported.awaitExit()).as(imported.err.text()).isZero();
            String c = "weft import: warning: connection #1 c>s: 1 byte at offset 3012 was not captured: the frame was"
                    + " cut at the snapshot length; its captured part and the bytes after it were kept, so the stream"
                    + " lacks it; capture again with tcpdump -s 0";
            String s = c.replace("c>s", "s>c").replace("offset 3012", "offset 136"); // the second cut: the reply's
            assertThat(imported.err.text().lines()).containsExactly(n == 1 ? new String[] {c} : new String[] {c, s});
            assertThat(imported.lines().get(0))
                    .matches("imported 1 connection \\(\\d+ bytes c>s, \\d+ bytes s>c\\) from 43 packets of .*; "
                            + (n == 1 ? "1 problem" : "2 problems") + " reported");
            RecordedConnection kept = Capture.read(capture).connection(1);
            assertThat(kept.bytes(Side.SERVER).length).isEqualTo(all.bytes(Side.SERVER).length - (n - 1));
            byte[] client = kept.bytes(Side.CLIENT);
            assertThat(client.length).isEqualTo(all.bytes(Side.CLIENT).length - 1);
            assertThat(Arrays.copyOf(client, 3012)).isEqualTo(Arrays.copyOf(all.bytes(Side.CLIENT), 3012));
        }
    }

    /**
     * Returns a pcap file (as lo4.pcap) whose first {@code n} packets with a payload lose their last byte, as a
     * snapshot length cuts them.
     */
    private static byte[] withPacketsCutShort(byte[] pcap, int n) {
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(pcap).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(pcap, 0, 24);
        int cut = 0;
        for (int at = 24; at < pcap.length; ) {
            int length = in.getInt(at + 8);
            boolean shorten = cut < n && length > 100; // headers are 66 bytes: this one carries data
            cut += shorten ? 1 : 0;
            int kept = shorten ? length - 1 : length;
            java.nio.ByteBuffer header = java.nio.ByteBuffer.wrap(Arrays.copyOfRange(pcap, at, at + 16))
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                    .putInt(8, kept);
            out.write(header.array(), 0, 16);
            out.write(pcap, at + 16, kept);
            at += 16 + length;
        }
        return out.toByteArray();
    }

    /** Returns a pcap file (microseconds, little-endian, as lo4.pcap) without its first {@code n} packets. */
    private static byte[] withoutFirstPackets(byte[] pcap, int n) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(pcap).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int at = 24; // the file header
        for (int i = 0; i < n; i++) {
            at += 16 + b.getInt(at + 8); // a record header, then its captured length
        }
        byte[] rest = new byte[24 + pcap.length - at];
        System.arraycopy(pcap, 0, rest, 0, 24);
        System.arraycopy(pcap, at, rest, 24, pcap.length - at);
        return rest;
    }

    /**
     * tcpdump killed mid-write leaves its last record cut short: the frames before it are imported, and the cut is a
     * warning naming its offset (exit 0, as for every problem the import reports), as Wireshark reads such a file.
     */
    @Test
    void aPcapCutInsideItsLastRecordImportsTheFramesBeforeItAndWarns() throws Exception {
        byte[] good = Files.readAllBytes(loopbackPcap());
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(good).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int last = 24;
        for (int at = 24; at < good.length; at += 16 + b.getInt(at + 8)) {
            last = at;
        }
        Path pcap = dir.resolve("cut.pcap");
        Files.write(pcap, Arrays.copyOf(good, last + 16 + 10)); // its header and 10 bytes of its frame
        Path capture = dir.resolve("cut.weftcap");

        CliRun run = CliRun.run("import", pcap.toString(), "--out", capture.toString());

        assertThat(run.awaitExit()).as(run.err.text()).isZero();
        assertThat(run.err.text().lines().toList())
                .contains("weft import: warning: the file was cut short inside its last packet record, at offset "
                        + last + ": it ends 26 bytes into its " + (16 + b.getInt(last + 8)) + " (a 16-byte header and "
                        + b.getInt(last + 8) + " bytes of frame), so that record is left out; the 42 frames before it"
                        + " were read (was tcpdump killed before it flushed?)");
        assertThat(run.lines().get(0))
                .startsWith("imported 1 connection (3013 bytes c>s, 3092 bytes s>c) from 42" + " packets of " + pcap);
        assertThat(Capture.read(capture).connection(1).bytes(Side.CLIENT)).hasSize(3013);
    }

    @Test
    void badPacketFilesGetOneLineExit1AndWriteNothing() throws Exception {
        byte[] good = Files.readAllBytes(loopbackPcap());
        byte[] random = new byte[500];
        new Random(3).nextBytes(random);
        byte[] future = good.clone();
        future[4] = 9;
        Object[][] cases = {
            {"empty", new byte[0], "the file is empty"},
            {"random", random, "not a pcap or pcapng file"},
            {"truncated", Arrays.copyOf(good, 20), "truncated pcap header: the file ends at offset 20 of 24"},
            {"future", future, "pcap version 9.4 is not supported"},
        };
        Path out = dir.resolve("out.weftcap");
        Files.write(out, "left alone".getBytes(US_ASCII));
        for (Object[] c : cases) {
            Path file = dir.resolve(c[0] + ".pcap");
            Files.write(file, (byte[]) c[1]);

            CliRun run = CliRun.run("import", file.toString(), "--out", out.toString(), "--force");

            assertThat(run.oneErrorLine(1))
                    .as((String) c[0] + ": even with --force")
                    .startsWith("weft import: " + file + ": ")
                    .contains((String) c[2])
                    .endsWith("; nothing was written");
            assertThat(Files.readAllBytes(out)).asString(US_ASCII).isEqualTo("left alone");
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".part"));
        }
    }

    /** tcpdump "tcp src port P": the server's side only; its acknowledgments tell what the client sent. */
    @Test
    void aCaptureOfOneDirectionIsReportedByConnection() throws Exception {
        Path capture = dir.resolve("server-side.weftcap");

        CliRun run = CliRun.run("import", resource("lo4-server-side.pcap").toString(), "--out", capture.toString());

        assertThat(run.awaitExit()).as(run.err.text()).isZero();
        String why = " not captured (was the capture filtered to one direction, or did tcpdump drop packets?)";
        assertThat(run.err.text().lines())
                .containsExactly(
                        "weft import: warning: connection #1 c>s: 9 bytes at offset 0 and the FIN acknowledged by the"
                                + " server were" + why,
                        "weft import: warning: connection #2 c>s: 20 bytes at offset 0 and the FIN acknowledged by the"
                                + " server were" + why);
        assertThat(run.lines())
                .containsExactly("imported 2 connections (0 bytes c>s, 51 bytes s>c) from 12 packets of "
                        + dir.resolve("lo4-server-side.pcap") + " into " + capture + "; 2 problems reported");
    }

    /** tcpdump -s 60: no frame holds a whole TCP header, and the error says so rather than only "no connection". */
    @Test
    void aCaptureWithNoConnectionSaysWhatWasWrongWithIt() throws Exception {
        Path pcap = resource("lo4-snap60.pcap");
        Path capture = dir.resolve("snap60.weftcap");

        CliRun run = CliRun.run("import", pcap.toString(), "--out", capture.toString());

        assertThat(run.oneErrorLine(1))
                .isEqualTo("weft import: no TCP connection in " + pcap + " (24 packets read; 24 frames were cut at the"
                        + " snapshot length 60 before the end of their TCP header, so their segments are missing;"
                        + " capture again with tcpdump -s 0); nothing was written");
        assertThat(capture).doesNotExist();
    }

    /** As tap --record: an existing capture is kept unless --force, which replaces it. */
    @Test
    void anExistingOutIsRefusedUnlessForced() throws Exception {
        Path out = Files.writeString(dir.resolve("kept.weftcap"), "kept");

        CliRun refused = CliRun.run("import", loopbackPcap().toString(), "--out", out.toString());

        assertThat(refused.oneErrorLine(1))
                .isEqualTo("weft import: --out " + out + " exists; choose another path, or add --force to replace it"
                        + " (it is replaced only once the new capture is complete)");
        assertThat(out).hasContent("kept");

        CliRun forced = CliRun.run("import", loopbackPcap().toString(), "--out", out.toString(), "--force");

        assertThat(forced.awaitExit()).as(forced.err.text()).isZero();
        assertThat(Capture.read(out).connections()).hasSize(1);
        assertThat(CliRun.run("import", "--help").out.text().replaceAll("\\s+", " "))
                .contains("--force Replace --out if it exists")
                .contains("an existing file is refused unless --force is given");
    }

    @Test
    void filtersThatMatchNothingWriteNothing() throws Exception {
        Path out = dir.resolve("none.weftcap");

        CliRun run = CliRun.run("import", loopbackPcap().toString(), "--out", out.toString(), "--port", "1");
        CliRun badHost = CliRun.run("import", loopbackPcap().toString(), "--out", out.toString(), "--host", "nowhere");

        assertThat(run.oneErrorLine(1))
                .isEqualTo("weft import: no TCP connection in " + dir.resolve("lo4.pcap")
                        + " (43 packets read, none matching the --port and --host filters); nothing was written");
        assertThat(badHost.oneErrorLine(2)).contains("--host: host 'nowhere' is not an IPv4 or IPv6 address");
        assertThat(out).doesNotExist();
    }

    @Test
    void aPortOutsideOneTo65535IsRefusedNamingTheRange() throws Exception {
        Path out = dir.resolve("port.weftcap");
        for (String port : new String[] {"0", "-1", "65536"}) {
            CliRun run = CliRun.run("import", loopbackPcap().toString(), "--out", out.toString(), "--port", port);

            assertThat(run.oneErrorLine(2))
                    .isEqualTo("weft import: --port must be 1 to 65535, not " + port + "; leave it out to keep every"
                            + " port");
        }
        assertThat(out).doesNotExist();
    }

    @Test
    void aCaptureThatCannotBeWrittenIsNamedAsGivenNotByItsTemporaryFile() throws Exception {
        Path directory = Files.createDirectory(dir.resolve("captures"));
        Path missing = dir.resolve("missing").resolve("x.weftcap");

        CliRun intoDirectory = CliRun.run("import", loopbackPcap().toString(), "--out", directory.toString());
        CliRun intoNothing = CliRun.run("import", loopbackPcap().toString(), "--out", missing.toString());

        assertThat(intoDirectory.oneErrorLine(1))
                .isEqualTo("weft import: cannot write --out " + directory + ": it is a directory; give a file path,"
                        + " e.g. " + directory.resolve("capture.weftcap") + "; nothing was written");
        assertThat(intoNothing.oneErrorLine(1))
                .isEqualTo("weft import: cannot write --out " + missing + ": its directory does not exist; create it"
                        + " or choose another path; nothing was written");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".part"));
        }
    }

    /** An imported capture is a file like tap's: the umask decides who may read it, not a temporary file's 0600. */
    @Test
    void anImportedCaptureGetsTheModeATapsCaptureGets() throws Exception {
        Path imported = dir.resolve("imported.weftcap");
        Path tapped;
        try (EchoServer echo = EchoServer.start()) {
            tapped = ReplayCommandTest.record(dir.resolve("tapped.weftcap"), echo, "x".getBytes(US_ASCII));
        }

        CliRun run = CliRun.run("import", loopbackPcap().toString(), "--out", imported.toString());

        assertThat(run.awaitExit()).as(run.err.text()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(imported)))
                .isEqualTo(PosixFilePermissions.toString(Files.getPosixFilePermissions(tapped)));
    }

    @Test
    void refusesToWriteOverThePcapItImports() throws Exception {
        Path pcap = loopbackPcap();
        byte[] before = Files.readAllBytes(pcap);

        CliRun run = CliRun.run("import", pcap.toString(), "--out", pcap.toString());

        assertThat(run.oneErrorLine(2))
                .isEqualTo("weft import: --out " + pcap + " is the pcap being imported; give another file");
        assertThat(Files.readAllBytes(pcap)).isEqualTo(before);
    }

    /** Answers each line with "echo:LINE\n" and the end of input with "bye\n", as conversation.py's server. */
    static final class LineServer implements AutoCloseable {
        private final ServerSocket server;
        private final Thread thread;

        private LineServer(ServerSocket server) {
            this.server = server;
            thread = new Thread(
                    () -> {
                        try (Socket s = server.accept()) {
                            InputStream in = s.getInputStream();
                            OutputStream out = s.getOutputStream();
                            ByteArrayOutputStream line = new ByteArrayOutputStream();
                            byte[] buffer = new byte[65536];
                            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                                for (int i = 0; i < n; i++) {
                                    line.write(buffer[i]);
                                    if (buffer[i] == '\n') {
                                        out.write("echo:".getBytes(US_ASCII));
                                        line.writeTo(out);
                                        line.reset();
                                    }
                                }
                            }
                            out.write("bye\n".getBytes(US_ASCII));
                        } catch (IOException e) {
                            // the test sees the difference
                        }
                    },
                    "line-server");
            thread.setDaemon(true);
            thread.start();
        }

        static LineServer start() throws IOException {
            ServerSocket server = new ServerSocket();
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            return new LineServer(server);
        }

        String endpoint() {
            return "tcp:host=127.0.0.1:port=" + server.getLocalPort();
        }

        @Override
        public void close() throws Exception {
            server.close();
            thread.join(10_000);
        }
    }
}
