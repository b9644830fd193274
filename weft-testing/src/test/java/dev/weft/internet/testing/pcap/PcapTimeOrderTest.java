package dev.weft.internet.testing.pcap;

import static dev.weft.internet.testing.pcap.PcapFiles.ACK;
import static dev.weft.internet.testing.pcap.PcapFiles.FIN;
import static dev.weft.internet.testing.pcap.PcapFiles.SYN;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A pcapng file that gives each interface its own run of blocks (as joining per-interface captures, or some capture
 * tools, leave it) is out of time order by nearly its whole span: it imports as the sorted file does, holding only the
 * frames within each interface's own disorder, not the file.
 */
final class PcapTimeOrderTest {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    /** One frame of a pcapng file: its interface, and when and what was captured. */
    private record OnInterface(int iface, PcapFiles.Timed frame) {}

    /** A little-endian pcapng file with {@code interfaces} raw-IP interfaces, microseconds, blocks in the given order. */
    private static byte[] pcapng(int interfaces, List<OnInterface> blocks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PcapFiles.block(
                out,
                LE,
                0x0A0D0D0A,
                ByteBuffer.allocate(16)
                        .order(LE)
                        .putInt(0x1A2B3C4D)
                        .putShort((short) 1)
                        .putShort((short) 0)
                        .putLong(-1)
                        .array());
        for (int i = 0; i < interfaces; i++) {
            PcapFiles.block(
                    out,
                    LE,
                    1,
                    ByteBuffer.allocate(8)
                            .order(LE)
                            .putShort((short) 101)
                            .putShort((short) 0)
                            .putInt(0)
                            .array());
        }
        for (OnInterface b : blocks) {
            byte[] frame = b.frame().frame();
            long micros = b.frame().micros();
            ByteBuffer epb = ByteBuffer.allocate(20 + ((frame.length + 3) & ~3)).order(LE);
            epb.putInt(b.iface()).putInt((int) (micros >>> 32)).putInt((int) micros);
            epb.putInt(frame.length).putInt(frame.length).put(frame);
            PcapFiles.block(out, LE, 6, epb.array());
        }
        return out.toByteArray();
    }

    /** Puts each frame of {@code sorted} on the interface {@code of} says, each interface's frames in a run. */
    private static List<OnInterface> runs(List<PcapFiles.Timed> sorted, int interfaces, int[] of) {
        List<OnInterface> blocks = new ArrayList<>();
        for (int i = 0; i < interfaces; i++) {
            for (int f = 0; f < sorted.size(); f++) {
                if (of[f] == i) {
                    blocks.add(new OnInterface(i, sorted.get(f)));
                }
            }
        }
        return blocks;
    }

    /**
     * The conversation of {@link PcapImportLossTest}, the client's frames on interface 0 and the server's on 1, each
     * in a run (and two of interface 0's swapped, a few microseconds out of order): imported whole, split at every
     * boundary and one byte at a time, it is the sorted file's import.
     */
    @Test
    void aRunPerInterfaceImportsAsTheSortedFile() throws Exception {
        List<PcapFiles.Timed> sorted = PcapImportLossTest.frames();
        PcapImport expected = PcapImportLossTest.imported(PcapImportLossTest.pcap(sorted));
        int[] of = new int[sorted.size()];
        for (int f = 0; f < sorted.size(); f++) {
            of[f] = List.of(1, 4, 6, 8, 10, 12, 14).contains(f) ? 1 : 0; // the server's frames, numbered from 0
        }
        List<OnInterface> blocks = runs(sorted, 2, of);
        Collections.swap(blocks, 3, 4); // the client's second and third lines, out of order on their interface

        PcapImport imported = PcapImportLossTest.imported(pcapng(2, blocks));

        assertThat(imported.problems()).isEqualTo(expected.problems()).isEmpty();
        assertThat(imported.capture().records()).isEqualTo(expected.capture().records());
        assertThat(imported.mostHeldFrames())
                .as("the two interfaces' heads, and interface 0's frames within its own swap")
                .isLessThanOrEqualTo(5);
    }

    /**
     * Many connections, each side on its own interface in its own run: the import holds a few frames to sort them, not
     * the file (which the single reorder window held whole: {@value #CONNECTIONS} frames and more); records equal the
     * sorted file's.
     */
    @Test
    void manyConnectionsOnTwoInterfacesHoldAFewFramesNotTheFile() throws Exception {
        List<PcapFiles.Timed> sorted = new ArrayList<>();
        List<Integer> ifaces = new ArrayList<>();
        byte[] payload = new byte[1000];
        for (int c = 0; c < CONNECTIONS; c++) {
            PcapImportTest.Packet p = new PcapImportTest.Packet(ip -> ip, false, 10000 + c, 80);
            long t = 1_000_000L + c * 100L;
            add(sorted, ifaces, 0, t, p.fromClient(SYN, 0, 0, new byte[0]));
            add(sorted, ifaces, 1, t + 10, p.fromServer(SYN | ACK, 500, 1, ""));
            add(sorted, ifaces, 0, t + 20, p.fromClient(ACK, 1, 501, payload));
            add(sorted, ifaces, 1, t + 30, p.fromServer(FIN | ACK, 501, 1001, "bye"));
            add(sorted, ifaces, 0, t + 40, p.fromClient(FIN | ACK, 1001, 505, new byte[0]));
        }
        int[] of = ifaces.stream().mapToInt(Integer::intValue).toArray();
        byte[] file = pcapng(2, runs(sorted, 2, of));
        PcapImport expected = PcapImport.read(PcapImportLossTest.pcap(sorted), 0, null);

        PcapImport imported = PcapImport.read(file, 0, null);

        assertThat(imported.connections()).isEqualTo(CONNECTIONS);
        assertThat(imported.problems()).isEmpty();
        assertThat(imported.capture().records()).isEqualTo(expected.capture().records());
        assertThat(imported.mostHeldFrames()).isLessThanOrEqualTo(2);
        assertThat(imported.mostHeldBytes())
                .as("of a %d-byte file", file.length)
                .isLessThan(3000);
        assertThat(new String(
                        imported.capture().connection(CONNECTIONS).bytes(dev.weft.internet.testing.capture.Side.SERVER),
                        US_ASCII))
                .isEqualTo("bye");
    }

    private static final int CONNECTIONS = 2000;

    private static void add(List<PcapFiles.Timed> frames, List<Integer> ifaces, int iface, long micros, byte[] f) {
        frames.add(new PcapFiles.Timed(micros, f));
        ifaces.add(iface);
    }

    /** A file with one interface out of order by its whole span is still sorted, held as far back as it goes. */
    @Test
    void oneInterfaceOutOfOrderIsHeldAsFarBackAsItGoes() throws Exception {
        List<PcapFiles.Timed> sorted = PcapImportLossTest.frames();
        List<OnInterface> blocks = new ArrayList<>();
        for (PcapFiles.Timed t : sorted.subList(8, 16)) {
            blocks.add(new OnInterface(0, t));
        }
        for (PcapFiles.Timed t : sorted.subList(0, 8)) {
            blocks.add(new OnInterface(0, t));
        }

        PcapImport imported = PcapImportLossTest.imported(pcapng(1, blocks));

        assertThat(imported.capture().records())
                .isEqualTo(PcapImport.read(PcapImportLossTest.pcap(sorted), 0, null)
                        .capture()
                        .records());
        assertThat(imported.mostHeldFrames())
                .as("all but the first: as far back as it goes")
                .isEqualTo(15);
    }
}
