package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packets a pcapng capture's statistics say were dropped are a warning of {@code weft import}, first. */
final class ImportDropsTest {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    @TempDir
    Path dir;

    private static void block(ByteArrayOutputStream out, int type, byte[] body) {
        int length = 12 + ((body.length + 3) & ~3);
        ByteBuffer b = ByteBuffer.allocate(length).order(LE);
        b.putInt(type).putInt(length).put(body).putInt(length - 4, length);
        out.writeBytes(b.array());
    }

    /** lo4.pcap (microseconds, little-endian, link type 1) as pcapng, with a statistics block counting drops. */
    private static byte[] pcapngWithDrops(long ifdrop, long osdrop) throws Exception {
        byte[] pcap;
        try (InputStream in = ImportDropsTest.class.getResourceAsStream("lo4.pcap")) {
            pcap = in.readAllBytes();
        }
        ByteBuffer p = ByteBuffer.wrap(pcap).order(LE);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        block(
                out,
                0x0A0D0D0A,
                ByteBuffer.allocate(16)
                        .order(LE)
                        .putInt(0x1A2B3C4D)
                        .putShort((short) 1)
                        .putShort((short) 0)
                        .putLong(-1)
                        .array());
        block(
                out,
                1,
                ByteBuffer.allocate(8)
                        .order(LE)
                        .putShort((short) p.getInt(20))
                        .putShort((short) 0)
                        .putInt(p.getInt(16))
                        .array());
        for (int at = 24; at < pcap.length; at += 16 + p.getInt(at + 8)) {
            long micros = p.getInt(at) * 1_000_000L + p.getInt(at + 4);
            int captured = p.getInt(at + 8);
            ByteBuffer epb = ByteBuffer.allocate(20 + captured).order(LE);
            epb.putInt(0)
                    .putInt((int) (micros >>> 32))
                    .putInt((int) micros)
                    .putInt(captured)
                    .putInt(p.getInt(at + 12))
                    .put(pcap, at + 16, captured);
            block(out, 6, epb.array());
        }
        block(
                out,
                5,
                ByteBuffer.allocate(12 + 12 + 12 + 4)
                        .order(LE)
                        .putInt(0)
                        .putLong(0)
                        .putShort((short) 5)
                        .putShort((short) 8)
                        .putLong(ifdrop)
                        .putShort((short) 7)
                        .putShort((short) 8)
                        .putLong(osdrop)
                        .putInt(0)
                        .array());
        return out.toByteArray();
    }

    @Test
    void dropsCountedByTheCaptureAreAWarningAndTheImportGoesOn() throws Exception {
        Path pcapng = dir.resolve("drops.pcapng");
        Files.write(pcapng, pcapngWithDrops(0, 7));
        Path capture = dir.resolve("drops.weftcap");

        CliRun run = CliRun.run("import", pcapng.toString(), "--out", capture.toString());

        assertThat(run.awaitExit()).as(run.err.text()).isZero();
        assertThat(run.err.text().lines().toList())
                .containsExactly("weft import: warning: the capture may be missing packets: its interface statistics"
                        + " say 7 packets were dropped while capturing (7 by the operating system, isb_osdrop: its"
                        + " capture buffer was full; 0 by the interface, isb_ifdrop); a connection may lack segments"
                        + " where no gap shows it, or be missing whole; capture again with a bigger buffer (tcpdump -B"
                        + " 16384, in KiB) and a filter for only the traffic you need (tcpdump ... port 25), writing to"
                        + " a fast local disk");
        assertThat(run.lines().get(0)).startsWith("imported 1 connection (3013 bytes c>s, 3092 bytes s>c)");

        Files.write(pcapng, pcapngWithDrops(0, 0));
        CliRun clean = CliRun.run("import", pcapng.toString(), "--out", capture.toString(), "--force");
        assertThat(clean.awaitExit()).as(clean.err.text()).isZero();
        assertThat(clean.err.text()).isEmpty();
    }
}
