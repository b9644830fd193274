package dev.weft.internet.testing.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.internet.testing.Chunking;
import dev.weft.internet.testing.Split;
import dev.weft.internet.testing.capture.PiecesInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The options of the section header, enhanced packet and interface statistics blocks: each is walked and checked as an
 * interface description's are, and the drops the statistics count are a warning of the import.
 */
final class PcapngOptionsTest {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    /** A frame holding a TCP SYN, 60 bytes: no padding in its block. */
    private static byte[] syn(int sport) {
        try {
            return PcapFiles.ethernet(
                    PcapFiles.ipv4("10.0.0.1", "10.0.0.2", PcapFiles.tcp(0x02, 1, new byte[0], sport, 80)), false);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** One option in {@code order}: its code, length, and {@code value} padded to 4 bytes. */
    private static byte[] option(ByteOrder order, int code, int length, byte[] value) {
        ByteBuffer b = ByteBuffer.allocate(4 + ((value.length + 3) & ~3)).order(order);
        return b.putShort((short) code).putShort((short) length).put(value).array();
    }

    private static byte[] join(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] count(long n) {
        return ByteBuffer.allocate(8).order(LE).putLong(n).array();
    }

    private static void sectionHeader(ByteArrayOutputStream out, byte[] options) {
        PcapFiles.block(
                out,
                LE,
                0x0A0D0D0A,
                join(
                        ByteBuffer.allocate(16)
                                .order(LE)
                                .putInt(0x1A2B3C4D)
                                .putShort((short) 1)
                                .putShort((short) 0)
                                .putLong(-1)
                                .array(),
                        options));
    }

    private static void interfaceDescription(ByteArrayOutputStream out) {
        PcapFiles.block(
                out,
                LE,
                1,
                ByteBuffer.allocate(8)
                        .order(LE)
                        .putShort((short) 1)
                        .putShort((short) 0)
                        .putInt(0)
                        .array());
    }

    private static void packet(ByteArrayOutputStream out, long micros, byte[] frame, byte[] options) {
        int padded = (frame.length + 3) & ~3;
        ByteBuffer epb = ByteBuffer.allocate(20 + padded).order(LE);
        epb.putInt(0)
                .putInt((int) (micros >>> 32))
                .putInt((int) micros)
                .putInt(frame.length)
                .putInt(frame.length);
        epb.put(frame);
        PcapFiles.block(out, LE, 6, join(epb.array(), options));
    }

    private static void statistics(ByteArrayOutputStream out, int iface, byte[] options) {
        PcapFiles.block(
                out,
                LE,
                5,
                join(ByteBuffer.allocate(12).order(LE).putInt(iface).putLong(0).array(), options));
    }

    /** Reads {@code file} whole, split at every boundary and one byte at a time: each must throw {@code message}. */
    private static void refusedEveryWay(byte[] file, String message) {
        assertThatThrownBy(() -> PacketFileReader.read(file))
                .isInstanceOf(PcapFormatException.class)
                .hasMessage(message);
        assertThatThrownBy(() -> PcapImport.read(file, 0, null))
                .isInstanceOf(PcapFormatException.class)
                .hasMessage(message);
        List<Split> splits = Chunking.standard().splits(file.length).collect(Collectors.toList());
        splits.add(Split.oneByteAtATime());
        for (Split split : splits) {
            assertThatThrownBy(() -> readAll(file, split))
                    .as(split.toString())
                    .isInstanceOf(PcapFormatException.class)
                    .hasMessage(message);
        }
    }

    private static void readAll(byte[] file, Split split) throws IOException {
        try (PacketFileReader reader = new PacketFileReader(new PiecesInputStream(split.pieces(file)))) {
            while (reader.next() != null) {
                // read to the end
            }
        }
    }

    @Test
    void aSectionHeaderOptionThatRunsPastItsBlockIsRefusedNamingIt() {
        for (int code : new int[] {3, 1, 2989}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            sectionHeader(out, option(LE, code, 200, new byte[4]));
            interfaceDescription(out);
            packet(out, 1, syn(40000), new byte[0]);
            String name =
                    code == 3 ? "an shb_os option" : code == 1 ? "an opt_comment option" : "an option of code 2989";
            refusedEveryWay(
                    out.toByteArray(),
                    "pcapng section header block at offset 0 has " + name + " at offset 24 of 200 bytes, but only"
                            + " 4 bytes of the block are left for it: the file is damaged there");
        }
    }

    @Test
    void anEnhancedPacketOptionThatRunsPastItsBlockIsRefusedNamingIt() {
        for (int code : new int[] {2, 4, 1, 300}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            sectionHeader(out, new byte[0]);
            interfaceDescription(out);
            packet(out, 1, syn(40000), new byte[0]);
            int at = out.size();
            // a good epb_flags first, then the damaged option after it
            packet(out, 2, syn(40001), join(option(LE, 2, 4, new byte[4]), option(LE, code, 9, new byte[4])));
            String name = switch (code) {
                case 2 -> "an epb_flags option";
                case 4 -> "an epb_dropcount option";
                case 1 -> "an opt_comment option";
                default -> "an option of code 300";
            };
            refusedEveryWay(
                    out.toByteArray(),
                    "pcapng enhanced packet block at offset " + at + " has " + name + " at offset "
                            + (at + 28 + 60 + 8) + " of 9 bytes, but only 4 bytes of the block are left for it: the"
                            + " file is damaged there");
        }
    }

    @Test
    void anInterfaceStatisticsOptionThatRunsPastItsBlockOrADropCountNot8BytesIsRefused() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        sectionHeader(out, new byte[0]);
        interfaceDescription(out);
        packet(out, 1, syn(40000), new byte[0]);
        int at = out.size();
        statistics(out, 0, option(LE, 7, 12, new byte[8]));
        refusedEveryWay(
                out.toByteArray(),
                "pcapng interface statistics block at offset " + at + " has an isb_osdrop option at offset "
                        + (at + 20) + " of 12 bytes, but only 8 bytes of the block are left for it: the file is"
                        + " damaged there");

        out.reset();
        sectionHeader(out, new byte[0]);
        interfaceDescription(out);
        statistics(out, 0, option(LE, 5, 4, new byte[4]));
        refusedEveryWay(
                out.toByteArray(),
                "pcapng interface statistics block at offset 48 has an isb_ifdrop option of 4 bytes, not 8 (a count"
                        + " of packets): the file is damaged there");
    }

    /** Good options of every kind are read past: the frames are those of the file without them. */
    @Test
    void wellFormedOptionsAreReadPast() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        sectionHeader(out, join(option(LE, 3, 5, "Linux".getBytes()), new byte[4]));
        interfaceDescription(out);
        packet(out, 7, syn(40000), join(option(LE, 2, 4, new byte[4]), option(LE, 1, 2, "hi".getBytes())));
        statistics(out, 0, join(option(LE, 4, 8, count(1)), option(LE, 5, 8, count(0)), new byte[4]));
        byte[] file = out.toByteArray();
        List<Frame> frames = PacketFileReader.read(file);
        assertThat(frames).hasSize(1);
        assertThat(frames.get(0).data()).isEqualTo(syn(40000));
        assertThat(frames.get(0).micros()).isEqualTo(7);
    }

    /**
     * tcpdump's and dumpcap's drop counts (isb_ifdrop, isb_osdrop) are a warning: the latest statistics of each
     * interface (they count from the capture's start), summed over interfaces and sections; none when they are zero.
     */
    @Test
    void dropsTheStatisticsCountAreAWarningNamingThemAndWhatToDo() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        sectionHeader(out, new byte[0]);
        interfaceDescription(out);
        interfaceDescription(out);
        packet(out, 1, syn(40000), new byte[0]);
        statistics(out, 0, join(option(LE, 5, 8, count(1)), option(LE, 7, 8, count(2))));
        statistics(out, 0, join(option(LE, 5, 8, count(3)), option(LE, 7, 8, count(40))));
        statistics(out, 1, option(LE, 7, 8, count(100)));
        sectionHeader(out, new byte[0]); // a second section: its interfaces count apart
        interfaceDescription(out);
        statistics(out, 0, option(LE, 7, 8, count(1000)));
        byte[] file = out.toByteArray();

        PcapImport imported = PcapImport.read(file, 0, null);

        assertThat(imported.warnings())
                .containsExactly("the capture may be missing packets: its interface statistics say 1143 packets were"
                        + " dropped while capturing (1140 by the operating system, isb_osdrop: its capture buffer was"
                        + " full; 3 by the interface, isb_ifdrop); a connection may lack segments where no gap shows"
                        + " it, or be missing whole; capture again with a bigger buffer (tcpdump -B 16384, in KiB)"
                        + " and a filter for only the traffic you need (tcpdump ... port 25), writing to a fast local"
                        + " disk");
        assertThat(imported.problems()).as("what was reassembled lacks nothing").isEmpty();
        List<Split> splits = Chunking.standard().splits(file.length).collect(Collectors.toList());
        splits.add(Split.oneByteAtATime());
        for (Split split : splits) {
            PcapImport streamed = PcapImport.run(
                    () -> new PiecesInputStream(split.pieces(file)),
                    0,
                    null,
                    new PcapImport.Sink() {
                        @Override
                        public void start(long startEpochMicros) {}

                        @Override
                        public void record(dev.weft.internet.testing.capture.CaptureRecord record) {}
                    },
                    false);
            assertThat(streamed.warnings()).as(split.toString()).isEqualTo(imported.warnings());
        }

        out.reset();
        sectionHeader(out, new byte[0]);
        interfaceDescription(out);
        packet(out, 1, syn(40000), new byte[0]);
        statistics(out, 0, join(option(LE, 5, 8, count(0)), option(LE, 7, 8, count(0))));
        assertThat(PcapImport.read(out.toByteArray(), 0, null).warnings()).isEmpty();
        assertThat(PcapImport.read(new PcapFiles().add(1, syn(40000)).pcap(1), 0, null)
                        .warnings())
                .isEmpty();

        out.reset();
        sectionHeader(out, new byte[0]);
        interfaceDescription(out);
        statistics(out, 0, option(LE, 5, 8, count(1)));
        packet(out, 1, syn(40000), new byte[0]);
        assertThat(PcapImport.read(out.toByteArray(), 0, null).warnings())
                .singleElement()
                .asString()
                .startsWith("the capture may be missing packets: its interface statistics say 1 packet was dropped"
                        + " while capturing (0 by the operating system");
    }

    @Test
    void statisticsOfAnInterfaceNotDeclaredAreRefused() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        sectionHeader(out, new byte[0]);
        interfaceDescription(out);
        statistics(out, 1, new byte[0]);
        refusedEveryWay(
                out.toByteArray(),
                "pcapng interface statistics block at offset 48 names interface 1, but only 1 interface description"
                        + " block (number 0) came before it in its section: the file is damaged, or its interface"
                        + " blocks were cut out");
    }
}
