package dev.weft.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./weft sink --out} as a real process: bounded memory, and complete-or-absent files when killed. */
final class SinkOutProcessTest {
    private static final Pattern SAVED = Pattern.compile("^#(\\d+) \\S+ (\\d+) bytes? in .* clean -> (\\S+)$");

    @TempDir
    Path dir;

    private static List<String> names(Path directory) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void connectionFarLargerThanTheHeapAndDirectMemoryIsSavedWhole() throws Exception {
        Path out = dir.resolve("out");
        long size = 256L << 20; // 8 times the heap, 16 times the direct memory the JVM may use
        Map<String, String> smallJvm = Map.of("WEFT_JAVA_OPTS", "-Xmx32m -XX:MaxDirectMemorySize=16m");
        CRC32 sent = new CRC32();
        try (WeftProcess sink = WeftProcess.start(
                smallJvm, null, "sink", "--listen", "tcp:0", "--out", out.toString(), "--expect", "1")) {
            int port = sink.port();
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port));
                OutputStream to = socket.getOutputStream();
                byte[] block = new byte[1 << 20];
                SplittableRandom random = new SplittableRandom(41);
                for (long written = 0; written < size; written += block.length) {
                    for (int i = 0; i < block.length; i += 8) {
                        long r = random.nextLong();
                        for (int j = 0; j < 8; j++) {
                            block[i + j] = (byte) (r >>> (8 * j));
                        }
                    }
                    to.write(block);
                    sent.update(block);
                    if (written == 0) {
                        to.flush();
                        assertThat(names(out))
                                .as("while the connection is open nothing but a hidden file is there")
                                .allMatch(name -> name.startsWith("."));
                    }
                }
                socket.shutdownOutput();
                assertThat(socket.getInputStream().read())
                        .as("the sink closes after EOF")
                        .isEqualTo(-1);
            }

            assertThat(sink.awaitExit()).as(sink.err.text()).isZero();
            Matcher m = SAVED.matcher(sink.lines().get(1));
            assertThat(m.matches()).as(sink.lines().get(1)).isTrue();
            assertThat(Long.parseLong(m.group(2))).isEqualTo(size);
            Path file = Path.of(m.group(3));
            assertThat(Files.size(file)).isEqualTo(size);
            CRC32 saved = new CRC32();
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buffer = new byte[1 << 20];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    saved.update(buffer, 0, n);
                }
            }
            assertThat(saved.getValue()).as("the same bytes").isEqualTo(sent.getValue());
            assertThat(names(out)).containsExactly(file.getFileName().toString());
        }
    }

    @Test
    void killedSinkLeavesCompleteFilesAndOnlyAHiddenPartForTheOpenConnection() throws Exception {
        Path out = dir.resolve("out");
        try (WeftProcess sink = WeftProcess.start("sink", "--listen", "tcp:0", "--out", out.toString());
                Socket open = new Socket()) {
            int port = sink.port();
            open.connect(new InetSocketAddress("127.0.0.1", port));
            open.getOutputStream().write(Clients.randomBytes(100_000, 42));
            open.getOutputStream().flush();
            // Accepted after the open one, so once it is reported the open one's file has been created.
            Clients.exchange(port, "done".getBytes(US_ASCII));
            sink.out.await("the second connection's line", text -> text.contains("#2 "));

            sink.process.destroyForcibly(); // SIGKILL: no shutdown hook, no rename
            sink.process.waitFor();

            List<String> names = names(out);
            assertThat(names).hasSize(2);
            assertThat(names.get(0)).matches("\\.1-127\\.0\\.0\\.1_\\d+\\.bin\\.part");
            assertThat(names.get(1)).matches("2-127\\.0\\.0\\.1_\\d+\\.bin");
            assertThat(Files.readString(out.resolve(names.get(1)), US_ASCII)).isEqualTo("done");
        }
    }
}
