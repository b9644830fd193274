package dev.weft.internet.testing.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** Damaged capture files: a clear error naming the field and offset, and no allocation a length field asks for. */
final class CaptureDamageTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** A header and the first five bytes of a data record whose length field says {@code length}. */
    private static byte[] claiming(int length) throws IOException {
        byte[] header = CaptureFileTest.write(List.of());
        ByteBuffer file = ByteBuffer.allocate(header.length + 5 + 20);
        file.put(header)
                .put((byte) CaptureRecord.DATA)
                .putInt(length)
                .putInt(1)
                .putLong(5)
                .put((byte) 0);
        return file.array();
    }

    /** Reads {@code file} whole, returning how many bytes this thread allocated meanwhile. */
    private static long allocatedReading(byte[] file) throws IOException {
        long before = THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
        try {
            CaptureFileTest.read(file);
        } catch (CaptureFormatException expected) {
            // what is measured is what reading cost
        }
        return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
    }

    @Test
    void aRecordClaimingTheLargestBodyAllocatesOnlyWhatTheFileHolds() throws IOException {
        byte[] file = claiming(CaptureFormat.MAX_BODY); // 64 MiB claimed, 20 bytes there

        assertThatThrownBy(() -> CaptureFileTest.read(file))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessageStartingWith(
                        "truncated record at offset 20: the file ends 20 bytes into a field of 67108864");
        assertThat(allocatedReading(file)).isLessThan(4 << 20);
    }

    /** Any record length in a short file: refused as truncated or impossible, at a cost bounded by the file. */
    @Property(tries = 60)
    void anyRecordLengthCostsNoMoreThanTheFile(@ForAll @LongRange(min = 0, max = 0xFFFFFFFFL) long length)
            throws IOException {
        assertThat(allocatedReading(claiming((int) length))).isLessThan(4 << 20);
    }

    @Test
    void aStringThatIsNotUtf8NamesItsFieldAndTheOffsetOfTheBadByte() throws IOException {
        byte[] file = CaptureFileTest.write(List.of(new OpenRecord(1, 0, "a", "b:1", "c")));
        int listener = 20 + 5 + 12 + 2 + 1 + 2; // header, type and length, prefix, "a" with its length, b's length
        file[listener + 2] = (byte) 0xFF; // "b:" then the byte 0xff

        assertThatThrownBy(() -> CaptureFileTest.read(file))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessage("record at offset 20: its listener string is not valid UTF-8: byte 0xff at offset "
                        + (listener + 2) + "; the file is damaged there");
    }

    /** One byte anywhere in a record's strings set to a byte that cannot start UTF-8: the field is named. */
    @Property(tries = 40)
    void anyBadByteInAStringIsNamed(@ForAll @IntRange(min = 0, max = 8) int at) throws IOException {
        CloseRecord close = new CloseRecord(2, 7, Side.SERVER, false, CloseKind.RESET, "peer reset");
        byte[] file = CaptureFileTest.write(List.of(close));
        int reason = 20 + 5 + 12 + 3 + 2;
        file[reason + at] = (byte) 0xC0; // never valid in UTF-8

        assertThatThrownBy(() -> CaptureFileTest.read(file))
                .hasMessage("record at offset 20: its reason string is not valid UTF-8: byte 0xc0 at offset "
                        + (reason + at) + "; the file is damaged there");
    }

    @Test
    void aBadConnectionIdOrTimeIsNamedApart() throws IOException {
        byte[] file = CaptureFileTest.write(List.of(new HalfCloseRecord(3, 9, Side.CLIENT)));
        byte[] zeroId = file.clone();
        ByteBuffer.wrap(zeroId).putInt(25, 0);
        byte[] negativeTime = file.clone();
        ByteBuffer.wrap(negativeTime).putLong(29, -2);

        assertThatThrownBy(() -> CaptureFileTest.read(zeroId))
                .hasMessage("record at offset 20: connection id 0 is out of range (1 to 2147483647): the file is"
                        + " damaged there");
        assertThatThrownBy(() -> CaptureFileTest.read(negativeTime))
                .hasMessage("record at offset 20: time -2 is negative: the file is damaged there");
    }
}
