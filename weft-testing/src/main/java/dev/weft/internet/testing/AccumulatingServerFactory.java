package dev.weft.internet.testing;

import dev.weft.defer.Deferred;
import dev.weft.internet.IAddress;
import dev.weft.internet.ServerFactory;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Twisted's {@code MyServerFactory} (from {@code test_tcp.py}): a server factory of {@link AccumulatingProtocol}s that
 * hands out one-shot Deferreds for the next connection's start and end. Install {@link #setProtocolConnectionMade} and
 * {@link #setProtocolConnectionLost} before a connection arrives; each goes to the next protocol built and fires for
 * that connection only. Confined to the reactor thread.
 */
public class AccumulatingServerFactory extends ServerFactory implements ConnectionMadeNotifier {
    private final AccumulatingFactorySupport support = new AccumulatingFactorySupport();

    /** Creates a factory that builds plain {@link AccumulatingProtocol}s. */
    public AccumulatingServerFactory() {
        this(AccumulatingProtocol::new);
    }

    /** Creates a factory building protocols with {@code protocol} (Twisted's {@code protocolFactory}). */
    public AccumulatingServerFactory(Supplier<? extends AccumulatingProtocol> protocol) {
        super(protocol);
    }

    /**
     * Builds the protocol (now {@link #lastProtocol()}) and hands it {@link #protocolConnectionLost()}.
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

    /** Returns the Deferred the next protocol built fires when its connection ends, or null. */
    public @Nullable Deferred<Void> protocolConnectionLost() {
        return support.protocolConnectionLost;
    }

    /** Installs the Deferred (or null) the next protocol built will fire, with null, when its connection ends. */
    public void setProtocolConnectionLost(@Nullable Deferred<Void> deferred) {
        support.protocolConnectionLost = deferred;
    }

    /** Returns the protocol built most recently (Twisted's {@code protocol}), or null. */
    public @Nullable AccumulatingProtocol lastProtocol() {
        return support.lastProtocol;
    }

    /** Returns how many times {@link #buildProtocol} was called (Twisted's {@code called}). */
    public int called() {
        return support.called;
    }

    /** Returns a view of the addresses given to {@link #buildProtocol} (Twisted's {@code peerAddresses}). */
    public List<IAddress> peerAddresses() {
        return support.peerAddresses();
    }
}
