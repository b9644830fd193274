package dev.weft.internet.testing.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.internet.testing.Chunking;
import dev.weft.internet.testing.Split;
import dev.weft.internet.testing.capture.PiecesInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

final class PacketFileReaderTest {
    /** A frame an evaluator captured: as pcap it read 17:40:49.236540, as nanosecond pcapng 1 µs early. */
    static final Instant CAPTURED = Instant.parse("2026-12-07T17:40:49.236540Z");

    static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000 + t.getNano() / 1000;
    }

    @Test
    void nanosecondPcapngReadsTheSameMicrosecondAsPcap() {
        PcapFiles files = new PcapFiles().add(micros(CAPTURED), new byte[40]);

        assertThat(PacketFileReader.read(files.pcap(101)).get(0).micros()).isEqualTo(micros(CAPTURED));
        assertThat(PacketFileReader.read(files.pcapng(101)).get(0).micros()).isEqualTo(micros(CAPTURED));
    }

    /** if_tsresol in powers of 10 and of 2, each with the evaluator's instant (and 1 ns, 1 ps... past it). */
    @Test
    void everyTimestampResolutionIsReadExactlyRoundedDown() {
        long second = CAPTURED.getEpochSecond();
        long micro = CAPTURED.getNano() / 1000;
        assertThat(firstMicros(9, second * 1_000_000_000 + micro * 1000 + 999)).isEqualTo(micros(CAPTURED));
        assertThat(firstMicros(6, second * 1_000_000 + micro)).isEqualTo(micros(CAPTURED));
        assertThat(firstMicros(3, second * 1000 + 236)).isEqualTo(second * 1_000_000 + 236_000);
        assertThat(firstMicros(0, second)).isEqualTo(second * 1_000_000);
        // 2^-20 s: 1,048,576 units a second; 248,018 units is 236,528.39... µs
        assertThat(firstMicros(0x80 | 20, (second << 20) + 248_018)).isEqualTo(second * 1_000_000 + 236_528);
        // 2^-30 s: the unit a Linux kernel clock might give; 2^29 units is exactly half a second
        assertThat(firstMicros(0x80 | 30, (second << 30) + (1L << 29))).isEqualTo(second * 1_000_000 + 500_000);
        // picoseconds: 2^64 - 1 units (unsigned) is 18,446,744.073709551615 s
        assertThat(firstMicros(12, -1L)).isEqualTo(18_446_744_073_709L);
    }

    /** The conversion against exact big-number arithmetic, for any unsigned 64-bit value at every resolution. */
    @Test
    void theConversionIsExactOrRefusedForAnyValueAndResolution() {
        Random random = new Random(11);
        for (int i = 0; i < 2000; i++) {
            long units = i < 3 ? new long[] {0, -1, Long.MAX_VALUE}[i] : random.nextLong() >>> random.nextInt(64);
            for (int exponent = 0; exponent <= 62; exponent++) {
                for (BigInteger perSecond : exponent <= 18
                        ? new BigInteger[] {BigInteger.TEN.pow(exponent), BigInteger.TWO.pow(exponent)}
                        : new BigInteger[] {BigInteger.TWO.pow(exponent)}) {
                    BigInteger exact = new BigInteger(Long.toUnsignedString(units))
                            .multiply(BigInteger.valueOf(1_000_000))
                            .divide(perSecond);
                    if (exact.bitLength() <= 63) {
                        assertThat(PacketFileReader.micros(units, perSecond.longValueExact(), 0))
                                .as("%s units at %s a second", Long.toUnsignedString(units), perSecond)
                                .isEqualTo(exact.longValueExact());
                    } else {
                        assertThatThrownBy(() -> PacketFileReader.micros(units, perSecond.longValueExact(), 0))
                                .isInstanceOf(PcapFormatException.class)
                                .hasMessageContaining("past what weft can hold");
                    }
                }
            }
        }
    }

    @Test
    void aResolutionFinerThanTheReaderHoldsIsRefusedByName() {
        assertThatThrownBy(() -> firstMicros(19, 1))
                .isInstanceOf(PcapFormatException.class)
                .hasMessageStartingWith("if_tsresol 19 (units of 10^-19 s) is finer than weft reads");
        assertThatThrownBy(() -> firstMicros(0x80 | 63, 1))
                .hasMessageStartingWith("if_tsresol 191 (units of 2^-63 s) is finer than weft reads");
    }

    /** if_tsoffset's seconds are added to every timestamp of its interface, exactly, at any if_tsresol. */
    @Test
    void theInterfacesTimestampOffsetIsAddedExactlyAtAnyResolution() {
        long second = CAPTURED.getEpochSecond();
        long micro = CAPTURED.getNano() / 1000;
        for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
            // nanoseconds since the offset: a capture on a device whose clock counts from its boot
            assertThat(firstMicros(order, 9, second, 5_000_000_999L)).isEqualTo((second + 5) * 1_000_000);
            assertThat(firstMicros(order, 6, -3600, second * 1_000_000 + micro))
                    .isEqualTo(micros(CAPTURED) - 3_600_000_000L);
            // 2^-20 s: 248,018 units is 236,528.39... µs, rounded down before the whole seconds are added
            assertThat(firstMicros(order, 0x80 | 20, second, 248_018)).isEqualTo(second * 1_000_000 + 236_528);
            // no if_tsresol: microseconds; an offset of 0 changes nothing
            assertThat(firstMicros(order, -1, 0, micros(CAPTURED))).isEqualTo(micros(CAPTURED));
            assertThat(firstMicros(order, -1, 1, 0)).isEqualTo(1_000_000);
        }
    }

    @Test
    void anOffsetPastWhatWeftHoldsOrADamagedOptionIsRefusedByName() {
        assertThatThrownBy(() -> firstMicros(ByteOrder.LITTLE_ENDIAN, 6, Long.MAX_VALUE / 1_000_000, 1_000_000))
                .isInstanceOf(PcapFormatException.class)
                .hasMessage("pcapng packet block at offset 72 has a timestamp of 1000000 microseconds, and its"
                        + " interface's if_tsoffset adds 9223372036854 seconds: the sum is past what weft can hold"
                        + " (about 292,000 years either side of 1970); is the interface's if_tsoffset right?");
        assertThatThrownBy(() -> firstMicros(ByteOrder.BIG_ENDIAN, 6, Long.MIN_VALUE, 0))
                .isInstanceOf(PcapFormatException.class)
                .hasMessageContaining("if_tsoffset adds -9223372036854775808 seconds");
        assertThatThrownBy(() -> PacketFileReader.read(pcapng(
                        ByteOrder.LITTLE_ENDIAN,
                        ByteBuffer.allocate(8)
                                .order(ByteOrder.LITTLE_ENDIAN)
                                .putShort((short) 14)
                                .putShort((short) 4)
                                .putInt(7)
                                .array(),
                        0)))
                .isInstanceOf(PcapFormatException.class)
                .hasMessage("pcapng interface description block at offset 28 has an if_tsoffset option of 4 bytes,"
                        + " not 8 (a signed count of seconds): the file is damaged there");
    }

    /**
     * Every interface option whose length runs past its block is refused with the option's offset, whichever option it
     * is: if_tsresol (read one byte of) as if_tsoffset; whole, split at every boundary and one byte at a time.
     */
    @Test
    void anOptionThatRunsPastItsBlockIsRefusedWhicheverItIs() throws Exception {
        for (int code : new int[] {9, 14, 2}) {
            byte[] options = ByteBuffer.allocate(8)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putShort((short) code)
                    .putShort((short) 200)
                    .put((byte) 6)
                    .put(new byte[3])
                    .array();
            byte[] file = pcapng(ByteOrder.LITTLE_ENDIAN, options, 0);
            String name =
                    code == 9 ? "an if_tsresol option" : code == 14 ? "an if_tsoffset option" : "an option of code 2";
            String message = "pcapng interface description block at offset 28 has " + name + " at offset 44 of 200"
                    + " bytes, but only 4 bytes of the block are left for it: the file is damaged there";
            assertThatThrownBy(() -> PacketFileReader.read(file))
                    .isInstanceOf(PcapFormatException.class)
                    .hasMessage(message);
            List<Split> splits = Chunking.standard().splits(file.length).collect(Collectors.toList());
            splits.add(Split.oneByteAtATime());
            for (Split split : splits) {
                assertThatThrownBy(() -> {
                            try (PacketFileReader reader =
                                    new PacketFileReader(new PiecesInputStream(split.pieces(file)))) {
                                while (reader.next() != null) {
                                    // read to the end
                                }
                            }
                        })
                        .as(split.toString())
                        .hasMessage(message);
            }
        }
    }

    /** Through the import: the capture starts at the offset time. */
    @Test
    void anImportedCaptureStartsAtTheOffsetTime() {
        byte[] file = pcapng(ByteOrder.BIG_ENDIAN, options(ByteOrder.BIG_ENDIAN, 9, 1_700_000_000L), 2_500_000_000L);
        assertThat(PcapImport.read(file, 0, null).capture().startEpochMicros()).isEqualTo(1_700_000_002_500_000L);
    }

    /** if_tsresol {@code tsresol} (none if negative) and if_tsoffset {@code offset} (none if 0), then the end. */
    private static byte[] options(ByteOrder order, int tsresol, long offset) {
        ByteBuffer b = ByteBuffer.allocate(8 + 12 + 4).order(order);
        if (tsresol >= 0) {
            b.putShort((short) 9).putShort((short) 1).put((byte) tsresol).put(new byte[3]);
        }
        if (offset != 0) {
            b.putShort((short) 14).putShort((short) 8).putLong(offset);
        }
        b.putInt(0); // opt_endofopt
        byte[] options = new byte[b.position()];
        b.flip().get(options);
        return options;
    }

    private static long firstMicros(ByteOrder order, int tsresol, long offset, long units) {
        return PacketFileReader.read(pcapng(order, options(order, tsresol, offset), units))
                .get(0)
                .micros();
    }

    /** Reads a little-endian pcapng file of one frame at {@code units} of interface resolution {@code tsresol}. */
    private static long firstMicros(int tsresol, long units) {
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PcapFiles.block(
                out,
                order,
                0x0A0D0D0A,
                ByteBuffer.allocate(16)
                        .order(order)
                        .putInt(0x1A2B3C4D)
                        .putShort((short) 1)
                        .putShort((short) 0)
                        .putLong(-1)
                        .array());
        PcapFiles.block(
                out,
                order,
                1,
                ByteBuffer.allocate(16)
                        .order(order)
                        .putShort((short) 101)
                        .putShort((short) 0)
                        .putInt(0)
                        .putShort((short) 9)
                        .putShort((short) 1)
                        .put((byte) tsresol)
                        .put(new byte[3])
                        .array());
        PcapFiles.block(
                out,
                order,
                6,
                ByteBuffer.allocate(20 + 40)
                        .order(order)
                        .putInt(0)
                        .putInt((int) (units >>> 32))
                        .putInt((int) units)
                        .putInt(40)
                        .putInt(40)
                        .array());
        return PacketFileReader.read(out.toByteArray()).get(0).micros();
    }

    /**
     * A pcapng file in {@code order}: a section header, an interface description (Ethernet) with {@code options}, and
     * one enhanced packet block at {@code units} holding a TCP SYN.
     */
    private static byte[] pcapng(ByteOrder order, byte[] options, long units) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PcapFiles.block(
                out,
                order,
                0x0A0D0D0A,
                ByteBuffer.allocate(16)
                        .order(order)
                        .putInt(0x1A2B3C4D)
                        .putShort((short) 1)
                        .putShort((short) 0)
                        .putLong(-1)
                        .array());
        PcapFiles.block(
                out,
                order,
                1,
                ByteBuffer.allocate(8 + options.length)
                        .order(order)
                        .putShort((short) 1)
                        .putShort((short) 0)
                        .putInt(0)
                        .put(options)
                        .array());
        byte[] frame;
        try {
            frame = PcapFiles.ethernet(
                    PcapFiles.ipv4("10.0.0.1", "10.0.0.2", PcapFiles.tcp(0x02, 1, new byte[0], 40000, 80)), false);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        int padded = (frame.length + 3) & ~3;
        PcapFiles.block(
                out,
                order,
                6,
                ByteBuffer.allocate(20 + padded)
                        .order(order)
                        .putInt(0)
                        .putInt((int) (units >>> 32))
                        .putInt((int) units)
                        .putInt(frame.length)
                        .putInt(frame.length)
                        .put(frame)
                        .array());
        return out.toByteArray();
    }
}
