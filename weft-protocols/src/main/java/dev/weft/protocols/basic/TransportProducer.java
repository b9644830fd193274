package dev.weft.protocols.basic;

import dev.weft.internet.IPushProducer;
import dev.weft.internet.ITransport;

/**
 * Forwards a receiver's {@code pauseProducing}/{@code resumeProducing}/{@code stopProducing} to its
 * transport, as Twisted's {@code _PauseableMixin} does, when the transport is an {@link IPushProducer}; else
 * the receiver only holds back delivery. Confined to the reactor thread.
 */
final class TransportProducer {
    private TransportProducer() {}

    static void pause(ITransport transport) {
        if (transport instanceof IPushProducer producer) {
            producer.pauseProducing();
        }
    }

    static void resume(ITransport transport) {
        if (transport instanceof IPushProducer producer) {
            producer.resumeProducing();
        }
    }

    static void stop(ITransport transport) {
        if (transport instanceof IPushProducer producer) {
            producer.stopProducing();
        }
    }
}
