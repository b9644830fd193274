package dev.weft.protocols.tls;

import dev.weft.internet.IPushProducer;
import dev.weft.internet.ITransport;
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/**
 * The wrapped protocol's {@code pauseProducing}/{@code resumeProducing} on its TLS transport, and
 * what it means beneath: the transport beneath stops reading only while TLS itself needs no bytes
 * (after the handshake, outside the {@code close_notify} exchange); plaintext decrypted while paused
 * waits here, in order, until the resume.
 *
 * <p>Confined to the reactor thread.
 */
final class ReadFlow {
    private final @Nullable IPushProducer beneath;
    private final ArrayDeque<byte[]> held = new ArrayDeque<>();
    private long heldBytes;
    private boolean paused;
    private boolean beneathPaused;

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
