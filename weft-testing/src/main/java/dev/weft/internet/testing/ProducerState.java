package dev.weft.internet.testing;

import java.util.Locale;

/**
 * The last call a {@link StringTransport}'s reading side received as a push producer (Twisted's {@code
 * StringTransport.producerState} strings, which {@link #toString()} gives). Immutable; thread-safe.
 */
public enum ProducerState {
    /** At first, and after {@code resumeProducing}. */
    PRODUCING,
    /** After {@code pauseProducing}. */
    PAUSED,
    /** After {@code stopProducing}; final. */
    STOPPED;

    /** {@return Twisted's spelling: {@code "producing"}, {@code "paused"} or {@code "stopped"}} */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
