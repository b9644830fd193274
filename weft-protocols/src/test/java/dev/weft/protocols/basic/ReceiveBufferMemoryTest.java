package dev.weft.protocols.basic;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.IBufferedProtocol;
import dev.weft.internet.testing.StringTransport;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * What a framing receiver keeps between reads: its leftover bytes, not the room the reactor asked for nor
 * the largest message it ever held. Fed as the reactor feeds it: {@code getBuffer(65536)}, then at most 64
 * KiB, then {@code bufferUpdated(n)}.
 */
final class ReceiveBufferMemoryTest {
    private static final int READ = 65536;
    private static final int BIG = 10 << 20;

    private static void read(IBufferedProtocol p, byte[] input) {
        for (int offset = 0; offset < input.length; offset += READ) {
            int n = Math.min(READ, input.length - offset);
            ByteBuffer b = p.getBuffer(READ);
            b.put(input, offset, n);
            p.bufferUpdated(n);
        }
    }

    private static byte[] filled(int n) {
        byte[] bytes = new byte[n];
        Arrays.fill(bytes, (byte) 'x');
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] part : parts) {
            n += part.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    static final class Lines extends LineReceiver {
        final List<Integer> lengths = new ArrayList<>();

        @Override
        public void lineReceived(byte[] line) {
            lengths.add(line.length);
        }
    }

    static final class OnlyLines extends LineOnlyReceiver {
        final List<Integer> lengths = new ArrayList<>();

        @Override
        public void lineReceived(byte[] line) {
            lengths.add(line.length);
        }
    }

    static final class Strings extends Int32StringReceiver {
        final List<Integer> lengths = new ArrayList<>();

        @Override
        public void stringReceived(byte[] string) {
            lengths.add(string.length);
        }
    }

    static final class Netstrings extends NetstringReceiver {
        final List<Integer> lengths = new ArrayList<>();

        @Override
        public void stringReceived(byte[] string) {
            lengths.add(string.length);
        }
    }

    private static byte[] int32(int n) {
        return concat(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n}, filled(n));
    }

    private static byte[] netstring(int n) {
        return concat((n + ":").getBytes(US_ASCII), filled(n), new byte[] {','});
    }

    private static byte[] line(int n) {
        return concat(filled(n), "\r\n".getBytes(US_ASCII));
    }

    /** One receiver kind: how to make it (with room for a 10 MiB message), frame a message, and see it. */
    private record Kind(
            String name,
            java.util.function.Supplier<IBufferedProtocol> make,
            Function<Integer, byte[]> frame,
            Function<IBufferedProtocol, ReceiveBuffer> buffer,
            Function<IBufferedProtocol, List<Integer>> received) {}

    private static List<Kind> kinds() {
        return List.of(
                new Kind(
                        "LineReceiver",
                        () -> {
                            Lines p = new Lines();
                            p.setMaxLength(16 << 20);
                            return p;
                        },
                        ReceiveBufferMemoryTest::line,
                        p -> ((Lines) p).receiveBuffer(),
                        p -> ((Lines) p).lengths),
                new Kind(
                        "LineOnlyReceiver",
                        () -> {
                            OnlyLines p = new OnlyLines();
                            p.setMaxLength(16 << 20);
                            return p;
                        },
                        ReceiveBufferMemoryTest::line,
                        p -> ((OnlyLines) p).receiveBuffer(),
                        p -> ((OnlyLines) p).lengths),
                new Kind(
                        "Int32StringReceiver",
                        () -> {
                            Strings p = new Strings();
                            p.setMaxLength(16 << 20);
                            return p;
                        },
                        ReceiveBufferMemoryTest::int32,
                        p -> ((Strings) p).receiveBuffer(),
                        p -> ((Strings) p).lengths),
                new Kind(
                        "NetstringReceiver",
                        () -> {
                            Netstrings p = new Netstrings();
                            p.setMaxLength(16 << 20);
                            return p;
                        },
                        ReceiveBufferMemoryTest::netstring,
                        p -> ((Netstrings) p).receiveBuffer(),
                        p -> ((Netstrings) p).lengths));
    }

    @Test
    void aShortMessageLeavesNothingBehindAfterTheRead() {
        for (Kind kind : kinds()) {
            IBufferedProtocol p = kind.make().get();
            p.makeConnection(new StringTransport());

            read(p, kind.frame().apply(2));

            assertThat(kind.received().apply(p)).as(kind.name()).containsExactly(2);
            assertThat(kind.buffer().apply(p).ownCapacity())
                    .as("%s: bytes kept by an idle connection", kind.name())
                    .isZero();
        }
    }

    @Test
    void aPartialMessageKeepsOnlyItsBytes() {
        for (Kind kind : kinds()) {
            IBufferedProtocol p = kind.make().get();
            p.makeConnection(new StringTransport());
            byte[] two = concat(kind.frame().apply(100), kind.frame().apply(100));

            read(p, Arrays.copyOf(two, two.length - 50));

            assertThat(kind.received().apply(p)).as(kind.name()).containsExactly(100);
            assertThat(kind.buffer().apply(p).ownCapacity())
                    .as("%s: bytes kept for a partial message", kind.name())
                    .isLessThanOrEqualTo(ReceiveBuffer.KEEP);
            read(p, Arrays.copyOfRange(two, two.length - 50, two.length));
            assertThat(kind.received().apply(p)).as(kind.name()).containsExactly(100, 100);
        }
    }

    @Test
    void aTenMebibyteMessageIsGivenBackOnceConsumed() {
        for (Kind kind : kinds()) {
            IBufferedProtocol p = kind.make().get();
            p.makeConnection(new StringTransport());

            read(p, concat(kind.frame().apply(BIG), kind.frame().apply(3)));

            assertThat(kind.received().apply(p)).as(kind.name()).containsExactly(BIG, 3);
            assertThat(kind.buffer().apply(p).ownCapacity())
                    .as("%s: bytes kept after a 10 MiB message", kind.name())
                    .isZero();
        }
    }

    @Test
    void aLargeMessageFollowedByTheStartOfAnotherKeepsLittleMoreThanThatStart() {
        for (Kind kind : kinds()) {
            IBufferedProtocol p = kind.make().get();
            p.makeConnection(new StringTransport());
            byte[] next = kind.frame().apply(200_000);

            read(p, concat(kind.frame().apply(BIG), Arrays.copyOf(next, 100_000)));

            assertThat(kind.received().apply(p)).as(kind.name()).containsExactly(BIG);
            assertThat(kind.buffer().apply(p).ownCapacity())
                    .as("%s: bytes kept for a 100,000-byte partial message after a 10 MiB one", kind.name())
                    .isLessThanOrEqualTo(4 * 100_000 + ReceiveBuffer.SLACK);
            read(p, Arrays.copyOfRange(next, 100_000, next.length));
            assertThat(kind.received().apply(p)).as(kind.name()).containsExactly(BIG, 200_000);
            assertThat(kind.buffer().apply(p).ownCapacity()).as(kind.name()).isZero();
        }
    }

    @Test
    void messagesFedThroughDataReceivedLeaveNothingBehind() {
        for (Kind kind : kinds()) {
            IBufferedProtocol p = kind.make().get();
            p.makeConnection(new StringTransport());

            p.dataReceived(concat(kind.frame().apply(BIG), kind.frame().apply(1)));

            assertThat(kind.received().apply(p)).as(kind.name()).containsExactly(BIG, 1);
            assertThat(kind.buffer().apply(p).ownCapacity()).as(kind.name()).isZero();
        }
    }

    @Test
    void aReceiverFedFromAnotherReceiversCallbackKeepsBothStreamsWhole() {
        Lines inner = new Lines();
        inner.makeConnection(new StringTransport());
        LineReceiver outer = new LineReceiver() {
            @Override
            public void lineReceived(byte[] line) {
                // A proxy: each line read by one receiver is read by another (through its buffer, then as data).
                ByteBuffer b = inner.getBuffer(READ);
                b.put(line).put((byte) '\r').put((byte) '\n').put(line);
                inner.bufferUpdated(2 * line.length + 2);
                inner.dataReceived("\r\n".getBytes(US_ASCII));
            }
        };
        outer.makeConnection(new StringTransport());

        read(outer, concat(line(10), line(20), filled(5)));

        assertThat(inner.lengths).containsExactly(10, 10, 20, 20);
        assertThat(outer.receiveBuffer().ownCapacity()).isLessThanOrEqualTo(ReceiveBuffer.KEEP);
        assertThat(inner.receiveBuffer().ownCapacity()).isLessThanOrEqualTo(ReceiveBuffer.KEEP);
    }

    @Test
    void aBufferLentWithoutBufferUpdatedDoesNotDisturbTheNextReceiver() {
        Lines first = new Lines();
        Lines second = new Lines();
        first.makeConnection(new StringTransport());
        second.makeConnection(new StringTransport());
        read(first, "abc".getBytes(US_ASCII));

        first.getBuffer(READ); // a read that returned nothing
        read(second, line(7));
        read(first, "de\r\n".getBytes(US_ASCII));

        assertThat(first.lengths).containsExactly(5);
        assertThat(second.lengths).containsExactly(7);
    }

    @Test
    void bufferUpdatedAfterAnotherReceiversGetBufferIsRefusedWithTheReason() {
        Lines first = new Lines();
        Lines second = new Lines();
        first.makeConnection(new StringTransport());
        second.makeConnection(new StringTransport());

        first.getBuffer(READ).put((byte) 'a');
        second.getBuffer(READ);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> first.bufferUpdated(1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("after another receiver's getBuffer");
    }

    @Test
    void dataReceivedBetweenAnotherReceiversGetBufferAndBufferUpdatedKeepsBothReads() {
        for (Kind kind : kinds()) {
            IBufferedProtocol first = kind.make().get();
            IBufferedProtocol second = kind.make().get();
            first.makeConnection(new StringTransport());
            second.makeConnection(new StringTransport());
            byte[] four = kind.frame().apply(4);

            first.getBuffer(READ).put(four);
            second.dataReceived(kind.frame().apply(10));
            first.bufferUpdated(four.length);

            assertThat(kind.received().apply(first)).as(kind.name()).containsExactly(4);
            assertThat(kind.received().apply(second)).as(kind.name()).containsExactly(10);
        }
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    /** Bytes allocated per 64 KiB read of {@code frame}-byte Int32 frames, beyond the strings delivered. */
    private static long overheadPerRead(int frame) {
        Strings p = new Strings();
        p.setMaxLength(16 << 20);
        p.makeConnection(new StringTransport());
        byte[] frames = new byte[0];
        for (int i = 0; i < 32; i++) {
            frames = concat(frames, int32(frame));
        }
        byte[] twice = concat(frames, frames);
        int reads = 2000;
        long before = 0;
        int offset = 0;
        for (int r = 0; r < 2 * reads; r++) {
            if (r == reads) {
                before = allocated();
                p.lengths.clear();
            }
            p.getBuffer(READ).put(twice, offset, READ);
            offset = (offset + READ) % frames.length;
            p.bufferUpdated(READ);
            if (p.lengths.size() > 1000) {
                p.lengths.clear();
            }
        }
        long strings = (long) reads * READ * frame / (frame + 4);
        return (allocated() - before - strings) / reads;
    }

    @Test
    void framesSpanningReadsDoNotReallocateTheOwnArrayOnEachRead() {
        for (int frame : new int[] {30_000, 100_000}) {
            assertThat(overheadPerRead(frame))
                    .as("bytes allocated per 64 KiB read of %d-byte frames beyond the strings", frame)
                    .isLessThan(4096);
        }
    }

    @Test
    void anOversizedArrayIsGivenBackAfterSettlesThatNeedLittle() {
        Strings p = new Strings();
        p.setMaxLength(16 << 20);
        p.makeConnection(new StringTransport());
        read(p, concat(int32(100_000), Arrays.copyOf(int32(100_000), 60_000)));
        assertThat(p.receiveBuffer().ownCapacity()).isGreaterThanOrEqualTo(60_000);
        byte[] rest = Arrays.copyOfRange(int32(100_000), 60_000, 100_004);

        // Each read completes the frame in progress and leaves 10 bytes of the next.
        read(p, concat(rest, Arrays.copyOf(int32(20), 10)));
        byte[] endAndStart = concat(Arrays.copyOfRange(int32(20), 10, 24), Arrays.copyOf(int32(20), 10));
        for (int i = 2; i < ReceiveBuffer.SHRINK_AFTER; i++) {
            read(p, endAndStart);
        }
        assertThat(p.receiveBuffer().ownCapacity())
                .as("kept while fewer than SHRINK_AFTER settles found it oversized")
                .isGreaterThanOrEqualTo(60_000);
        read(p, endAndStart);

        assertThat(p.lengths).hasSize(1 + ReceiveBuffer.SHRINK_AFTER);
        assertThat(p.receiveBuffer().ownCapacity()).isLessThanOrEqualTo(ReceiveBuffer.KEEP);
    }

    @Test
    void aThousandConnectionsIdleAfterFramesThatSpannedReadsKeepNothing() {
        List<Strings> idle = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Strings p = new Strings();
            p.setMaxLength(16 << 20);
            p.makeConnection(new StringTransport());
            read(p, concat(int32(100_000), int32(100_000), int32(3)));
            idle.add(p);
        }
        long kept = 0;
        for (Strings p : idle) {
            assertThat(p.lengths).containsExactly(100_000, 100_000, 3);
            kept += p.receiveBuffer().ownCapacity();
        }
        assertThat(kept).as("bytes kept by 1,000 idle connections").isZero();
    }

    @Test
    void aFreshThreadsSharedBufferIsSizedToItsReads() throws Exception {
        CompletableFuture<int[]> sizes = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                Lines p = new Lines();
                p.setMaxLength(1 << 20);
                p.makeConnection(new StringTransport());
                p.dataReceived(line(10));
                int afterLine = ReceiveBuffer.sharedCapacity();
                read(p, concat(line(200_000), line(3)));
                sizes.complete(new int[] {afterLine, ReceiveBuffer.sharedCapacity(), p.lengths.size()});
            } catch (Throwable t) {
                sizes.completeExceptionally(t);
            }
        });
        thread.start();

        int[] got = sizes.get(1, TimeUnit.MINUTES);
        thread.join();
        assertThat(got[0]).as("shared buffer after a 12-byte line").isLessThanOrEqualTo(ReceiveBuffer.KEEP);
        assertThat(got[1]).as("shared buffer after 64 KiB reads").isBetween(READ, ReceiveBuffer.SHARED_MAX);
        assertThat(got[2]).isEqualTo(3);
    }
}
