package dev.weft.cli;

import dev.weft.internet.IPushProducer;
import java.util.EnumSet;
import java.util.Set;

/**
 * Pauses and resumes the reading of one tap leg for several reasons at once, so that no reason resumes a leg that
 * another still wants paused: the leg's transport is paused when the first reason appears and resumed when the last
 * one goes. This object, not the transport itself, is registered as the producer of the other leg's transport, so
 * that transport's full write buffer is one of the reasons ({@link Why#BUFFER_FULL}).
 *
 * <p>Nothing is called on the transport once the tap has closed it or its peer has: a closing transport may refuse a
 * pause or a resume, and reading it again has no use.
 *
 * <p>Confined to the reactor thread.
 */
final class TapReading implements IPushProducer {
    /** Why a leg is not read. */
    enum Why {
        /** The tap is connecting the server leg and has read {@link TapConnection#EARLY_BYTES} from the client. */
        CONNECTING,
        /** The other leg's transport has more than its high-water mark to write. */
        BUFFER_FULL,
        /** A fault holds more than {@link TapFaults#HELD_BOUND} bytes from this leg. */
        FAULTS
    }

    private final IPushProducer transport;
    private final Set<Why> paused = EnumSet.noneOf(Why.class);
    private boolean closed;

    TapReading(IPushProducer transport) {
        this.transport = transport;
    }

    /** Stops reading the leg for {@code why}, if nothing stopped it already. */
    void pause(Why why) {
        boolean reading = paused.isEmpty();
        paused.add(why);
        if (reading && !closed) {
            transport.pauseProducing();
        }
    }

    /** Reads the leg again for {@code why}, unless another reason still holds it. */
    void resume(Why why) {
        // The reason goes first: resuming may deliver bytes at once, which may pause the leg again.
        if (paused.remove(why) && paused.isEmpty() && !closed) {
            transport.resumeProducing();
        }
    }

    /** Tells whether the leg is paused for {@code why}. */
    boolean isPaused(Why why) {
        return paused.contains(why);
    }

    /** Leaves the transport alone from now on: the tap closed it, or its peer did. */
    void closed() {
        closed = true;
    }

    /** The other leg's transport has more than its high-water mark to write. */
    @Override
    public void pauseProducing() {
        pause(Why.BUFFER_FULL);
    }

    /** The other leg's transport has written its buffer out. */
    @Override
    public void resumeProducing() {
        resume(Why.BUFFER_FULL);
    }

    /**
     * Does nothing: the other leg's transport is closing past this producer (its connection was lost, or TLS ended
     * it), and {@link TapConnection} closes this leg once it hears how that one ended, a reset or a failure as a
     * reset. Closing it here, cleanly, as Twisted's {@code portforward} does, would get there first and pass a failed
     * TLS leg on as a clean close.
     */
    @Override
    public void stopProducing() {}

    @Override
    public String toString() {
        return "the reading of " + transport + (paused.isEmpty() ? "" : ", paused for " + paused);
    }
}
