package dev.weft.bench.sink;

import dev.weft.buffer.ChunkPool;
import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.nio.NioReactor;
import dev.weft.internet.nio.ReactorThread;
import dev.weft.internet.testing.AccumulatingProtocol;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;

/**
 * weft's sink server for the accumulating-sink benchmark: {@link NioReactor} listening on {@code 127.0.0.1}, one {@link
 * AccumulatingProtocol} per connection (read straight into its direct chunks through {@code IBufferedProtocol}), and at
 * the peer's close a CRC-32 check over everything it holds, streamed from its chunks in place ({@code writeTo}); then
 * the protocol is released, and its chunks go back to a {@link ChunkPool} shared by all connections, for later ones to
 * reuse.
 *
 * <pre>
 * PORT=p EXPECT=n java -Xmx6g -cp weft-bench/target/benchmarks.jar dev.weft.bench.sink.WeftSink
 * </pre>
 *
 * <p>The full command line, with the JVM flags it is measured with, is {@code weft-bench/sinkbench-server.txt}; {@code
 * weft-bench/SINK-BENCH.md} explains each flag.
 *
 * <p>Thread-safe: {@link #start} and {@link #close} run on any thread; the protocols run on the reactor thread.
 */
public final class WeftSink implements AutoCloseable {
    /** The most memory of idle chunks kept for later connections: 256 MiB. */
    static final long POOLED_BYTES = 256L << 20;

    private final ReactorThread reactor;
    private final IListeningPort listening;
    private final SinkStats stats;

    private WeftSink(ReactorThread reactor, IListeningPort listening, SinkStats stats) {
        this.reactor = reactor;
        this.listening = listening;
        this.stats = stats;
    }

    /**
     * Starts a sink on {@code 127.0.0.1:port} with a backlog of 1024, on a reactor thread of its own.
     *
     * @param port the port, 0 for any free one (see {@link #port()})
     * @param expect how many connections end the run
     * @return the running sink
     * @throws dev.weft.internet.CannotListenError if the port cannot be bound
     */
    public static WeftSink start(int port, long expect) {
        SinkStats stats = new SinkStats("weft", expect);
        ChunkPool pool = new ChunkPool(POOLED_BYTES);
        NioReactor reactor = new NioReactor();
        IListeningPort listening =
                reactor.listenTCP(port, ServerFactory.forProtocol(() -> new Sink(stats, pool)), 1024, "127.0.0.1");
        return new WeftSink(ReactorThread.start(reactor), listening, stats);
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
     * Returns the final JSON line, completed on the reactor thread when the expected connections have ended.
     *
     * @return the future line
     */
    public CompletableFuture<String> result() {
        return stats.line();
    }

    /** Stops the reactor and waits for its thread. */
    @Override
    public void close() {
        reactor.close();
    }

    /**
     * Runs the sink under the benchmark contract: listens on {@code $PORT}, prints {@code READY}, prints the JSON line
     * after {@code $EXPECT} connections and exits 0.
     *
     * @param args none
     * @throws Exception if the sink cannot start
     */
    public static void main(String[] args) throws Exception {
        SinkMain.run(env -> start(env.port(), env.expect()), WeftSink::result);
    }

    /**
     * Twisted's {@code AccumulatingProtocol} plus the benchmark's bookkeeping: it starts the clock when connected,
     * counts reads, and checks its bytes when the connection ends.
     *
     * <p>Confined to the reactor thread.
     */
    static final class Sink extends AccumulatingProtocol {
        private final SinkStats stats;
        private long reads;

        Sink(SinkStats stats, ChunkPool pool) {
            super(pool);
            this.stats = stats;
        }

        @Override
        public void connectionMade() {
            stats.accepted();
            super.connectionMade();
        }

        @Override
        public void bufferUpdated(int nbytes) {
            super.bufferUpdated(nbytes);
            reads++;
        }

        @Override
        public void dataReceived(byte[] data) {
            super.dataReceived(data);
            reads++;
        }

        @Override
        public void connectionLost(Failure reason) {
            super.connectionLost(reason);
            long start = System.nanoTime();
            CrcCheck check = new CrcCheck();
            long size;
            try {
                size = writeTo(check);
            } catch (IOException e) {
                // CrcCheck never throws; a failure here would be a bug in writeTo.
                throw new UncheckedIOException(e);
            }
            boolean ok = reason.check(ConnectionDone.class) != null && check.ok();
            release();
            stats.closed(size, ok, reads, System.nanoTime() - start);
        }
    }
}
