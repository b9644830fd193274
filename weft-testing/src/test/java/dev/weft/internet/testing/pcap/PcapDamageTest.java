package dev.weft.internet.testing.pcap;

import static dev.weft.internet.testing.pcap.PcapFiles.ACK;
import static dev.weft.internet.testing.pcap.PcapFiles.SYN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Damaged packet captures: whatever is wrong with a file, the import either reads it or throws {@link
 * PcapFormatException} with a sentence naming what is wrong, never another exception and never an allocation the file
 * does not back.
 */
final class PcapDamageTest {
    /** A pcapng file of one segment with a payload: section header, interface, a block to skip, enhanced packet. */
    private static final byte[] PCAPNG = pcapng(ByteOrder.BIG_ENDIAN);

    private static final byte[] PCAPNG_LE = pcapng(ByteOrder.LITTLE_ENDIAN);

    private static final byte[] PCAP = twoSegments().pcap(101);

    /** Over IPv6 with a chain of extension headers (hop-by-hop, routing, destination options) before TCP. */
    private static final byte[] PCAP_V6 = ipv6WithExtensions();

    private static PcapFiles twoSegments() {
        byte[] tcp = PcapFiles.tcp(ACK, 1, "hello".getBytes(StandardCharsets.US_ASCII), 40000, 80);
        byte[] syn = PcapFiles.tcp(SYN, 0, new byte[0], 40000, 80);
        try {
            return new PcapFiles()
                    .add(1, PcapFiles.ipv4("10.0.0.1", "10.0.0.2", syn))
                    .add(2, PcapFiles.ipv4("10.0.0.1", "10.0.0.2", tcp));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] ipv6WithExtensions() {
        byte[] tcp = PcapFiles.tcp(ACK, 1, "hello".getBytes(StandardCharsets.US_ASCII), 40000, 80);
        // After PcapFiles' hop-by-hop header: routing (16 bytes), destination options (8), then TCP. Each begins
        // with its next header and its length in 8-byte units beyond the first 8.
        ByteBuffer chain = ByteBuffer.allocate(16 + 8 + tcp.length);
        chain.put((byte) 60).put((byte) 1).put(new byte[14]);
        chain.put((byte) 6).put((byte) 0).put(new byte[6]);
        chain.put(tcp);
        try {
            byte[] ip = PcapFiles.ipv6("fd00::1", "fd00::2", chain.array());
            ip[40] = 43; // the hop-by-hop header's next header: routing
            return new PcapFiles().add(1, ip).pcap(101);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theIpv6CaptureReadsThroughItsExtensionHeaders() {
        assertThat(PcapImport.read(PCAP_V6, 0, null)
                        .capture()
                        .connection(1)
                        .bytes(dev.weft.internet.testing.capture.Side.CLIENT))
                .isEqualTo("hello".getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] pcapng(ByteOrder order) {
        return twoSegments().pcapng(101, order);
    }

    @Test
    void aSectionHeaderTooShortForItsVersionIsRefusedByName() {
        // The 12 bytes of a section header with no room for its version: read past the end of the file before.
        byte[] file = ByteBuffer.allocate(12)
                .putInt(0x0A0D0D0A)
                .putInt(12)
                .putInt(0x1A2B3C4D)
                .array();

        assertThatThrownBy(() -> PcapImport.read(file, 0, null))
                .isInstanceOf(PcapFormatException.class)
                .hasMessage("pcapng section header block at offset 0 is 12 bytes long, shorter than its fixed"
                        + " fields (28 bytes): the file is damaged");
    }

    /** A classic pcap record's fraction of a second must be below its unit: 10^6 microseconds, 10^9 nanoseconds. */
    @Test
    void aFractionOfASecondOfAWholeSecondOrMoreIsRefusedNamingTheFrameOffsetAndValue() {
        int second = 24 + 16 + 40; // the second record: after the file header and the first record (a 40-byte SYN)
        byte[] micros = PCAP.clone();
        ByteBuffer m = ByteBuffer.wrap(micros).order(ByteOrder.LITTLE_ENDIAN);
        m.putInt(24 + 4, 999_999); // the largest microsecond field is read
        assertThat(PacketFileReader.read(micros).get(0).micros()).isEqualTo(999_999);
        m.putInt(second + 4, 1_000_000);
        assertThatThrownBy(() -> PcapImport.read(micros, 0, null))
                .isInstanceOf(PcapFormatException.class)
                .hasMessage(
                        "packet record 2 at offset 80 has a microsecond field of 1000000, not below 1000000 (a whole"
                                + " second or more): the file is damaged there, or its writer is faulty");

        byte[] nanos = PCAP.clone();
        ByteBuffer n = ByteBuffer.wrap(nanos).order(ByteOrder.LITTLE_ENDIAN);
        n.putInt(0, 0xA1B23C4D); // a nanosecond file
        n.putInt(24 + 4, 999_999_999);
        n.putInt(second + 4, 1_000_000); // 1 ms, not a whole second
        assertThat(PacketFileReader.read(nanos)).extracting(Frame::micros).containsExactly(999_999L, 1000L);
        n.putInt(second + 4, -1);
        assertThatThrownBy(() -> PcapImport.read(nanos, 0, null))
                .isInstanceOf(PcapFormatException.class)
                .hasMessage("packet record 2 at offset 80 has a nanosecond field of 4294967295, not below 1000000000"
                        + " (a whole second or more): the file is damaged there, or its writer is faulty");
        n.putInt(24 + 4, 1_000_000_000);
        assertThatThrownBy(() -> PcapImport.read(nanos, 0, null))
                .hasMessageStartingWith("packet record 1 at offset 24 has a nanosecond field of 1000000000,");
    }

    @Test
    void aCapturedLengthNearTwoToThe31IsRefusedWithoutAllocatingIt() {
        int epb = PCAPNG.length - 80; // the last block: 28 bytes of fields, 45 of data and 3 of padding, its length
        for (int captured : new int[] {0x7FFFFFF0, 0x7FFFFFFF, -1, 49}) {
            byte[] file = PCAPNG.clone();
            ByteBuffer.wrap(file).putInt(epb + 20, captured);

            assertThatThrownBy(() -> PcapImport.read(file, 0, null))
                    .as("captured length %s", Integer.toUnsignedString(captured))
                    .isInstanceOf(PcapFormatException.class)
                    .hasMessage("pcapng enhanced packet block at offset " + epb + " claims "
                            + Integer.toUnsignedString(captured) + " captured bytes, but holds only 48: the file is"
                            + " damaged");
        }
    }

    @Test
    void blockLengthsThatDisagreeAreRefused() {
        byte[] file = PCAPNG.clone();
        ByteBuffer.wrap(file).putInt(file.length - 4, 76); // the last block's trailing length

        assertThatThrownBy(() -> PcapImport.read(file, 0, null))
                .isInstanceOf(PcapFormatException.class)
                .hasMessage("pcapng block at offset " + (file.length - 80) + " is 80 bytes long by the length at its"
                        + " start but 76 by the copy at its end: the file is damaged there (were two captures joined,"
                        + " or bytes lost?)");
    }

    @Test
    void aPacketBlockShorterThanItsFieldsIsRefusedNotReadFromTheNextBlock() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Arrays.copyOf(PCAPNG, 28 + 28)); // section header and interface
        PcapFiles.block(out, ByteOrder.BIG_ENDIAN, 6, new byte[4]); // 16 bytes: no room for a timestamp
        out.writeBytes(Arrays.copyOfRange(PCAPNG, PCAPNG.length - 80, PCAPNG.length));

        assertThatThrownBy(() -> PcapImport.read(out.toByteArray(), 0, null))
                .isInstanceOf(PcapFormatException.class)
                .hasMessage("pcapng enhanced packet block at offset 56 is 16 bytes long, shorter than its fixed fields"
                        + " (32 bytes): the file is damaged");
    }

    @Test
    void anInterfaceOutOfRangeIsNamedWithTheInterfacesDeclared() {
        int epb = PCAPNG.length - 80;
        byte[] file = PCAPNG.clone();
        ByteBuffer.wrap(file).putInt(epb + 8, -1);

        assertThatThrownBy(() -> PcapImport.read(file, 0, null))
                .hasMessage("pcapng enhanced packet block at offset " + epb + " names interface 4294967295, but only 1"
                        + " interface description block (number 0) came before it in its section: the file is"
                        + " damaged, or its interface blocks were cut out");
    }

    @Test
    void aTcpHeaderTooShortForItsOwnFieldsIsReportedAsDamagedNotCut() throws Exception {
        byte[] tcp = PcapFiles.tcp(ACK, 1, "hello".getBytes(StandardCharsets.US_ASCII), 40000, 80);
        tcp[12] = 0x40; // data offset 4 words: 16 bytes, less than the fixed 20
        byte[] file = new PcapFiles()
                .add(1, PcapFiles.ipv4("10.0.0.1", "10.0.0.2", PcapFiles.tcp(SYN, 0, new byte[0], 40000, 80)))
                .add(2, PcapFiles.ipv4("10.0.0.1", "10.0.0.2", tcp))
                .pcap(101);

        assertThat(PcapImport.read(file, 0, null).problems())
                .containsExactly("1 frame has a damaged IP or TCP header (a header length below 5 words, a TCP"
                        + " header past the end of its IP packet, or a header past the end of a frame captured whole),"
                        + " so its segment is missing; the capture is damaged there, or was written by a faulty tool");
    }

    /** Cut anywhere, each capture is refused as truncated (or read up to a whole record), never anything else. */
    @Property(generation = GenerationMode.EXHAUSTIVE)
    void aFileCutAnywhereIsReadOrRefusedByName(@ForAll("files") byte[] file, @ForAll @IntRange(max = 300) int cut) {
        readOrRefuse(Arrays.copyOf(file, Math.min(cut, file.length)));
    }

    /** Every aligned 32-bit field of each capture set to an extreme value, in either byte order. */
    @Property(tries = 4672, generation = GenerationMode.EXHAUSTIVE)
    void anyFieldSetToAnExtremeIsReadOrRefusedByName(
            @ForAll("files") byte[] file,
            @ForAll @IntRange(max = 72) int field,
            @ForAll("extremes") int value,
            @ForAll boolean littleEndian) {
        if (field * 4 + 4 > file.length) {
            return;
        }
        byte[] damaged = file.clone();
        ByteBuffer.wrap(damaged)
                .order(littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN)
                .putInt(field * 4, value);
        readOrRefuse(damaged);
    }

    /** Random bits flipped anywhere in each capture. */
    @Property(tries = 600)
    void flippedBitsAreReadOrRefusedByName(@ForAll("files") byte[] file, @ForAll long seed) {
        Random random = new Random(seed);
        byte[] damaged = file.clone();
        for (int i = 1 + random.nextInt(6); i > 0; i--) {
            damaged[random.nextInt(damaged.length)] ^= (byte) (1 << random.nextInt(8));
        }
        readOrRefuse(damaged);
    }

    private static void readOrRefuse(byte[] file) {
        try {
            PcapImport.read(file, 0, null);
        } catch (PcapFormatException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<byte[]> files() {
        return Arbitraries.of(PCAP, PCAPNG, PCAPNG_LE, PCAP_V6);
    }

    @Provide
    Arbitrary<Integer> extremes() {
        return Arbitraries.of(0, -1, 1, 12, 0x7FFFFFFF, 0x80000000, 0x7FFFFFF0, 0xFFFF);
    }
}
