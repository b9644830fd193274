package dev.weft.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 17's "what an nc -l user expects next" cases (17 to 19), run through the real {@code ./weft}. */
final class ToolProcessTest {
    @TempDir
    Path dir;

    /** Case 17: --print shows the bytes as they arrive, with a header once there are several connections. */
    @Test
    void sinkPrintsAndHexDumpsTheBytes() throws Exception {
        try (WeftProcess sink = WeftProcess.start("sink", "--listen", "tcp:0", "--print", "--expect", "2")) {
            int port = sink.port(sink.err); // under --print, standard output carries only the bytes
            int first = Clients.exchange(port, "hello\n".getBytes(US_ASCII)).localPort();
            int second = Clients.exchange(port, "world".getBytes(US_ASCII)).localPort();

            assertThat(sink.awaitExit()).isZero();
            assertThat(sink.out.text()).isEqualTo("hello\n\n==> #2 127.0.0.1:" + second + " <==\nworld");
            assertThat(sink.err.text().lines().toList())
                    .hasSize(4)
                    .anyMatch(l -> l.startsWith("#1 127.0.0.1:" + first + " 6 bytes in "));
        }
        try (WeftProcess sink = WeftProcess.start("sink", "--listen", "tcp:0", "--hex", "--expect", "1")) {
            Clients.exchange(sink.port(sink.err), "0123456789abcdefXY".getBytes(US_ASCII));

            assertThat(sink.awaitExit()).isZero();
            assertThat(sink.lines())
                    .containsExactly(
                            "00000000  30 31 32 33 34 35 36 37  38 39 61 62 63 64 65 66  |0123456789abcdef|",
                            "00000010  58 59                                             |XY|");
        }
    }

    /** Case 18: --json on send, tap and dump; several --listen on sink and tap. */
    @Test
    void jsonEverywhereAndSeveralListeners() throws Exception {
        Path socket = dir.resolve("s.sock");
        try (WeftProcess sink = WeftProcess.start(
                "sink", "--listen", "tcp:0", "--listen", "unix:" + socket, "--json", "--expect", "2")) {
            int port = sink.port();
            sink.out.await("two listening lines", t -> t.lines().count() == 2);
            WeftProcess send = WeftProcess.shell("echo hi | ./weft send --json tcp:host=127.0.0.1:port=" + port);
            assertThat(send.awaitExit()).isZero();
            assertThat(send.lines()).hasSize(1);
            assertThat(send.lines().get(0))
                    .matches("\\{\"event\":\"result\",\"endpoint\":\"tcp:host=127\\.0\\.0\\.1:port=" + port
                            + "\",\"sent\":3,\"received\":0,\"seconds\":[0-9.]+,\"closed\":\"clean\",\"reason\":.*\\}");
            WeftProcess viaUnix = WeftProcess.shell("echo unix | ./weft send unix:" + socket);
            assertThat(viaUnix.awaitExit()).isZero();
            assertThat(sink.awaitExit()).isZero();
            assertThat(sink.lines().get(1)).startsWith("{\"event\":\"listening\",\"endpoint\":\"unix:" + socket);
        }
        Path capture = dir.resolve("j.weftcap");
        try (EchoServer echo = EchoServer.start();
                WeftProcess tap = WeftProcess.start(
                        "tap",
                        "--listen",
                        "tcp:0",
                        "--listen",
                        "tcp:0",
                        "--to",
                        echo.endpoint(),
                        "--record",
                        capture.toString(),
                        "--json",
                        "--expect",
                        "1")) {
            int port = tap.port();
            tap.out.await("two listening lines", t -> t.lines().count() == 2);
            Clients.exchange(port, "ping".getBytes(US_ASCII));
            assertThat(tap.awaitExit()).isZero();
            List<String> lines = tap.lines();
            assertThat(lines.get(2)).startsWith("{\"event\":\"connection\",\"seq\":1,");
            assertThat(lines.get(3)).startsWith("{\"event\":\"summary\",\"connections\":1,\"bytes_c2s\":4,");
        }
        WeftProcess dump = WeftProcess.run("dump", "--json", capture.toString());
        assertThat(dump.awaitExit()).isZero();
        assertThat(dump.lines().get(0)).startsWith("{\"event\":\"capture\",\"version\":1,");
        assertThat(dump.lines())
                .anyMatch(l ->
                        l.contains("\"event\":\"data\",\"from\":\"client\",\"bytes\":4," + "\"data\":\"cGluZw==\""));
    }

    /** Case 19: the launcher works through a symlink on PATH; completion and a man page come from the model. */
    @Test
    void installsLikeATool() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("weft"), WeftProcess.root().resolve("weft"));
        WeftProcess viaPath = WeftProcess.shell("cd / && PATH='" + bin + "':\"$PATH\" weft --version");
        assertThat(viaPath.awaitExit()).as(viaPath.err.text()).isZero();
        assertThat(viaPath.lines().get(0)).startsWith("weft 0.");

        WeftProcess jar = WeftProcess.shell("java -jar weft-cli/target/weft.jar --version");
        assertThat(jar.awaitExit()).isZero();
        assertThat(jar.lines().get(0)).startsWith("weft 0.");

        WeftProcess completion = WeftProcess.run("completion");
        assertThat(completion.awaitExit()).isZero();
        assertThat(completion.out.text()).contains("complete -F", "sink", "--max-bytes", "--record");
        WeftProcess completes = WeftProcess.shell("source <(./weft completion) && complete -p weft");
        assertThat(completes.awaitExit()).as(completes.err.text()).isZero();

        WeftProcess man = WeftProcess.run("manpage");
        assertThat(man.awaitExit()).isZero();
        assertThat(man.out.text()).startsWith(".TH WEFT 1 ").contains(".SH \"WEFT SINK\"", "\\-\\-idle\\-timeout");
    }
}
