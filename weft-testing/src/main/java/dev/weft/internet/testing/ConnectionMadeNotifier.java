package dev.weft.internet.testing;

import dev.weft.defer.Deferred;
import org.jspecify.annotations.Nullable;

/**
 * Lets a factory hear when an {@link AccumulatingProtocol} it built is connected. The protocol clears the field before
 * firing the Deferred with itself, so a callback may install a fresh one. A factory that does not implement this
 * interface is not notified (see DEVIATIONS.md). Confined to the reactor thread.
 */
public interface ConnectionMadeNotifier {
    /** Returns the Deferred to fire with the next protocol that is connected, or null if none is installed. */
    @Nullable
    Deferred<AccumulatingProtocol> protocolConnectionMade();

    /** Installs (or, with null, clears) the Deferred to fire with the next protocol that is connected. */
    void setProtocolConnectionMade(@Nullable Deferred<AccumulatingProtocol> deferred);
}
