package dev.weft.protocols.tls;

import dev.weft.internet.IPushProducer;

/**
 * Stands for a push producer registered on a TLS transport (Twisted's {@code _ProducerMembrane}):
 * it is what the transport beneath pauses and resumes, and TLS pauses the producer through it too
 * while writes wait for the handshake. The producer runs only when neither wants it paused (Twisted
 * keeps one flag, so either side's resume resumes it).
 *
 * <p>Confined to the reactor thread.
 */
final class ProducerMembrane implements IPushProducer {
    private final IPushProducer producer;
    private boolean pausedBeneath;
    private boolean heldByTls;
    private boolean producerPaused;

    ProducerMembrane(IPushProducer producer) {
        this.producer = producer;
    }

    IPushProducer producer() {
        return producer;
    }

    /** The transport beneath pauses: its write buffer is full. */
    @Override
    public void pauseProducing() {
        pausedBeneath = true;
        update(false);
    }

    /** The transport beneath resumes: forwarded (even if already running) unless TLS holds the producer. */
    @Override
    public void resumeProducing() {
        pausedBeneath = false;
        update(true);
    }

    @Override
    public void stopProducing() {
        producer.stopProducing();
    }

    /** TLS pauses the producer while writes wait for the handshake. */
    void hold() {
        heldByTls = true;
        update(false);
    }

    /** TLS lets the producer run again, unless the transport beneath still has it paused. */
    void release() {
        heldByTls = false;
        update(false);
    }

    boolean isHeld() {
        return heldByTls;
    }

    private void update(boolean resumeAnyway) {
        boolean pause = pausedBeneath || heldByTls;
        if (pause && !producerPaused) {
            producerPaused = true;
            producer.pauseProducing();
        } else if (!pause && (producerPaused || resumeAnyway)) {
            producerPaused = false;
            producer.resumeProducing(); // its writes re-enter the engine loop
        }
    }

    @Override
    public String toString() {
        return "TLS membrane of " + producer;
    }
}
