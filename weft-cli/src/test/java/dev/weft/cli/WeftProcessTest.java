package dev.weft.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives every command through the {@code ./weft} script as a real process. Runs after {@code
 * package} (see the module's pom), so the script finds {@code target/weft.jar} up to date.
 */
final class WeftProcessTest {
    @TempDir
    Path dir;

    @Test
    void scriptPrintsTheVersionAndHelp() throws Exception {
        WeftProcess version = WeftProcess.run("--version");
        assertThat(version.awaitExit()).isZero();
        assertThat(version.lines().get(0)).startsWith("weft ");

        WeftProcess help = WeftProcess.run("sink", "--help");
        assertThat(help.awaitExit()).isZero();
        assertThat(help.out.text()).contains("Usage: weft sink ", "Examples:");
    }

    @Test
    void sinkAccountsForConcurrentClientsAndSendAndReportsOpenOnesAsInterruptedOnSigterm() throws Exception {
        Path out = dir.resolve("out");
        byte[] file = Clients.randomBytes(3 << 20, 31);
        Path input = Files.write(dir.resolve("input.bin"), file);
        List<byte[]> payloads = List.of("one".getBytes(US_ASCII), Clients.randomBytes(200_000, 32), new byte[0]);
        try (WeftProcess sink = WeftProcess.start("sink", "--listen", "tcp:0", "--out", out.toString());
                Socket open = new Socket()) {
            int port = sink.port();
            open.connect(new InetSocketAddress("127.0.0.1", port));
            ExecutorService clients = Executors.newFixedThreadPool(payloads.size());
            List<Future<Clients.Exchange>> sent = new ArrayList<>();
            for (byte[] payload : payloads) {
                sent.add(clients.submit(() -> Clients.exchange(port, payload)));
            }
            WeftProcess send = WeftProcess.start("send", "tcp:host=127.0.0.1:port=" + port, input.toString());
            Map<Integer, byte[]> byPort = new HashMap<>();
            for (int i = 0; i < payloads.size(); i++) {
                byPort.put(sent.get(i).get().localPort(), payloads.get(i));
            }
            clients.shutdown();
            assertThat(send.awaitExit()).as(send.err.text()).isZero();
            assertThat(send.out.bytes()).isEmpty();
            // Four connections closed cleanly; the one opened first was accepted before them.
            sink.out.await("four report lines", text -> text.lines().count() == 5);

            sink.sigterm();

            assertThat(sink.awaitExit()).as(sink.err.text()).isZero();
            List<String> lines = sink.lines();
            assertThat(lines).hasSize(7);
            int interrupted = 0;
            for (String line : lines.subList(1, 6)) {
                Matcher m = SinkCommandTest.REPORT.matcher(line);
                assertThat(m.matches()).as(line).isTrue();
                int peer = Integer.parseInt(m.group(2));
                byte[] expected = peer == open.getLocalPort() ? new byte[0] : byPort.getOrDefault(peer, file);
                assertThat(Long.parseLong(m.group(3))).as(line).isEqualTo(expected.length);
                assertThat(m.group(5)).isEqualTo(peer == open.getLocalPort() ? "interrupted" : "clean");
                interrupted += peer == open.getLocalPort() ? 1 : 0;
                assertThat(Files.readAllBytes(Path.of(m.group(6)))).isEqualTo(expected);
            }
            assertThat(interrupted).isEqualTo(1);
            assertThat(lines.get(6))
                    .matches(SinkCommandTest.SUMMARY)
                    .startsWith("summary: 5 connections, " + (file.length + 3 + 200_000) + " bytes in ")
                    .endsWith(": 4 clean, 0 reset by peer, 0 over the limit, 0 error, 1 interrupted");
            try (Stream<Path> files = Files.list(out)) {
                assertThat(files).hasSize(5);
            }
            assertThat(SinkCommandTest.endOfStreamOrReset(open)).isTrue();
        }
    }

    @Test
    void sinkStopsWithTheSummaryOnSigint() throws Exception {
        WeftProcess.assumeSigintArrives();
        try (WeftProcess sink = WeftProcess.start("sink", "--listen", "tcp:0", "--json")) {
            Clients.exchange(sink.port(), "x".getBytes(US_ASCII));
            sink.out.await("the report", text -> text.lines().count() == 2);

            sink.sigint();

            assertThat(sink.awaitExit()).isZero();
            assertThat(sink.lines()).hasSize(3);
            assertThat(sink.lines().get(2)).startsWith("{\"event\":\"summary\",\"connections\":1,\"bytes\":1,");
        }
    }

    /**
     * SIGTERM before --expect's count ends the sink with its summary and 143, the status of a process SIGTERM killed:
     * the JVM's hook alone cannot tell which signal came.
     */
    @Test
    void sinkStoppedBySigtermBeforeItsExpectedCountExits143() throws Exception {
        try (WeftProcess sink = WeftProcess.start("sink", "--listen", "tcp:0", "--expect", "3")) {
            Clients.exchange(sink.port(), "x".getBytes(US_ASCII));
            sink.out.await("the report", text -> text.lines().count() == 2);

            sink.sigterm();

            assertThat(sink.awaitExit()).as(sink.err.text()).isEqualTo(143);
            assertThat(sink.lines()).hasSize(3);
            assertThat(sink.lines().get(2)).startsWith("summary: 1 connection, 1 byte");
        }
    }

    @Test
    void sendRoundTripsStandardInputThroughAnEchoServer() throws Exception {
        byte[] content = Clients.randomBytes(1 << 20, 33);
        Path input = Files.write(dir.resolve("in.bin"), content);
        try (EchoServer echo = EchoServer.start();
                WeftProcess send = WeftProcess.start(input, "send", echo.endpoint())) {
            assertThat(send.awaitExit()).as(send.err.text()).isZero();
            assertThat(send.out.bytes()).isEqualTo(content);
            assertThat(send.err.text()).isEmpty();
        }
    }

    @Test
    void tapRecordsAConversationThatDumpPrints() throws Exception {
        Path capture = dir.resolve("c.weftcap");
        try (EchoServer echo = EchoServer.start();
                WeftProcess tap = WeftProcess.start(
                        "tap",
                        "--listen",
                        "tcp:0",
                        "--to",
                        echo.endpoint(),
                        "--record",
                        capture.toString(),
                        "--expect",
                        "1")) {
            Clients.Exchange exchange = Clients.exchange(tap.port(), "hello\n".getBytes(US_ASCII));
            assertThat(exchange.reply()).isEqualTo("hello\n".getBytes(US_ASCII));
            assertThat(tap.awaitExit()).as(tap.err.text()).isZero();
            assertThat(tap.lines().get(1)).startsWith("#1 127.0.0.1:" + exchange.localPort() + " -> ");

            WeftProcess dump = WeftProcess.run("dump", capture.toString());

            assertThat(dump.awaitExit()).isZero();
            List<String> lines = dump.lines();
            assertThat(lines.get(0)).startsWith("weft capture version 1, started ");
            assertThat(lines.get(1))
                    .matches("\\+\\d+\\.\\d{6} #1 open client=127\\.0\\.0\\.1:" + exchange.localPort()
                            + " listener=127\\.0\\.0\\.1:\\d+ to=" + echo.endpoint());
            // The client is read while the tap connects, so its bytes may come before "connected".
            assertThat(lines)
                    .anyMatch(l -> l.contains(" #1 connected local=127.0.0.1:")
                            && l.endsWith(" server=127.0.0.1:" + echo.port()));
            assertThat(lines).anyMatch(l -> l.endsWith(" #1 c>s 6 bytes \"hello\\n\""));
            assertThat(lines).anyMatch(l -> l.endsWith(" #1 s>c 6 bytes \"hello\\n\""));
            assertThat(lines.subList(lines.size() - 2, lines.size())).allMatch(l -> l.contains(" #1 close "));
        }
    }

    @Test
    void badInputGivesOneLineAndTheExitCode() throws Exception {
        WeftProcess badEndpoint = WeftProcess.run("sink", "--listen", "tcp:notaport");
        assertThat(badEndpoint.awaitExit()).isEqualTo(2);
        assertThat(badEndpoint.err.text())
                .startsWith("weft sink: bad endpoint 'tcp:notaport'")
                .hasLineCount(1);

        try (Clients.HeldPort nobody = Clients.refusingPort()) {
            String refused = nobody.endpoint();
            WeftProcess send = WeftProcess.run("send", refused, "-");
            assertThat(send.awaitExit()).isEqualTo(1);
            assertThat(send.err.text())
                    .startsWith("weft send: cannot connect to " + refused + ": connection refused")
                    .hasLineCount(1);
        }

        WeftProcess dump = WeftProcess.run("dump", dir.resolve("missing").toString());
        assertThat(dump.awaitExit()).isEqualTo(1);
        assertThat(dump.err.text()).startsWith("weft dump: cannot read ").hasLineCount(1);

        WeftProcess tap = WeftProcess.run("tap", "--listen", "tcp:0");
        assertThat(tap.awaitExit()).isEqualTo(2);
        assertThat(tap.err.text())
                .isEqualTo("weft tap: Missing required option: '--to=ENDPOINT' (see 'weft tap --help')\n");
    }
}
