package dev.weft.internet.testing;

import dev.weft.defer.Deferred;
import dev.weft.internet.IAddress;
import dev.weft.internet.IProtocol;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Holds what {@link AccumulatingServerFactory} and {@link AccumulatingClientFactory} share: Twisted's {@code
 * MyProtocolFactoryMixin} from {@code test_tcp.py}. Confined to the reactor thread.
 */
final class AccumulatingFactorySupport {
    @Nullable
    Deferred<AccumulatingProtocol> protocolConnectionMade;

    @Nullable
    Deferred<Void> protocolConnectionLost;

    @Nullable
    AccumulatingProtocol lastProtocol;

    int called;
    private final List<IAddress> peerAddresses = new ArrayList<>();

    /** Counts a buildProtocol call for {@code addr}; runs before the protocol is built. */
    void buildingFor(IAddress addr) {
        peerAddresses.add(addr);
        called++;
    }

    /** Hands the pending protocolConnectionLost Deferred to {@code built} and remembers it. */
    AccumulatingProtocol built(Object factory, @Nullable IProtocol built) {
        if (!(built instanceof AccumulatingProtocol protocol)) {
            throw new IllegalStateException(factory.getClass().getSimpleName() + " built " + built
                    + ", which is not an AccumulatingProtocol: give it a supplier of AccumulatingProtocols");
        }
        protocol.setClosedDeferred(protocolConnectionLost);
        protocolConnectionLost = null;
        lastProtocol = protocol;
        return protocol;
    }

    List<IAddress> peerAddresses() {
        return Collections.unmodifiableList(peerAddresses);
    }
}
