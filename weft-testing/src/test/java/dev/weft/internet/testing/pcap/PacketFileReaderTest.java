package dev.weft.internet.testing.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Random;
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
}
