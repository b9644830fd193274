package dev.weft.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.testing.capture.CaptureWriter;
import dev.weft.internet.testing.capture.DataRecord;
import dev.weft.internet.testing.capture.OpenRecord;
import dev.weft.internet.testing.capture.Side;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command that writes to standard output, run with a standard output whose reader has gone (a pipe closed
 * before it writes, as {@code weft dump X | head} leaves it once head has its lines): it ends as {@code cat} does,
 * printing nothing, with 141 (128 + SIGPIPE) instead of one line and exit 1.
 */
final class OutputReaderGoneProcessTest {
    @TempDir
    Path dir;

    @Test
    void dumpImportAndTheOneLineCommandsEndQuietlyWith141() throws Exception {
        Path capture = dir.resolve("many.weftcap");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(capture));
                CaptureWriter writer = new CaptureWriter(out, 0)) {
            writer.write(new OpenRecord(1, 0, "127.0.0.1:5000", "127.0.0.1:9000", "tcp:host=127.0.0.1:port=9"));
            for (int i = 0; i < 2000; i++) {
                writer.write(new DataRecord(1, 1 + i, Side.CLIENT, "hello, pipe\n".getBytes(US_ASCII)));
            }
        }
        Path pcap = dir.resolve("lo4.pcap");
        try (var in = OutputReaderGoneProcessTest.class.getResourceAsStream("lo4.pcap")) {
            Files.copy(in, pcap);
        }

        assertQuiet141("dump", capture.toString());
        assertQuiet141("dump", "--json", "--full", capture.toString());
        assertQuiet141(
                "import", pcap.toString(), "--out", dir.resolve("lo4.weftcap").toString());
        assertQuiet141("--version");
        assertQuiet141("help", "replay");
        assertQuiet141("sink", "--listen", "tcp:0"); // its listening line
        assertQuiet141("tap", "--listen", "tcp:0", "--to", "tcp:host=127.0.0.1:port=9");
    }

    @Test
    void sendsReplyAndReplaysReportEndQuietlyWith141() throws Exception {
        try (EchoServer echo = EchoServer.start()) {
            Path input = dir.resolve("hello.txt");
            Files.writeString(input, "hello\n");
            Path capture = ReplayCommandTest.capture(dir.resolve("hello.weftcap"), "c", "hello\n", "s", "hello\n");

            assertQuiet141("send", echo.endpoint(), input.toString());
            assertQuiet141("replay", capture.toString(), "--to", echo.endpoint());
        }
    }

    /**
     * Runs {@code ./weft args} with standard output a FIFO whose only reader has closed it before weft starts, so
     * that its first write fails (EPIPE); checks that it printed nothing and exited 141.
     */
    private static void assertQuiet141(String... args) throws Exception {
        String command = Arrays.stream(args).map(DumpCommand::shellWord).collect(Collectors.joining(" "));
        try (WeftProcess p = WeftProcess.shell("f=$(mktemp -u) && mkfifo \"$f\" && exec 3<>\"$f\" 4>\"$f\" && rm \"$f\""
                + " && exec 3<&- && ./weft " + command + " >&4; echo \"exit $?\"")) {
            assertThat(p.awaitExit()).isZero();
            assertThat(p.err.text()).as(command).isEmpty();
            assertThat(p.out.text()).as(command).isEqualTo("exit 141\n");
        }
    }
}
