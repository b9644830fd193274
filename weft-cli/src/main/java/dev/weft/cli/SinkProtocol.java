package dev.weft.cli;

import dev.weft.buffer.ChunkPool;
import dev.weft.defer.Failure;
import dev.weft.internet.IAddress;
import dev.weft.internet.testing.AccumulatingProtocol;
import java.nio.ByteBuffer;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Accumulates one connection of {@code sink}: an {@link AccumulatingProtocol} that also times the
 * connection and enforces {@code --max-bytes}.
 *
 * <p>The limit is kept on the buffered path: {@link #getBuffer(int)} hands the reactor no more room
 * than the limit plus one byte, so at most {@code max + 1} bytes are ever read; the byte past the
 * limit proves the peer went over it, and the connection is then aborted. Everything that arrived,
 * that byte included, is kept and reported. Memory per connection is therefore bounded by the
 * limit (plus {@link AccumulatingProtocol}'s chunk slack).
 *
 * <p>Confined to the reactor thread; once {@link #connectionLost} has run the reactor no longer
 * touches it, so the sink's reporter thread may then read it, and {@link #release()} it when done.
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

    /**
     * @param maxBytes the limit, or 0 for none
     */
    SinkProtocol(int seq, IAddress peer, long maxBytes, LongSupplier nanoClock, Sink sink, ChunkPool pool) {
        super(pool);
        this.seq = seq;
        this.peer = peer;
        this.maxBytes = maxBytes;
        this.nanoClock = nanoClock;
        this.sink = sink;
    }

    @Override
    public void connectionMade() {
        madeNanos = nanoClock.getAsLong();
        super.connectionMade();
        sink.opened(this);
    }

    @Override
    public ByteBuffer getBuffer(int sizeHint) {
        ByteBuffer buffer = super.getBuffer(sizeHint);
        if (maxBytes > 0) {
            long room = maxBytes + 1 - dataSize();
            if (room > 0 && buffer.remaining() > room) {
                buffer.limit(buffer.position() + (int) room);
            }
        }
        return buffer;
    }

    @Override
    public void bufferUpdated(int nbytes) {
        super.bufferUpdated(nbytes);
        checkLimit();
    }

    @Override
    public void dataReceived(byte[] data) {
        super.dataReceived(data);
        checkLimit();
    }

    @Override
    public void connectionLost(Failure reason) {
        lostNanos = nanoClock.getAsLong();
        bytesAtClose = dataSize();
        super.connectionLost(reason);
        sink.closed(this);
    }

    /** Aborts the connection as interrupted, unless it already ended or is being cut for the limit. */
    void interrupt() {
        if (!isClosed() && forced == null) {
            forced = Outcome.INTERRUPTED;
            transport().abortConnection();
        }
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

    /** Builds the report; call once the connection is closed (it stays right after {@link #release()}). */
    ConnectionReport report() {
        Failure reason = closedReason();
        Outcome outcome = forced != null ? forced : reason == null ? Outcome.ERROR : Outcome.of(reason);
        String words = switch (outcome) {
            case OVER_LIMIT -> "more than --max-bytes " + maxBytes + " bytes arrived";
            case INTERRUPTED -> "the sink was stopped";
            default -> reason == null ? "unknown" : WeftCli.oneLine(reason.getErrorMessage());
        };
        return new ConnectionReport(seq, Addresses.text(peer), bytesAtClose, openNanos(), outcome, words, null, null);
    }

    private void checkLimit() {
        if (maxBytes > 0 && forced == null && dataSize() > maxBytes) {
            forced = Outcome.OVER_LIMIT;
            transport().abortConnection();
        }
    }
}
