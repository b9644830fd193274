package dev.weft.protocols.tls;

import dev.weft.internet.IPushProducer;
import dev.weft.internet.ITransport;
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/**
 * The wrapped protocol's {@code pauseProducing}/{@code resumeProducing} on its TLS transport, and
 * what it means beneath: the transport beneath stops reading only while TLS itself needs no bytes
 * (after the handshake, outside the {@code close_notify} exchange); plaintext decrypted while paused
 * waits here, in order, until the resume. The peer's end of the stream is held while the wrapped
 * protocol is paused or inside its resume ({@link #holdsPeerEnd()}): see {@link TLSMemoryBIOProtocol}.
 *
 * <p>Confined to the reactor thread.
 */
final class ReadFlow {
    private final @Nullable IPushProducer beneath;
    private final ArrayDeque<byte[]> held = new ArrayDeque<>();
    private long heldBytes;
    private boolean paused;
    private boolean beneathPaused;
    private boolean resuming;

    ReadFlow(ITransport transport) {
        this.beneath = transport instanceof IPushProducer p ? p : null;
    }

    /** {@return whether the wrapped protocol has paused its reading} */
    boolean isPaused() {
        return paused;
    }

    void pause() {
        paused = true;
    }

    void resume() {
        paused = false;
    }

    /**
     * Marks the span of the wrapped protocol's {@code resumeProducing}, during which TLS delivers
     * synchronously; returns the previous mark, to restore after a nested resume.
     */
    boolean resuming(boolean inside) {
        boolean was = resuming;
        resuming = inside;
        return was;
    }

    /**
     * {@return whether the peer's close must wait} While the wrapped protocol is paused, or inside the
     * {@code resumeProducing} that ends a pause (a receiver resumes its transport before it delivers what
     * it buffered, and may pause again then), the close would overtake what the protocol has yet to read.
     */
    boolean holdsPeerEnd() {
        return paused || resuming;
    }

    /**
     * Pauses the transport beneath when the wrapped protocol is paused and TLS needs no bytes, and
     * resumes it otherwise.
     *
     * @param tlsNeedsBytes whether the handshake or the close_notify exchange is waiting for the peer
     */
    void sync(boolean tlsNeedsBytes) {
        IPushProducer p = beneath;
        boolean stop = paused && !tlsNeedsBytes;
        if (p == null || stop == beneathPaused) {
            return;
        }
        beneathPaused = stop;
        if (stop) {
            p.pauseProducing();
        } else {
            p.resumeProducing();
        }
    }

    /** Keeps plaintext that arrived while paused. */
    void hold(byte[] plaintext) {
        held.add(plaintext);
        heldBytes += plaintext.length;
    }

    /** {@return the oldest held plaintext, removed, or null} */
    byte @Nullable [] takeHeld() {
        byte[] b = held.poll();
        if (b != null) {
            heldBytes -= b.length;
        }
        return b;
    }

    /** {@return how many plaintext bytes wait for the resume} */
    long heldBytes() {
        return heldBytes;
    }
}
