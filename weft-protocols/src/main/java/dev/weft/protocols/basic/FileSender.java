package dev.weft.protocols.basic;

import dev.weft.defer.Deferred;
import dev.weft.defer.Failure;
import dev.weft.defer.WeftException;
import dev.weft.internet.IConsumer;
import dev.weft.internet.IPullProducer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SelectableChannel;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Twisted's {@code basic.FileSender}: a pull producer that sends a file to a consumer (usually a transport) in chunks of
 * {@link #CHUNK_SIZE} bytes, one per {@code resumeProducing}, so a slow peer holds the reading back.
 *
 * <pre>{@code
 * new FileSender().beginFileTransfer(Files.newInputStream(path), transport())
 *         .addCallback(last -> { sendLine("END".getBytes(US_ASCII)); return null; });
 * }</pre>
 *
 * <p>The Deferred fires with the last byte sent (an empty array if none) once the file is used up and the producer
 * unregistered; it fails if the consumer stops the producer first (the connection was lost), or if reading or the
 * transform fails (then the producer is unregistered and the connection left open; see DEVIATIONS.md). Reads block the
 * reactor thread as Twisted's do: give it a file or an in-memory stream, not a socket. The stream or channel is not
 * closed. One transfer at a time per sender. Confined to the reactor thread.
 */
public class FileSender implements IPullProducer {
    /** Twisted's {@code CHUNK_SIZE}: 2**14 bytes read per {@code resumeProducing}. */
    public static final int CHUNK_SIZE = 1 << 14;

    private static final byte[] NOTHING = new byte[0];

    /** Reads up to a whole buffer, less only at the end of the file; 0 at the end. */
    private interface Source {
        int read(byte[] buffer) throws IOException;
    }

    private final int chunkSize;
    private @Nullable Source source;
    private @Nullable IConsumer consumer;
    private @Nullable UnaryOperator<byte[]> transform;
    private @Nullable Deferred<byte[]> deferred;
    private byte[] lastSent = NOTHING;
    private long sent;

    /** Creates a sender that reads {@link #CHUNK_SIZE} bytes at a time. */
    public FileSender() {
        this(CHUNK_SIZE);
    }

    /** Creates a sender that reads {@code chunkSize} bytes at a time (Twisted: override {@code CHUNK_SIZE}). */
    public FileSender(int chunkSize) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be at least 1 byte, not " + chunkSize);
        }
        this.chunkSize = chunkSize;
    }

    /** Sends {@code file} to {@code consumer} unchanged; see {@link #beginFileTransfer(InputStream, IConsumer, UnaryOperator)}. */
    public Deferred<byte[]> beginFileTransfer(InputStream file, IConsumer consumer) {
        return beginFileTransfer(file, consumer, null);
    }

    /**
     * Registers this sender with {@code consumer} as a pull producer and sends {@code file}, each chunk passed through
     * {@code transform} (or null) first.
     * @return a Deferred of the last byte sent
     * @throws IllegalStateException if this sender's transfer is still running, or the consumer has a producer
     */
    public Deferred<byte[]> beginFileTransfer(
            InputStream file, IConsumer consumer, @Nullable UnaryOperator<byte[]> transform) {
        Objects.requireNonNull(file, "file");
        return begin(buffer -> file.readNBytes(buffer, 0, buffer.length), consumer, transform);
    }

    /**
     * Does what {@link #beginFileTransfer(InputStream, IConsumer, UnaryOperator)} does, reading a blocking channel
     * such as a {@code FileChannel}.
     * @throws IllegalArgumentException if {@code file} is a non-blocking selectable channel
     */
    public Deferred<byte[]> beginFileTransfer(
            ReadableByteChannel file, IConsumer consumer, @Nullable UnaryOperator<byte[]> transform) {
        Objects.requireNonNull(file, "file");
        if (file instanceof SelectableChannel selectable && !selectable.isBlocking()) {
            throw new IllegalArgumentException("FileSender reads " + file + " on the reactor thread and needs a"
                    + " blocking channel: configureBlocking(true), or send from a file");
        }
        return begin(buffer -> fill(file, buffer), consumer, transform);
    }

    private static int fill(ReadableByteChannel file, byte[] buffer) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(buffer);
        while (b.hasRemaining()) {
            int n = file.read(b);
            if (n <= 0) {
                break;
            }
        }
        return b.position();
    }

    private Deferred<byte[]> begin(Source file, IConsumer consumer, @Nullable UnaryOperator<byte[]> transform) {
        Objects.requireNonNull(consumer, "consumer");
        if (deferred != null) {
            throw new IllegalStateException(
                    "this FileSender is still sending to " + this.consumer + ": use one FileSender per transfer");
        }
        Deferred<byte[]> d = new Deferred<>();
        this.source = file;
        this.consumer = consumer;
        this.transform = transform;
        this.deferred = d;
        this.lastSent = NOTHING;
        this.sent = 0;
        try {
            consumer.registerProducer(this);
        } catch (RuntimeException e) {
            source = null;
            deferred = null;
            throw e;
        }
        return d;
    }

    /** Reads and writes the next chunk; at the end of the file unregisters and fires the Deferred. */
    @Override
    public void resumeProducing() {
        IConsumer c = consumer;
        Source file = source;
        if (c == null) {
            return;
        }
        byte[] chunk;
        try {
            chunk = file == null ? NOTHING : read(file);
            if (chunk.length > 0 && transform != null) {
                chunk = Objects.requireNonNull(transform.apply(chunk), "the FileSender's transform returned null");
            } else if (chunk.length == 0) {
                finish(c, null);
                return;
            }
        } catch (IOException | RuntimeException e) {
            finish(c, e);
            return;
        }
        lastSent = chunk.length == 0 ? NOTHING : new byte[] {chunk[chunk.length - 1]};
        sent += chunk.length;
        if (chunk.length > 0) {
            c.write(chunk);
        }
    }

    private byte[] read(Source file) throws IOException {
        byte[] buffer = new byte[chunkSize];
        int n;
        try {
            n = file.read(buffer);
        } catch (IOException e) {
            throw new IOException("FileSender could not read the file after sending " + sent + " bytes: " + e, e);
        }
        return n == buffer.length ? buffer : Arrays.copyOf(buffer, Math.max(n, 0));
    }

    private void finish(IConsumer c, @Nullable Exception error) {
        source = null;
        consumer = null;
        c.unregisterProducer();
        Deferred<byte[]> d = deferred;
        deferred = null;
        if (d != null) {
            if (error == null) {
                d.callback(lastSent);
            } else {
                d.errback(new Failure(error));
            }
        }
    }

    /** Does nothing, as Twisted's: a pull producer is paused by not being asked for more. */
    public void pauseProducing() {}

    /** Fails the Deferred, if still pending, with Twisted's message; nothing more is read. */
    @Override
    public void stopProducing() {
        source = null;
        consumer = null;
        Deferred<byte[]> d = deferred;
        deferred = null;
        if (d != null) {
            d.errback(new WeftException(
                    "Consumer asked us to stop producing, after " + sent + " bytes of the file were sent"));
        }
    }

    /** {@return how many bytes this transfer has written so far} */
    public long bytesSent() {
        return sent;
    }

    @Override
    public String toString() {
        return "FileSender[" + sent + " bytes sent" + (deferred == null ? "" : ", sending") + "]";
    }
}
