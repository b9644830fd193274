package dev.weft.internet.testing;

import dev.weft.defer.Deferred;
import org.jspecify.annotations.Nullable;

/**
 * Lets a factory hear when an {@link AccumulatingProtocol} it built is connected: the {@code
 * protocolConnectionMade} attribute of the factories in Twisted's tests, as an interface.
 *
 * <p>When a protocol's {@link AccumulatingProtocol#connectionMade()} runs and its factory implements
 * this interface, the protocol reads {@link #protocolConnectionMade()}; if that is a Deferred, it
 * sets the factory's field to null <em>first</em> and then fires the Deferred with itself. So each
 * Deferred fires at most once, for the first protocol connected after it was installed, and a
 * callback may install a fresh Deferred for the next connection.
 *
 * <p>A factory that does not implement this interface is simply not notified (DEVIATIONS.md).
 *
 * <p>Confined to the reactor thread.
 */
public interface ConnectionMadeNotifier {
    /**
     * Returns the Deferred to fire with the next protocol that is connected.
     *
     * @return the pending Deferred, or null if none is installed
     */
    @Nullable
    Deferred<AccumulatingProtocol> protocolConnectionMade();

    /**
     * Installs (or clears) the Deferred to fire with the next protocol that is connected.
     *
     * @param deferred the Deferred, or null to clear it
     */
    void setProtocolConnectionMade(@Nullable Deferred<AccumulatingProtocol> deferred);
}
