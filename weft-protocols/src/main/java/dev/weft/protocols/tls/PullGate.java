package dev.weft.protocols.tls;

import dev.weft.internet.IPullProducer;

/**
 * Stands for a pull producer registered beneath a TLS layer that has no clock to drive it: the
 * transport beneath asks it for data (at registration and when it drains) as on plain TCP, but not
 * while TLS holds writes for the handshake; a request made meanwhile is passed on when TLS lets go.
 *
 * <p>Confined to the reactor thread.
 */
final class PullGate implements IPullProducer {
    private final IPullProducer producer;
    private boolean held;
    private boolean asked;

    PullGate(IPullProducer producer) {
        this.producer = producer;
    }

    IPullProducer producer() {
        return producer;
    }

    /** The transport beneath asks for data: passed on unless TLS holds the producer. */
    @Override
    public void resumeProducing() {
        if (held) {
            asked = true;
            return;
        }
        producer.resumeProducing();
    }

    @Override
    public void stopProducing() {
        producer.stopProducing();
    }

    /** TLS holds the producer while writes wait for the handshake. */
    void hold() {
        held = true;
    }

    /** TLS lets go; a request that came meanwhile is passed on now. */
    void release() {
        held = false;
        if (asked) {
            asked = false;
            producer.resumeProducing(); // its writes re-enter the engine loop
        }
    }

    boolean isHeld() {
        return held;
    }

    @Override
    public String toString() {
        return "TLS gate of " + producer;
    }
}
