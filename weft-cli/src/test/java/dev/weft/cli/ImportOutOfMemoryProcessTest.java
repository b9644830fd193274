package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./weft import} of a SYN flood in a small heap: the error names the open connections that filled it. */
final class ImportOutOfMemoryProcessTest {
    @TempDir
    Path dir;

    @Test
    void manyOpenConnectionsAreNamedAsWhatFilledTheHeap() throws Exception {
        Path pcap = dir.resolve("flood.pcap");
        int connections = 100_000;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(pcap))) {
            ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            header.putInt(0xA1B2C3D4)
                    .putShort((short) 2)
                    .putShort((short) 4)
                    .putLong(0)
                    .putInt(65535)
                    .putInt(101);
            out.write(header.array());
            for (int i = 0; i < connections; i++) { // a SYN from 10.x.y.z:40000 to 10.0.0.1:80, never answered
                ByteBuffer record = ByteBuffer.allocate(16 + 40);
                record.order(ByteOrder.LITTLE_ENDIAN)
                        .putInt(1)
                        .putInt(i % 1_000_000)
                        .putInt(40)
                        .putInt(40);
                record.order(ByteOrder.BIG_ENDIAN);
                record.put((byte) 0x45)
                        .put((byte) 0)
                        .putShort((short) 40)
                        .putInt(0)
                        .put((byte) 64)
                        .put((byte) 6);
                record.putShort((short) 0).putInt(0x0A000000 + 2 + i).putInt(0x0A000001);
                record.putShort((short) 40000).putShort((short) 80).putInt(0).putInt(0);
                record.put((byte) 0x50).put((byte) 2).putShort((short) 65535).putInt(0);
                out.write(record.array());
            }
        }

        WeftProcess run = WeftProcess.start(
                Map.of("WEFT_JAVA_OPTS", "-Xmx32m"),
                null,
                "import",
                pcap.toString(),
                "--out",
                dir.resolve("flood.weftcap").toString());

        assertThat(run.awaitExit()).as(run.err.text()).isEqualTo(1);
        assertThat(run.err.text()).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(run.err.text().lines().toList())
                .singleElement()
                .asString()
                .matches("weft import: out of memory: the import needed more than the Java heap's \\d+ MB: it ran out"
                        + " with \\d+ connections open at once \\(about 1 KB each: their start was captured but not yet"
                        + " their end, as in a SYN flood or a capture of a busy server\\), holding 0 B of their"
                        + " streams; nothing was written; give Java more, e\\.g\\. WEFT_JAVA_OPTS=-Xmx\\d+m weft import"
                        + " \\.\\.\\.");
        assertThat(dir.resolve("flood.weftcap")).doesNotExist();
    }
}
