package dev.weft.internet.nio;

import static dev.weft.internet.nio.internal.Faults.LOGGER_NAME;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Deferred;
import dev.weft.defer.Failure;
import dev.weft.internet.IBufferedProtocol;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.Protocol;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.testing.AccumulatingClientFactory;
import dev.weft.internet.testing.AccumulatingProtocol;
import dev.weft.internet.testing.AccumulatingServerFactory;
import dev.weft.internet.testing.LogCapture;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How bytes reach protocols: straight into an IBufferedProtocol's buffer, or as fresh arrays. */
final class BufferedProtocolTest {
    private static final int MIB = 1 << 20;

    private final ReactorThread receiver = ReactorThread.start();
    private final ReactorThread sender = ReactorThread.start();

    @AfterEach
    void stopReactors() {
        receiver.close();
        sender.close();
    }

    /** A buffered protocol that reuses one buffer and sums what it gets, allocating nothing per read. */
    static final class Summing extends Protocol implements IBufferedProtocol {
        private final ByteBuffer buffer;
        private final long expected;
        final Deferred<Void> done = new Deferred<>();
        long received;
        long sum;
        int reads;

        Summing(ByteBuffer buffer, long expected) {
            this.buffer = buffer;
            this.expected = expected;
        }

        @Override
        public ByteBuffer getBuffer(int sizeHint) {
            buffer.clear();
            return buffer;
        }

        @Override
        public void bufferUpdated(int nbytes) {
            int end = buffer.position();
            for (int i = end - nbytes; i < end; i++) {
                sum += buffer.get(i) & 0xff;
            }
            received += nbytes;
            reads++;
            if (received == expected) {
                done.callback(null);
            }
        }
    }

    private static long allocatedBy(Thread thread) {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(thread.getId());
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aBufferedProtocolReceives64MiBWithoutAllocationOrLoggingPerRead(boolean direct) {
        int chunk = MIB;
        int chunks = 64;
        byte[] data = TcpTransportTest.randomBytes(42, chunk);
        long sumOfOne = 0;
        for (byte b : data) {
            sumOfOne += b & 0xff;
        }
        long expectedSum = sumOfOne * chunks;
        Summing summing = new Summing(
                direct ? ByteBuffer.allocateDirect(256 * 1024) : ByteBuffer.allocate(256 * 1024),
                (long) chunk * chunks);
        ServerFactory serverFactory = ServerFactory.forProtocol(() -> summing);
        Thread receiverThread = receiver.call(Thread::currentThread);
        Logger logger = Logger.getLogger("dev.weft.internet.nio");
        Level level = logger.getLevel();
        logger.setLevel(Level.ALL);
        try (LogCapture log = new LogCapture(LOGGER_NAME)) {
            AccumulatingProtocol client = connectAcross(serverFactory);
            // Let the connection settle on the receiver before measuring.
            receiver.await(() -> TcpTransportTest.turns(receiver.reactor(), 3));
            long before = allocatedBy(receiverThread);
            sender.execute(() -> {
                for (int i = 0; i < chunks; i++) {
                    client.transport().write(data);
                }
            });
            receiver.await(() -> summing.done);
            long allocated = allocatedBy(receiverThread) - before;
            receiver.execute(() -> {
                assertThat(summing.sum).isEqualTo(expectedSum);
                assertThat(summing.reads).isGreaterThan(chunks);
            });
            // A few hundred bytes of bookkeeping at most, against 64 MiB and thousands of reads.
            assertThat(allocated).as("bytes allocated on the reactor thread").isLessThan(64 * 1024);
            assertThat(log.thrown(Throwable.class)).isEmpty();
            assertThat(log.records()).isEmpty();
        } finally {
            logger.setLevel(level);
        }
    }

    @Test
    void aPlainProtocolGetsAFreshArrayHoldingExactlyTheBytesRead() {
        List<byte[]> chunks = new ArrayList<>();
        Deferred<Void> done = new Deferred<>();
        int total = 4 * MIB;
        ServerFactory serverFactory = ServerFactory.forProtocol(() -> new Protocol() {
            long received;

            @Override
            public void dataReceived(byte[] data) {
                chunks.add(data);
                received += data.length;
                if (received == total) {
                    done.callback(null);
                }
            }
        });
        byte[] data = TcpTransportTest.randomBytes(7, total);
        AccumulatingProtocol client = connectAcross(serverFactory);
        sender.execute(() -> TcpTransportTest.writeInRandomChunks((INioTransport) client.transport(), data, 3, 50_000));
        receiver.await(() -> done);
        receiver.execute(() -> {
            // Had the reactor reused arrays, the kept chunks would have been overwritten.
            java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
            for (byte[] c : chunks) {
                assertThat(c.length).isPositive();
                joined.writeBytes(c);
            }
            assertThat(joined.toByteArray()).isEqualTo(data);
            assertThat(chunks.stream().map(System::identityHashCode).distinct()).hasSameSizeAs(chunks);
        });
    }

    @Test
    void aBufferedProtocolWithOneByteBuffersGetsEveryByteInOrder() {
        byte[] data = TcpTransportTest.randomBytes(8, 100_000);
        OneByte oneByte = new OneByte(data.length);
        AccumulatingProtocol client = connectAcross(ServerFactory.forProtocol(() -> oneByte));
        sender.execute(() -> client.transport().write(data));
        receiver.await(() -> oneByte.done);
        receiver.execute(() -> assertThat(oneByte.received()).isEqualTo(data));
    }

    /** Logs its buffer-path calls and its close; fires {@link #lost} from {@code connectionLost}. */
    static final class CallLog extends Protocol implements IBufferedProtocol {
        private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        final List<String> calls = new ArrayList<>();
        final Deferred<Void> lost = new Deferred<>();

        @Override
        public ByteBuffer getBuffer(int sizeHint) {
            calls.add("get");
            return buffer.clear();
        }

        @Override
        public void bufferUpdated(int nbytes) {
            calls.add("updated " + nbytes);
        }

        @Override
        public void connectionLost(Failure reason) {
            calls.add("lost");
            lost.callback(null);
        }
    }

    /** The premise of IBufferedProtocol's contract: the read that finds the end of the stream has no update. */
    @Test
    void theReadThatFindsTheEndOfTheStreamLendsABufferWithNoUpdateBeforeConnectionLost() {
        CallLog log = new CallLog();
        AccumulatingProtocol client = connectAcross(ServerFactory.forProtocol(() -> log));

        sender.execute(() -> {
            client.transport().write(new byte[] {1, 2, 3});
            client.transport().loseConnection();
        });
        receiver.await(() -> log.lost);

        receiver.execute(() -> {
            assertThat(log.calls).endsWith("get", "lost");
            assertThat(log.calls.stream()
                            .filter(c -> c.startsWith("updated "))
                            .mapToInt(c -> Integer.parseInt(c.substring(8)))
                            .sum())
                    .isEqualTo(3);
            for (int i = 0; i < log.calls.size(); i++) {
                if (log.calls.get(i).startsWith("updated ")) {
                    assertThat(log.calls.get(i - 1))
                            .as("each update follows a getBuffer")
                            .isEqualTo("get");
                }
            }
        });
    }

    /** Listens on the receiver reactor with {@code serverFactory} and connects from the sender's. */
    private AccumulatingProtocol connectAcross(ServerFactory serverFactory) {
        serverFactory.setNoisy(false);
        int port = receiver.call(() -> ((IPv4Address) receiver.reactor()
                        .listenTCP(0, serverFactory, 50, "127.0.0.1")
                        .getHost())
                .port());
        AccumulatingClientFactory clientFactory = new AccumulatingClientFactory();
        clientFactory.setNoisy(false);
        return sender.await(() -> {
            Deferred<AccumulatingProtocol> made = new Deferred<>();
            clientFactory.setProtocolConnectionMade(made);
            sender.reactor().connectTCP("127.0.0.1", port, clientFactory);
            return made;
        });
    }

    /** Offers a buffer with exactly one byte of room each time. */
    static final class OneByte extends Protocol implements IBufferedProtocol {
        private final byte[] all;
        private final ByteBuffer room = ByteBuffer.allocate(1);
        private int filled;
        final Deferred<Void> done = new Deferred<>();

        OneByte(int size) {
            all = new byte[size];
        }

        @Override
        public ByteBuffer getBuffer(int sizeHint) {
            room.clear();
            return room;
        }

        @Override
        public void bufferUpdated(int nbytes) {
            assertThat(nbytes).isEqualTo(1);
            all[filled++] = room.get(0);
            if (filled == all.length) {
                done.callback(null);
            }
        }

        byte[] received() {
            return all;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"full", "readOnly"})
    void aBufferWithNoWritableRoomClosesTheConnectionWithAnIllegalStateException(String kind) {
        IntFunction<ByteBuffer> bad = n -> kind.equals("full")
                ? ByteBuffer.allocate(4).position(4)
                : ByteBuffer.allocate(4).asReadOnlyBuffer();
        Sink[] server = new Sink[1];
        // Open before connecting: the reactor's first read of an accepted connection (which asks for a
        // buffer) may run before the test thread gets here.
        try (LogCapture log = new LogCapture(LOGGER_NAME)) {
            TcpPair pair = TcpPair.open(
                    receiver,
                    new AccumulatingServerFactory(() -> server[0] = new Sink() {
                        @Override
                        public ByteBuffer getBuffer(int sizeHint) {
                            return bad.apply(sizeHint);
                        }
                    }),
                    new AccumulatingClientFactory(Sink::new),
                    null);
            receiver.execute(() -> pair.clientTransport().write(new byte[] {1}));
            pair.awaitBothClosed(receiver);
            receiver.execute(() -> assertThat(pair.server.closedReason().value())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("getBuffer returned a buffer with no writable space"));
            assertThat(log.thrown(IllegalStateException.class)).hasSize(1);
        }
    }
}
