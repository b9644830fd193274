package dev.weft.cli;

import dev.weft.buffer.ChunkPool;
import dev.weft.defer.Failure;
import dev.weft.internet.Addresses;
import dev.weft.internet.IAddress;
import dev.weft.internet.IDelayedCall;
import dev.weft.internet.testing.AccumulatingProtocol;
import dev.weft.protocols.tls.ISSLTransport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Accumulates one connection of {@code sink}: an {@link AccumulatingProtocol} that also times the
 * connection and enforces {@code --max-bytes}. With {@code --out} it holds nothing in memory: each
 * read lands in the sink's one shared read buffer and is appended at once to the connection's
 * {@link PartFile}, so memory does not grow with what a connection sends. If the file cannot be
 * created or written, the connection is aborted (the peer sees a reset, so it knows its bytes were
 * not taken), the temporary file is removed and the report says why. Each read is also copied, before
 * it is kept, to the connection's {@link FrameCounter} ({@code --frames}) and to the sink's printer
 * ({@code --print}, {@code --hex}); a connection that receives nothing for {@code --idle-timeout} is
 * cut as idle (a TLS one too while its handshake stalls: the timer runs from the accept, and only plaintext
 * resets it).
 *
 * <p>The limit is kept on the buffered path: {@link #getBuffer(int)} hands the reactor no more room
 * than the limit plus one byte, so at most {@code max + 1} bytes are ever read; the byte past the
 * limit proves the peer went over it, and the connection is then aborted. Everything that arrived,
 * that byte included, is kept and reported. Memory per connection is therefore bounded by the
 * limit (plus {@link AccumulatingProtocol}'s chunk slack).
 *
 * <p>Confined to the reactor thread; once {@link #connectionLost} has run the reactor no longer
 * touches it, so the sink's reporter thread may then read its report. The bytes themselves are not
 * kept past the close: {@link #connectionLost} gives the chunks back to the pool there, on the reactor
 * thread, which takes the next connection's chunk from it (no other thread competes for the pool, and
 * the chunk given back last is the one taken next).
 */
final class SinkProtocol extends AccumulatingProtocol {
    private final int seq;
    private final IAddress peer;
    private final long maxBytes;
    private final LongSupplier nanoClock;
    private final Sink sink;
    private long madeNanos;
    private long lostNanos;
    /** How many bytes had arrived when the connection was lost: the report's count even after release. */
    private long bytesAtClose;

    private @Nullable Outcome forced;
    /** Why the connection was cut when {@link #forced} is ERROR or IDLE: the words of its report. */
    private @Nullable String forcedWords;

    private final @Nullable OutDirectory out;
    private final @Nullable ByteBuffer shared;
    private @Nullable PartFile file;
    /** How many bytes arrived with {@code --out}, whether or not they could be written. */
    private long streamed;
    /** Why the bytes could not be saved to {@code --out}, or null. */
    private @Nullable String fileError;

    private @Nullable FrameCounter frames;
    /** The connection's TLS as it ended (version, cipher or failure), or null for plain TCP. */
    private @Nullable TlsReport tls;

    private @Nullable IDelayedCall idleCheck;
    private long lastDataNanos;
    /** The buffer handed out last and its position then: where the bytes of the next update start. */
    private @Nullable ByteBuffer lastBuffer;

    private int lastPosition;

    /**
     * @param maxBytes the limit, or 0 for none
     * @param out where to stream the bytes, or null to hold them in memory
     * @param shared the read buffer every streaming connection of the sink uses in turn (direct)
     */
    SinkProtocol(
            int seq,
            IAddress peer,
            long maxBytes,
            LongSupplier nanoClock,
            Sink sink,
            ChunkPool pool,
            @Nullable OutDirectory out,
            @Nullable ByteBuffer shared) {
        super(pool);
        this.seq = seq;
        this.peer = peer;
        this.maxBytes = maxBytes;
        this.nanoClock = nanoClock;
        this.sink = sink;
        this.out = out;
        this.shared = shared;
    }

    @Override
    public void connectionMade() {
        madeNanos = nanoClock.getAsLong();
        lastDataNanos = madeNanos;
        super.connectionMade();
        sink.opened(this);
        OutDirectory o = out;
        if (o != null) {
            try {
                file = o.create(seq, peer);
            } catch (IOException | RuntimeException e) {
                cannotSave(e);
            }
        }
        scheduleIdleCheck(sink.idleTimeoutNanos());
    }

    /** Aborts the connection as idle once it has received nothing for the sink's idle timeout. */
    private void scheduleIdleCheck(long inNanos) {
        if (inNanos <= 0) {
            return;
        }
        idleCheck = sink.clock().callLater(inNanos / 1e9, () -> {
            idleCheck = null;
            long idle = nanoClock.getAsLong() - lastDataNanos;
            long timeout = sink.idleTimeoutNanos();
            if (idle >= timeout) {
                // Before the TLS handshake completes no plaintext can arrive, though handshake bytes may have.
                cut(
                        Outcome.IDLE,
                        transport() instanceof ISSLTransport tls && !tls.isHandshakeDone()
                                ? "no TLS handshake within " + Units.seconds(timeout) + " (--idle-timeout)"
                                : "nothing arrived for " + Units.seconds(timeout) + " (--idle-timeout)");
            } else {
                scheduleIdleCheck(timeout - idle);
            }
        });
    }

    /**
     * Takes a chunk; if direct memory is exhausted, takes a small heap chunk instead so the bytes read
     * now are kept, and cuts this connection (only this one) with a one-line reason.
     */
    @Override
    protected ByteBuffer allocateChunk(int capacity) {
        try {
            return sink.chunks().take(capacity);
        } catch (OutOfMemoryError e) {
            if (forced == null) {
                forced = Outcome.ERROR;
                forcedWords = DirectMemory.exhausted(e);
                sink.clock().callLater(0, () -> transport().abortConnection());
            }
            return ByteBuffer.allocate(Math.min(capacity, 64 * 1024));
        }
    }

    @Override
    public ByteBuffer getBuffer(int sizeHint) {
        ByteBuffer buffer;
        if (out != null && shared != null) {
            buffer = shared.clear();
        } else {
            buffer = super.getBuffer(sizeHint);
        }
        lastBuffer = buffer;
        lastPosition = buffer.position();
        if (maxBytes > 0) {
            long room = maxBytes + 1 - received();
            if (room > 0 && buffer.remaining() > room) {
                buffer.limit(buffer.position() + (int) room);
            }
        }
        return buffer;
    }

    @Override
    public void bufferUpdated(int nbytes) {
        FrameCounter counter = frames;
        if (counter != null) {
            counter.feed(lastRead(nbytes));
        }
        BiConsumer<SinkProtocol, byte[]> printer = sink.printer();
        if (printer != null) {
            printer.accept(this, lastRead(nbytes));
        }
        if (out != null && shared != null) {
            append(shared.flip());
        } else {
            super.bufferUpdated(nbytes);
        }
        arrived();
    }

    /** Copies the {@code nbytes} the reactor just read into the buffer handed out last. */
    private byte[] lastRead(int nbytes) {
        byte[] copy = new byte[nbytes];
        ByteBuffer buffer = lastBuffer;
        if (buffer != null) {
            buffer.get(lastPosition, copy);
        }
        return copy;
    }

    @Override
    public void dataReceived(byte[] data) {
        FrameCounter counter = frames;
        if (counter != null) {
            counter.feed(data.clone());
        }
        BiConsumer<SinkProtocol, byte[]> printer = sink.printer();
        if (printer != null) {
            printer.accept(this, data.clone());
        }
        if (out != null) {
            append(ByteBuffer.wrap(data));
        } else {
            super.dataReceived(data);
        }
        arrived();
    }

    private void arrived() {
        lastDataNanos = nanoClock.getAsLong();
        checkLimit();
    }

    @Override
    public void connectionLost(Failure reason) {
        lostNanos = nanoClock.getAsLong();
        bytesAtClose = received();
        IDelayedCall check = idleCheck;
        if (check != null && check.active()) {
            check.cancel();
        }
        idleCheck = null;
        tls = TlsReport.of(transport(), reason);
        super.connectionLost(reason);
        release();
        sink.closed(this);
    }

    /** Returns how many bytes arrived so far (held in memory, or written to the {@code --out} file). */
    long received() {
        return out != null ? streamed : dataSize();
    }

    /**
     * Renames the {@code --out} file into place, named after how the connection ended ({@link
     * Outcome#fileSuffix()}), or removes it if it cannot be; call once the connection is lost (on the reporter thread). Returns the report with the file or the reason.
     */
    ConnectionReport finishFile(ConnectionReport report) {
        PartFile f = file;
        file = null;
        if (fileError != null) {
            return report.withFile(null, fileError);
        }
        if (f == null) {
            return report;
        }
        try {
            return report.withFile(FileNames.show(f.commit(report.outcome().fileSuffix())), null);
        } catch (IOException | RuntimeException e) {
            fileError = Problems.io(e);
            return report.withFile(null, fileError);
        }
    }

    /** Tells whether the bytes were meant for {@code --out} and could not be saved. */
    boolean unsaved() {
        return fileError != null;
    }

    private void append(ByteBuffer bytes) {
        streamed += bytes.remaining();
        PartFile f = file;
        if (f == null) {
            return; // already failed: the connection is being aborted
        }
        try {
            f.write(bytes);
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            // OutOfMemoryError: a heap buffer's write needs direct memory, which may be exhausted
            cannotSave(e);
        }
    }

    /** Gives up saving: removes the temporary file and aborts the connection. */
    private void cannotSave(Throwable e) {
        PartFile f = file;
        file = null;
        if (f != null) {
            f.discard();
        }
        fileError = Problems.io(e);
        if (forced == null) {
            forced = Outcome.ERROR;
            transport().abortConnection();
        }
    }

    /** Aborts the connection as interrupted, unless it already ended or is being cut for the limit. */
    void interrupt() {
        if (!isClosed() && forced == null) {
            forced = Outcome.INTERRUPTED;
            transport().abortConnection();
        }
    }

    /** Tells whether other connections came before this one or are open beside it (--print's headers). */
    boolean several() {
        return seq > 1 || sink.openConnections().size() > 1;
    }

    int seq() {
        return seq;
    }

    IAddress peer() {
        return peer;
    }

    /** Returns how long the connection has been open, or was open once it closed. */
    long openNanos() {
        return (isClosed() ? lostNanos : nanoClock.getAsLong()) - madeNanos;
    }

    /** Builds the report; call once the connection is closed. */
    ConnectionReport report() {
        Failure reason = closedReason();
        Outcome outcome = forced != null ? forced : reason == null ? Outcome.ERROR : Outcome.of(reason);
        String words = switch (outcome) {
            case OVER_LIMIT -> "more than --max-bytes " + Units.bytes(maxBytes) + " arrived";
            case INTERRUPTED -> "the sink was stopped";
            case ERROR ->
                forcedWords != null
                        ? forcedWords
                        : fileError != null
                                ? "aborted: its --out file could not be written"
                                : reason == null
                                        ? "unknown"
                                        : Objects.requireNonNullElse(
                                                TlsReport.failure(reason, tls != null && tls.handshakeDone()),
                                                Problems.oneLine(reason.getErrorMessage()));
            default ->
                forcedWords != null
                        ? forcedWords
                        : reason == null ? "unknown" : Problems.oneLine(reason.getErrorMessage());
        };
        return new ConnectionReport(
                seq, Addresses.text(peer), bytesAtClose, openNanos(), outcome, words, null, null, frames, tls);
    }

    /** Counts this connection's frames ({@code sink --frames}). */
    void countFrames(FrameCounter counter) {
        this.frames = counter;
    }

    /** Aborts the connection for {@code outcome}, unless it already ended or is being cut. */
    private void cut(Outcome outcome, String words) {
        if (!isClosed() && forced == null) {
            forced = outcome;
            forcedWords = words;
            transport().abortConnection();
        }
    }

    private void checkLimit() {
        if (maxBytes > 0 && forced == null && received() > maxBytes) {
            forced = Outcome.OVER_LIMIT;
            transport().abortConnection();
        }
    }
}
