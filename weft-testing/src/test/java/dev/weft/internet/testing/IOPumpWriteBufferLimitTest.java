package dev.weft.internet.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.internet.IPullProducer;
import dev.weft.internet.IPushProducer;
import dev.weft.internet.Protocol;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link IOPump#setWriteBufferLimit}: a slow reader in memory. A push producer is paused by each write that leaves
 * more than the limit queued and resumed by the pump that takes the bytes, before the peer receives them, as the
 * reactor's high-water mark does; a pull producer is resumed only while the queue is within the limit. Before, a
 * producer on a FakeTransport was never paused: 2 MB queued at once.
 */
final class IOPumpWriteBufferLimitTest {
    private static final int LIMIT = 64 * 1024;
    private static final int CHUNK = 16 * 1024;
    private static final byte[] TWO_MB = pattern(2 * 1024 * 1024);

    private final List<String> calls = new ArrayList<>();

    private static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + (i >>> 11));
        }
        return b;
    }

    /** Writes its bytes in chunks while not paused, as a push producer registered with its own transport. */
    private final class Writer extends Protocol implements IPushProducer {
        private final byte[] all;
        private final AccumulatingProtocol reader;
        private int sent;
        private boolean paused;
        int maxBuffered;

        Writer(byte[] all, AccumulatingProtocol reader) {
            this.all = all;
            this.reader = reader;
        }

        FakeTransport io() {
            return (FakeTransport) transport();
        }

        void start() {
            transport().registerProducer(this, true);
            produce();
        }

        private void produce() {
            while (!paused && sent < all.length) {
                int n = Math.min(CHUNK, all.length - sent);
                transport().write(Arrays.copyOfRange(all, sent, sent + n));
                sent += n;
                maxBuffered = (int) Math.max(maxBuffered, io().bufferedBytes());
            }
            if (sent == all.length) {
                transport().unregisterProducer();
                sent++; // done
            }
        }

        @Override
        public void pauseProducing() {
            calls.add("pause: " + io().bufferedBytes() + " queued, " + reader.dataSize() + " read");
            paused = true;
        }

        @Override
        public void resumeProducing() {
            calls.add("resume: " + io().bufferedBytes() + " queued, " + reader.dataSize() + " read");
            paused = false;
            produce();
        }

        @Override
        public void stopProducing() {
            calls.add("stop");
        }
    }

    private static IOPump connect(Protocol server, Protocol client) {
        return IOPump.connect(new FakeTransport(server, true), new FakeTransport(client, false), false);
    }

    @Test
    void aPushProducerIsPausedOverTheLimitAndResumedByThePumpThatTakesTheBytesAllArrivingInOrder() {
        AccumulatingProtocol client = new AccumulatingProtocol();
        Writer server = new Writer(TWO_MB, client);
        IOPump pump = connect(server, client);
        pump.setWriteBufferLimit(LIMIT);

        server.start();
        assertThat(calls).containsExactly("pause: 81920 queued, 0 read"); // the fifth chunk passed 64 KiB
        assertThat(pump.serverIO().isProducerPausedByBuffer()).isTrue();

        pump.pump();
        assertThat(calls)
                .as("resumed once the pump took the bytes, before the client received them")
                .containsExactly(
                        "pause: 81920 queued, 0 read", "resume: 0 queued, 0 read", "pause: 81920 queued, 0 read");
        assertThat(client.dataSize()).isEqualTo(81920);

        pump.flush();
        assertThat(client.data()).isEqualTo(TWO_MB);
        assertThat(server.maxBuffered).isEqualTo(81920);
        long pauses = calls.stream().filter(c -> c.startsWith("pause")).count();
        long resumes = calls.stream().filter(c -> c.startsWith("resume")).count();
        assertThat(pauses).as("128 chunks, 5 per round").isEqualTo(25);
        assertThat(resumes).isEqualTo(25);
        for (int i = 0; i < calls.size(); i++) {
            assertThat(calls.get(i)).startsWith(i % 2 == 0 ? "pause: 81920 queued" : "resume: 0 queued");
        }
        assertThat(pump.serverIO().producer()).isNull();
        assertThat(pump.serverIO().isProducerPausedByBuffer()).isFalse();
    }

    @Test
    void aSlowReaderKeepsTheProducerPausedUntilItReadsAgain() {
        AccumulatingProtocol client = new AccumulatingProtocol();
        Writer server = new Writer(TWO_MB, client);
        IOPump pump = connect(server, client);
        pump.setWriteBufferLimit(LIMIT);
        pump.clientIO().pauseProducing(); // the client stops reading

        server.start();
        for (int i = 0; i < 5; i++) {
            assertThat(pump.pump()).isFalse();
        }
        assertThat(calls).containsExactly("pause: 81920 queued, 0 read");
        assertThat(pump.serverIO().bufferedBytes()).isEqualTo(81920);
        assertThat(client.dataSize()).isZero();

        pump.clientIO().resumeProducing();
        pump.flush();
        assertThat(client.data()).isEqualTo(TWO_MB);
    }

    @Test
    void eachWriteThatLeavesTheBufferOverTheLimitPausesAgainAndWriteSequenceOnce() {
        AccumulatingProtocol client = new AccumulatingProtocol();
        IOPump pump = connect(new Protocol(), client);
        pump.setWriteBufferLimit(LIMIT);
        FakeTransport io = pump.serverIO();
        io.registerProducer(
                new IPushProducer() {
                    @Override
                    public void pauseProducing() {
                        calls.add("pause: " + io.bufferedBytes() + " queued, " + client.dataSize() + " read");
                    }

                    @Override
                    public void resumeProducing() {}

                    @Override
                    public void stopProducing() {}
                },
                true);

        io.write(new byte[LIMIT]);
        assertThat(calls).as("at the limit, not over it").isEmpty();
        io.write(new byte[1]);
        io.write(new byte[1]); // the producer ignored the pause
        assertThat(calls).containsExactly("pause: 65537 queued, 0 read", "pause: 65538 queued, 0 read");

        pump.pump();
        calls.clear();
        io.writeSequence(List.of(new byte[LIMIT], new byte[1], new byte[1]));
        assertThat(calls).containsExactly("pause: 65538 queued, 65538 read");
    }

    /** Writes {@code size} bytes per resume, {@code total} in all, as a pull producer. */
    private static final class PullWriter implements IPullProducer {
        private final FakeTransport io;
        private final byte[] all;
        private final int size;
        private int sent;
        int resumes;

        PullWriter(FakeTransport io, byte[] all, int size) {
            this.io = io;
            this.all = all;
            this.size = size;
        }

        @Override
        public void resumeProducing() {
            resumes++;
            int n = Math.min(size, all.length - sent);
            io.write(Arrays.copyOfRange(all, sent, sent + n));
            sent += n;
            if (sent == all.length) {
                io.unregisterProducer();
            }
        }

        @Override
        public void stopProducing() {}
    }

    @Test
    void aPullProducerIsResumedOnlyByPumpsThatLeaveTheQueueWithinTheLimit() {
        AccumulatingProtocol client = new AccumulatingProtocol();
        IOPump pump = connect(new Protocol(), client);
        pump.setWriteBufferLimit(LIMIT);
        pump.clientIO().pauseProducing();
        PullWriter producer = new PullWriter(pump.serverIO(), TWO_MB, 40_000);

        pump.serverIO().registerProducer(producer, false);
        assertThat(producer.resumes).isEqualTo(1);
        pump.pump(); // 40000 queued: within the limit
        assertThat(producer.resumes).isEqualTo(2);
        for (int i = 0; i < 3; i++) {
            pump.pump(); // 80000 queued and nobody reads
        }
        assertThat(producer.resumes).isEqualTo(2);
        assertThat(pump.serverIO().bufferedBytes()).isEqualTo(80_000);

        pump.clientIO().resumeProducing();
        pump.flush();
        assertThat(client.data()).isEqualTo(TWO_MB);
    }

    @Test
    void withoutALimitNothingChangesAndABadLimitIsRefused() {
        AccumulatingProtocol client = new AccumulatingProtocol();
        Writer server = new Writer(TWO_MB, client);
        IOPump pump = connect(server, client);
        assertThat(pump.serverIO().writeBufferLimit()).isEqualTo(FakeTransport.NO_WRITE_BUFFER_LIMIT);

        server.start();
        assertThat(calls).isEmpty();
        assertThat(pump.serverIO().bufferedBytes()).isEqualTo(TWO_MB.length);
        assertThatThrownBy(() -> pump.setWriteBufferLimit(-2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "the write-buffer limit is 0 bytes or more, or NO_WRITE_BUFFER_LIMIT (-1) for none, not -2");
    }
}
