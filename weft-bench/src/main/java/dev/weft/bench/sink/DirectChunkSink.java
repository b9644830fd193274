package dev.weft.bench.sink;

import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.IBufferedProtocol;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.Protocol;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.nio.NioReactor;
import dev.weft.internet.nio.ReactorThread;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * An experiment, not weft's sink: the same server as {@link WeftSink} on the same reactor, but its
 * protocol hands out <em>direct</em> chunks (16 KiB, doubling up to 4 MiB), so the kernel copies
 * each byte straight into the chunk that keeps it (one copy per byte) and nothing lives on the Java
 * heap. It measures what an {@code AccumulatingProtocol} with direct chunks would gain (see {@code
 * SINK-BENCH.md}); it is in {@code sink-servers-experiments.list}, not in the main comparison.
 *
 * <pre>
 * PORT=p EXPECT=n java -Xmx6g -XX:TieredStopAtLevel=1 -cp weft-bench/target/benchmarks.jar dev.weft.bench.sink.DirectChunkSink
 * </pre>
 *
 * <p>Thread-safe: {@link #start} runs on any thread; the protocols run on the reactor thread.
 */
public final class DirectChunkSink {
    private final ReactorThread reactor;
    private final IListeningPort listening;
    private final SinkStats stats;

    private DirectChunkSink(ReactorThread reactor, IListeningPort listening, SinkStats stats) {
        this.reactor = reactor;
        this.listening = listening;
        this.stats = stats;
    }

    /**
     * Starts the experimental sink on {@code 127.0.0.1:port}.
     *
     * @param port the port, 0 for any free one
     * @param expect how many connections end the run
     * @return the running sink
     */
    public static DirectChunkSink start(int port, long expect) {
        SinkStats stats = new SinkStats("weft-direct-chunks", expect);
        NioReactor reactor = new NioReactor();
        IListeningPort listening =
                reactor.listenTCP(port, ServerFactory.forProtocol(() -> new Sink(stats)), 1024, "127.0.0.1");
        return new DirectChunkSink(ReactorThread.start(reactor), listening, stats);
    }

    /**
     * Returns the port the sink listens on.
     *
     * @return the bound port
     */
    public int port() {
        return ((IPv4Address) listening.getHost()).port();
    }

    /**
     * Returns the final JSON line.
     *
     * @return the future line
     */
    public CompletableFuture<String> result() {
        return stats.line();
    }

    /** Stops the reactor. */
    public void close() {
        reactor.close();
    }

    /**
     * Runs the experimental sink under the benchmark contract.
     *
     * @param args none
     * @throws Exception if the sink cannot start
     */
    public static void main(String[] args) throws Exception {
        SinkMain.run(env -> start(env.port(), env.expect()), DirectChunkSink::result);
    }

    /** Keeps a connection's bytes in direct chunks. Confined to the reactor thread. */
    static final class Sink extends Protocol implements IBufferedProtocol {
        private static final int FIRST = 16 * 1024;
        private static final int MAX = 4 * 1024 * 1024;

        private final SinkStats stats;
        private final List<ByteBuffer> chunks = new ArrayList<>();
        private @Nullable ByteBuffer filling;
        private long size;
        private long reads;

        Sink(SinkStats stats) {
            this.stats = stats;
        }

        @Override
        public void connectionMade() {
            stats.accepted();
        }

        @Override
        public ByteBuffer getBuffer(int sizeHint) {
            ByteBuffer b = filling;
            if (b == null || !b.hasRemaining()) {
                b = ByteBuffer.allocateDirect((int) Math.max(FIRST, Math.min(size, MAX)));
                chunks.add(b);
                filling = b;
            }
            return b;
        }

        @Override
        public void bufferUpdated(int nbytes) {
            size += nbytes;
            reads++;
        }

        @Override
        public void dataReceived(byte[] data) {
            IBufferedProtocol.deliver(this, data);
        }

        @Override
        public void connectionLost(Failure reason) {
            long start = System.nanoTime();
            CrcCheck check = new CrcCheck();
            for (ByteBuffer b : chunks) {
                check.write(b.duplicate().flip());
            }
            boolean ok = reason.check(ConnectionDone.class) != null && check.ok();
            chunks.clear();
            filling = null;
            stats.closed(size, ok, reads, System.nanoTime() - start);
        }
    }
}
