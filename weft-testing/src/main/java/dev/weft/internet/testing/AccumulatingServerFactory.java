package dev.weft.internet.testing;

import dev.weft.defer.Deferred;
import dev.weft.internet.IAddress;
import dev.weft.internet.ServerFactory;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A server factory of {@link AccumulatingProtocol}s that hands out one-shot Deferreds for the next
 * connection's start and end: {@code MyServerFactory} from Twisted's {@code test_tcp.py}.
 *
 * <p>Install {@link #setProtocolConnectionMade} and {@link #setProtocolConnectionLost} before a
 * connection arrives; each is handed to the next protocol built and fires for that connection only.
 *
 * <pre>{@code
 * AccumulatingServerFactory factory = new AccumulatingServerFactory();
 * Deferred<AccumulatingProtocol> made = new Deferred<>();
 * factory.setProtocolConnectionMade(made);
 * reactor.listenTCP(0, factory, 50, "127.0.0.1");
 * }</pre>
 *
 * <p>Confined to the reactor thread.
 */
public class AccumulatingServerFactory extends ServerFactory implements ConnectionMadeNotifier {
    private final AccumulatingFactorySupport support = new AccumulatingFactorySupport();

    /** Creates a factory that builds plain {@link AccumulatingProtocol}s. */
    public AccumulatingServerFactory() {
        this(AccumulatingProtocol::new);
    }

    /**
     * Creates a factory that builds protocols with {@code protocol} (Twisted's {@code protocolFactory}).
     *
     * @param protocol called once per connection, e.g. a constructor of a subclass
     */
    public AccumulatingServerFactory(Supplier<? extends AccumulatingProtocol> protocol) {
        super(protocol);
    }

    /**
     * Builds the protocol and hands it the pending {@link #protocolConnectionLost()} Deferred.
     *
     * @param addr the address of the peer
     * @return the new protocol, also {@link #lastProtocol()} from now on
     * @throws IllegalStateException if the supplier built no {@link AccumulatingProtocol}
     */
    @Override
    public AccumulatingProtocol buildProtocol(IAddress addr) {
        support.buildingFor(addr);
        return support.built(this, super.buildProtocol(addr));
    }

    @Override
    public @Nullable Deferred<AccumulatingProtocol> protocolConnectionMade() {
        return support.protocolConnectionMade;
    }

    @Override
    public void setProtocolConnectionMade(@Nullable Deferred<AccumulatingProtocol> deferred) {
        support.protocolConnectionMade = deferred;
    }

    /**
     * Returns the Deferred the next protocol built will fire when its connection ends.
     *
     * @return the pending Deferred, or null if none is installed (or it was handed over)
     */
    public @Nullable Deferred<Void> protocolConnectionLost() {
        return support.protocolConnectionLost;
    }

    /**
     * Installs the Deferred the next protocol built will fire, with null, when its connection ends.
     *
     * @param deferred the Deferred, or null to clear it
     */
    public void setProtocolConnectionLost(@Nullable Deferred<Void> deferred) {
        support.protocolConnectionLost = deferred;
    }

    /**
     * Returns the protocol built most recently (Twisted's {@code protocol} attribute of this factory).
     *
     * @return the protocol, or null if none was built
     */
    public @Nullable AccumulatingProtocol lastProtocol() {
        return support.lastProtocol;
    }

    /**
     * Returns how many times {@link #buildProtocol} was called (Twisted's {@code called}).
     *
     * @return the count
     */
    public int called() {
        return support.called;
    }

    /**
     * Returns the addresses given to {@link #buildProtocol}, in order (Twisted's {@code peerAddresses}).
     *
     * @return an unmodifiable view
     */
    public List<IAddress> peerAddresses() {
        return support.peerAddresses();
    }
}
