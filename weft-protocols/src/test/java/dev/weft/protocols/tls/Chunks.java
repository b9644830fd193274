package dev.weft.protocols.tls;

import dev.weft.internet.IPullProducer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * A pull producer for the TLS tests: each {@code resumeProducing()} writes the next piece of its
 * payload to its consumer; after the last piece the next call unregisters it (as Twisted's {@code
 * FileSender}). It records each call and whether the TLS handshake was done at the time.
 */
final class Chunks implements IPullProducer {
    private final byte[] payload;
    private final int pieceSize;
    private final ISSLTransport consumer;
    final List<Boolean> handshakeDoneAtEachCall = new ArrayList<>();
    int offset;
    int stops;
    boolean unregistered;
    private boolean endless;

    /** Runs before the call's write with the call's number (1 for the first). */
    IntConsumer onResume = n -> {};

    Chunks(byte[] payload, int pieceSize, ISSLTransport consumer) {
        this.payload = payload;
        this.pieceSize = pieceSize;
        this.consumer = consumer;
    }

    /** {@return a producer that never runs out: each call writes 100 bytes} */
    static Chunks endless(ISSLTransport consumer) {
        Chunks c = new Chunks(new byte[100], 100, consumer);
        c.endless = true;
        return c;
    }

    int calls() {
        return handshakeDoneAtEachCall.size();
    }

    @Override
    public void resumeProducing() {
        handshakeDoneAtEachCall.add(consumer.isHandshakeDone());
        onResume.accept(calls());
        if (endless) {
            consumer.write(payload.clone());
            return;
        }
        if (offset == payload.length) {
            unregistered = true;
            consumer.unregisterProducer();
            return;
        }
        int n = Math.min(pieceSize, payload.length - offset);
        consumer.write(Arrays.copyOfRange(payload, offset, offset + n));
        offset += n;
    }

    @Override
    public void stopProducing() {
        stops++;
    }

    @Override
    public String toString() {
        return "Chunks[" + offset + "/" + payload.length + "]";
    }
}
