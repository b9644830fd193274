package dev.weft.cli;

import dev.weft.buffer.ChunkPool;
import dev.weft.defer.Deferred;
import dev.weft.internet.IAddress;
import dev.weft.internet.IProtocol;
import dev.weft.internet.IReactorTime;
import dev.weft.internet.ServerFactory;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the books of {@code sink} on the reactor thread: numbers connections as they are accepted,
 * tracks the open ones, and hands each closed one to the {@link SinkReporter}. A closed connection
 * has already given its chunks back to the sink's {@link ChunkPool} (in {@link
 * SinkProtocol#connectionLost}), so later connections reuse that memory. With {@code --out} the
 * connections hold nothing: they share one direct read buffer and stream into their files (see
 * {@link SinkProtocol}).
 *
 * <p>Confined to the reactor thread.
 */
final class Sink {
    /** The most memory of idle chunks the sink keeps for later connections: 64 MiB. */
    static final long POOLED_BYTES = 64L << 20;

    /** The size of the read buffer all connections share with {@code --out}: 256 KiB. */
    static final int SHARED_READ_BUFFER = 256 * 1024;

    /** Chunks over the pool's limit are freed at once, on the allocating thread (see {@link ChunksAhead}). */
    private final ChunkPool pool = new ChunkPool(POOLED_BYTES, this::freeLater);

    private final ChunksAhead chunks = new ChunksAhead(pool);
    private final @Nullable OutDirectory out;
    private final @Nullable ByteBuffer shared;
    private final long maxBytes;
    private final LongSupplier nanoClock;
    private final SinkReporter reporter;
    private final OpenConnections<SinkProtocol> open = new OpenConnections<>();
    private final IReactorTime clock;
    private final long idleTimeoutNanos;
    private final @Nullable BiConsumer<SinkProtocol, byte[]> printer;
    private int accepted;
    private @Nullable FrameFormat frames;

    /**
     * @param maxBytes the limit per connection, or 0 for none
     * @param out where each connection's bytes are streamed, or null to hold them in memory
     * @param idleTimeoutNanos how long a connection may receive nothing before it is cut, or 0
     * @param printer gets a copy of every piece of bytes as it arrives ({@code --print}, {@code --hex}), or null
     */
    Sink(
            long maxBytes,
            LongSupplier nanoClock,
            SinkReporter reporter,
            @Nullable OutDirectory out,
            IReactorTime clock,
            long idleTimeoutNanos,
            @Nullable BiConsumer<SinkProtocol, byte[]> printer) {
        this.out = out;
        this.shared = out == null ? null : ByteBuffer.allocateDirect(SHARED_READ_BUFFER);
        this.maxBytes = maxBytes;
        this.nanoClock = nanoClock;
        this.reporter = reporter;
        this.clock = clock;
        this.idleTimeoutNanos = idleTimeoutNanos;
        this.printer = printer;
    }

    /** Makes a sink without idle timeout or printing, on a clock of its own (for tests). */
    Sink(long maxBytes, LongSupplier nanoClock, SinkReporter reporter, @Nullable OutDirectory out) {
        this(maxBytes, nanoClock, reporter, out, new dev.weft.internet.task.Clock(), 0, null);
    }

    IReactorTime clock() {
        return clock;
    }

    /** Returns where the connections take their chunks: the pool, with large ones allocated ahead. */
    ChunksAhead chunks() {
        return chunks;
    }

    /** Hands a closed connection's chunk that the pool cannot keep to the allocating thread to free. */
    private void freeLater(ByteBuffer chunk) {
        chunks.free(chunk);
    }

    long idleTimeoutNanos() {
        return idleTimeoutNanos;
    }

    @Nullable
    BiConsumer<SinkProtocol, byte[]> printer() {
        return printer;
    }

    /** Returns the factory to listen with: one {@link SinkProtocol} per accepted connection. */
    ServerFactory factory() {
        ServerFactory factory = new SinkFactory();
        factory.setNoisy(false);
        return factory;
    }

    /** Makes every later connection count its frames of {@code format} ({@code --frames}); null for none. */
    void countFrames(@Nullable FrameFormat format) {
        this.frames = format;
    }

    /** Builds the connections' protocols; its name is what the reactor's log lines call the port. */
    private final class SinkFactory extends ServerFactory {
        @Override
        public @Nullable IProtocol buildProtocol(IAddress addr) {
            SinkProtocol p = new SinkProtocol(++accepted, addr, maxBytes, nanoClock, Sink.this, pool, out, shared);
            if (frames != null) {
                p.countFrames(new FrameCounter(frames));
            }
            p.setFactory(this);
            return p;
        }
    }

    void opened(SinkProtocol p) {
        open.opened(p.seq(), p);
    }

    void closed(SinkProtocol p) {
        open.forget(p.seq());
        reporter.closed(p);
        open.settle();
    }

    /** Aborts every open connection as interrupted; the returned Deferred fires once all have closed. */
    Deferred<Void> interruptAll() {
        return open.interruptAll(SinkProtocol::interrupt);
    }

    /** Returns the open connections, oldest first. */
    List<SinkProtocol> openConnections() {
        return open.snapshot();
    }
}
