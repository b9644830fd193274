package dev.weft.internet.testing.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What reading and replaying a big capture costs: about its size, not copies of it. The bytes this thread allocates
 * are counted (garbage too, which is what made the heap a replay needed several times the capture's size).
 */
final class CaptureMemoryTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final int SIZE = 32 << 20;

    private static long allocated() {
        return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    /** A capture of one connection whose client sent {@link #SIZE} bytes in 1 MiB records. */
    private static byte[] bigCapture() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(SIZE + (1 << 20));
        try (CaptureWriter writer = new CaptureWriter(out, 0)) {
            writer.write(new OpenRecord(1, 0, "127.0.0.1:1", "127.0.0.1:2", "tcp:host=127.0.0.1:port=2"));
            writer.write(new ConnectedRecord(1, 0, "127.0.0.1:3", "127.0.0.1:2"));
            byte[] piece = new byte[1 << 20];
            for (int i = 0; i < SIZE / piece.length; i++) {
                Arrays.fill(piece, (byte) i);
                writer.write(new DataRecord(1, i, Side.CLIENT, piece));
            }
            writer.write(new HalfCloseRecord(1, 100, Side.CLIENT));
        }
        return out.toByteArray();
    }

    @Test
    void readingACaptureAllocatesAboutItsSize() throws IOException {
        byte[] file = bigCapture();
        long before = allocated();
        Capture capture = Capture.read(new ByteArrayInputStream(file));
        long cost = allocated() - before;
        assertThat(capture.connection(1).byteCount(Side.CLIENT)).isEqualTo(SIZE);
        assertThat(cost).as("bytes allocated reading %d", file.length).isLessThan(SIZE + SIZE / 4);
    }

    @Test
    void aSidesBytesAreCopiedOnce() throws IOException {
        RecordedConnection c =
                Capture.read(new ByteArrayInputStream(bigCapture())).connection(1);
        long before = allocated();
        byte[] all = c.bytes(Side.CLIENT);
        long cost = allocated() - before;
        assertThat(all).hasSize(SIZE);
        assertThat(all[SIZE - 1]).isEqualTo((byte) (SIZE / (1 << 20) - 1));
        assertThat(cost).isLessThan(SIZE + SIZE / 4);
    }

    @Test
    void aLiveReplaysEndIsToldWithoutCopyingTheRecordedBytes() throws IOException {
        RecordedConnection c =
                Capture.read(new ByteArrayInputStream(bigCapture())).connection(1);
        List<String> done = new ArrayList<>();
        LiveReplay replay = new LiveReplay(
                c,
                Side.SERVER,
                false,
                new dev.weft.internet.testing.MemoryReactorClock(),
                null,
                new LiveReplay.Actions() {
                    @Override
                    public void write(byte[] bytes) {}

                    @Override
                    public void halfClose() {}

                    @Override
                    public void close() {
                        done.add("close");
                    }

                    @Override
                    public void reset() {}
                });
        replay.start();
        replay.received(SIZE);
        replay.peerEnded();
        replay.stopped(false);
        long before = allocated();
        String end = replay.endDifference();
        String holding = replay.holding();
        long cost = allocated() - before;
        assertThat(end).isEqualTo(replay.result(new byte[SIZE]).endDifference()).isEmpty();
        assertThat(holding).isEmpty();
        assertThat(done).containsExactly("close");
        assertThat(cost).isLessThan(1 << 20);
    }

    @Test
    void ignoringNothingCopiesNoRecordedBytes() throws IOException {
        RecordedConnection c =
                Capture.read(new ByteArrayInputStream(bigCapture())).connection(1);
        LiveReplay replay = new LiveReplay(
                c,
                Side.SERVER,
                false,
                new dev.weft.internet.testing.MemoryReactorClock(),
                null,
                new LiveReplay.Actions() {
                    @Override
                    public void write(byte[] bytes) {}

                    @Override
                    public void halfClose() {}

                    @Override
                    public void close() {}

                    @Override
                    public void reset() {}
                });
        long before = allocated();
        replay.ignoring(List.of());
        assertThat(allocated() - before).isLessThan(1 << 20);
    }
}
