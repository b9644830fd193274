package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.testing.capture.CaptureWriter;
import dev.weft.internet.testing.capture.DataRecord;
import dev.weft.internet.testing.capture.OpenRecord;
import dev.weft.internet.testing.capture.Side;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./weft dump} in a heap too small for a record: one line naming the heap and the -Xmx to give, any format. */
final class DumpOutOfMemoryProcessTest {
    @TempDir
    Path dir;

    @Test
    void aRecordLargerThanTheHeapGetsOneLineNamingTheHeapAndTheXmxToGive() throws Exception {
        Path file = dir.resolve("big.weftcap");
        try (OutputStream out = Files.newOutputStream(file);
                CaptureWriter writer = new CaptureWriter(out, 0)) {
            writer.write(new OpenRecord(1, 0, "127.0.0.1:5000", "127.0.0.1:9000", "tcp:host=127.0.0.1:port=9"));
            writer.write(new DataRecord(1, 1, Side.CLIENT, new byte[48 << 20]));
        }
        long at = Files.size(file) - (48 << 20) - 18; // the data record: type, length, id, time, side, then its bytes
        for (List<String> options : List.of(List.<String>of(), List.of("--json"), List.of("--full"))) {
            List<String> args = new java.util.ArrayList<>(List.of("dump"));
            args.addAll(options);
            args.add(file.toString());
            WeftProcess dump =
                    WeftProcess.start(Map.of("WEFT_JAVA_OPTS", "-Xmx32m"), null, args.toArray(String[]::new));

            assertThat(dump.awaitExit()).as(options + ": " + dump.err.text()).isEqualTo(1);
            assertThat(dump.err.text())
                    .as(options.toString())
                    .doesNotContain("\tat ")
                    .doesNotContain("Exception");
            assertThat(dump.err.text().lines().toList())
                    .as(options.toString())
                    .singleElement()
                    .asString()
                    .matches("weft dump: out of memory: the Java heap's \\d+ MB cannot hold the record at offset " + at
                            + " of " + java.util.regex.Pattern.quote(file.toString()) + " \\(48\\.0 MiB\\), which dump"
                            + " holds whole" + (options.isEmpty() ? "" : " with its text")
                            + "; give Java more, e\\.g\\. WEFT_JAVA_OPTS=-Xmx\\d+m weft dump \\.\\.\\.");
        }
    }
}
