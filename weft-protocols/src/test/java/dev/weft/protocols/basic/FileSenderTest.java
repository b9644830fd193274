package dev.weft.protocols.basic;

import static dev.weft.internet.testing.DeferredAssertions.assertNoResult;
import static dev.weft.internet.testing.DeferredAssertions.failureResultOf;
import static dev.weft.internet.testing.DeferredAssertions.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.defer.Deferred;
import dev.weft.defer.WeftException;
import dev.weft.internet.IConsumer;
import dev.weft.internet.IPullProducer;
import dev.weft.internet.IPushProducer;
import dev.weft.internet.testing.StringTransport;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Twisted's {@code FileSender} semantics, driven by hand through a {@link StringTransport} and a slow consumer. */
final class FileSenderTest {
    static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ((i * 7 + 3) % 251);
        }
        return b;
    }

    /** Calls resumeProducing until the sender unregisters; returns the number of calls. */
    private static int drain(StringTransport transport) {
        int calls = 0;
        while (transport.producer() instanceof IPullProducer pull) {
            pull.resumeProducing();
            calls++;
        }
        return calls;
    }

    @Test
    void eachResumeSendsOneChunkOfTwoToTheFourteenAndTheLastFiresWithTheLastByte() {
        byte[] file = pattern(2 * FileSender.CHUNK_SIZE + 5);
        StringTransport transport = new StringTransport();
        FileSender sender = new FileSender();

        Deferred<byte[]> d = sender.beginFileTransfer(new ByteArrayInputStream(file), transport);

        assertThat(FileSender.CHUNK_SIZE).isEqualTo(16384);
        assertThat(transport.producer()).isSameAs(sender);
        assertThat(transport.isStreaming()).isFalse();
        assertThat(transport.value()).isEmpty();
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int before = transport.value().length;
            sender.resumeProducing();
            sizes.add(transport.value().length - before);
            assertNoResult(d);
        }
        assertThat(sizes).containsExactly(16384, 16384, 5);
        sender.resumeProducing();
        assertThat(transport.producer()).isNull();
        assertThat(successResultOf(d)).containsExactly(file[file.length - 1]);
        assertThat(transport.value()).isEqualTo(file);
        assertThat(sender.bytesSent()).isEqualTo(file.length);
    }

    @Test
    void everyChunkSizeSplitsTheFileAtEveryBoundaryAndLosesNothing() {
        byte[] file = pattern(37);
        for (int chunk = 1; chunk <= file.length + 1; chunk++) {
            StringTransport transport = new StringTransport();
            Deferred<byte[]> d = new FileSender(chunk).beginFileTransfer(new OneByteAtATime(file), transport);

            int calls = drain(transport);

            assertThat(transport.value()).as("chunk size %d", chunk).isEqualTo(file);
            assertThat(calls).as("chunk size %d", chunk).isEqualTo((file.length + chunk - 1) / chunk + 1);
            assertThat(successResultOf(d)).containsExactly(file[file.length - 1]);
        }
    }

    @Test
    void anEmptyFileFiresWithNoByteAtTheFirstResume() {
        StringTransport transport = new StringTransport();
        Deferred<byte[]> d = new FileSender().beginFileTransfer(InputStream.nullInputStream(), transport);

        assertThat(drain(transport)).isEqualTo(1);

        assertThat(successResultOf(d)).isEmpty();
        assertThat(transport.value()).isEmpty();
    }

    @Test
    void theTransformSeesEachChunkAndTheLastByteIsTheTransformedOne() {
        byte[] file = pattern(FileSender.CHUNK_SIZE + 1);
        StringTransport transport = new StringTransport();
        List<Integer> seen = new ArrayList<>();
        Deferred<byte[]> d = new FileSender().beginFileTransfer(new ByteArrayInputStream(file), transport, chunk -> {
            seen.add(chunk.length);
            byte[] out = chunk.clone();
            for (int i = 0; i < out.length; i++) {
                out[i] ^= 0x5a;
            }
            return out;
        });

        drain(transport);

        assertThat(seen).containsExactly(FileSender.CHUNK_SIZE, 1);
        assertThat(successResultOf(d)).containsExactly((byte) (file[file.length - 1] ^ 0x5a));
        assertThat(transport.value()[0]).isEqualTo((byte) (file[0] ^ 0x5a));
    }

    @Test
    void stopProducingFailsTheDeferredWithTwistedsMessageAndReadsNoMore() {
        CountingStream file = new CountingStream(pattern(3 * FileSender.CHUNK_SIZE));
        StringTransport transport = new StringTransport();
        FileSender sender = new FileSender();
        Deferred<byte[]> d = sender.beginFileTransfer(file, transport);
        sender.resumeProducing();

        sender.stopProducing();
        sender.resumeProducing();

        assertThat(failureResultOf(d, WeftException.class).getErrorMessage())
                .startsWith("Consumer asked us to stop producing")
                .contains("16384 bytes");
        assertThat(file.read).isEqualTo(FileSender.CHUNK_SIZE);
        assertThat(transport.value()).hasSize(FileSender.CHUNK_SIZE);
    }

    @Test
    void aReadErrorFailsTheDeferredNamingItAndUnregisters() {
        IOException disk = new IOException("disk on fire");
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw disk;
            }
        };
        StringTransport transport = new StringTransport();
        Deferred<byte[]> d = new FileSender().beginFileTransfer(failing, transport);

        drain(transport);

        Throwable error = failureResultOf(d, IOException.class).value();
        assertThat(error.getMessage()).contains("could not read the file after sending 0 bytes", "disk on fire");
        assertThat(error.getCause()).isSameAs(disk);
        assertThat(transport.producer()).isNull();
    }

    @Test
    void aTransformThatThrowsFailsTheDeferredAndUnregisters() {
        StringTransport transport = new StringTransport();
        IllegalStateException bad = new IllegalStateException("bad transform");
        Deferred<byte[]> d = new FileSender().beginFileTransfer(new ByteArrayInputStream(pattern(3)), transport, c -> {
            throw bad;
        });

        drain(transport);

        assertThat(failureResultOf(d).value()).isSameAs(bad);
        assertThat(transport.value()).isEmpty();
    }

    @Test
    void aSlowConsumerHoldsTheReadingBackToOneChunkAhead() {
        byte[] file = pattern(10 * FileSender.CHUNK_SIZE + 123);
        CountingStream stream = new CountingStream(file);
        SlowConsumer consumer = new SlowConsumer();
        Deferred<byte[]> d = new FileSender().beginFileTransfer(stream, consumer);

        while (consumer.producer != null) {
            consumer.deliverSome(1000);
            assertThat(stream.read - consumer.delivered).isLessThanOrEqualTo(FileSender.CHUNK_SIZE);
        }

        assertThat(consumer.out.toByteArray()).isEqualTo(file);
        assertThat(successResultOf(d)).containsExactly(file[file.length - 1]);
    }

    @Test
    void aChannelIsReadLikeAStreamAndANonBlockingOneIsRefused() throws IOException {
        byte[] file = pattern(FileSender.CHUNK_SIZE + 7);
        StringTransport transport = new StringTransport();
        Deferred<byte[]> d = new FileSender()
                .beginFileTransfer(Channels.newChannel(new ByteArrayInputStream(file)), transport, null);
        drain(transport);
        assertThat(transport.value()).isEqualTo(file);
        assertThat(successResultOf(d)).containsExactly(file[file.length - 1]);

        Pipe pipe = Pipe.open();
        try (Pipe.SourceChannel source = pipe.source();
                Pipe.SinkChannel sink = pipe.sink()) {
            source.configureBlocking(false);
            assertThatThrownBy(() -> new FileSender().beginFileTransfer(source, new StringTransport(), null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("configureBlocking(true)");
        }
    }

    @Test
    void aConsumerWithAProducerRefusesTheSenderAndTheSenderMayBeginAgain() {
        StringTransport transport = new StringTransport();
        transport.registerProducer(new FileSender());
        FileSender sender = new FileSender();

        assertThatThrownBy(() -> sender.beginFileTransfer(new ByteArrayInputStream(pattern(3)), transport))
                .isInstanceOf(IllegalStateException.class);

        StringTransport other = new StringTransport();
        Deferred<byte[]> d = sender.beginFileTransfer(new ByteArrayInputStream(pattern(3)), other);
        assertThatThrownBy(() -> sender.beginFileTransfer(new ByteArrayInputStream(pattern(3)), new StringTransport()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("one FileSender per transfer");
        drain(other);
        assertThat(successResultOf(d)).containsExactly(pattern(3)[2]);
    }

    /** Hands out one byte per read call. */
    private static final class OneByteAtATime extends FilterInputStream {
        OneByteAtATime(byte[] data) {
            super(new ByteArrayInputStream(data));
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, 1));
        }
    }

    /** Counts the bytes read from it. */
    static final class CountingStream extends FilterInputStream {
        long read;

        CountingStream(byte[] data) {
            super(new ByteArrayInputStream(data));
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                read += n;
            }
            return n;
        }
    }

    /** A consumer that passes on a little at a time and asks for more only once its buffer is empty. */
    private static final class SlowConsumer implements IConsumer {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        IPullProducer producer;
        long delivered;

        @Override
        public void registerProducer(IPushProducer producer) {
            throw new AssertionError("FileSender registers as a pull producer");
        }

        @Override
        public void registerProducer(IPullProducer producer) {
            this.producer = producer;
        }

        @Override
        public void unregisterProducer() {
            producer = null;
        }

        @Override
        public void write(byte[] data) {
            pending.writeBytes(data);
        }

        void deliverSome(int n) {
            byte[] all = pending.toByteArray();
            int now = Math.min(n, all.length);
            out.write(all, 0, now);
            delivered += now;
            pending.reset();
            pending.write(all, now, all.length - now);
            if (pending.size() == 0 && producer != null) {
                producer.resumeProducing();
            }
        }
    }
}
