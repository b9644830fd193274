package dev.weft.internet.testing;

import dev.weft.defer.Deferred;
import dev.weft.defer.Failure;
import dev.weft.internet.ClientFactory;
import dev.weft.internet.IAddress;
import dev.weft.internet.IConnector;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Twisted's {@code MyClientFactory} (from {@code test_tcp.py}): a client factory of {@link AccumulatingProtocol}s that
 * records how its connection attempts went. Like {@link AccumulatingServerFactory} it hands one-shot Deferreds to the
 * next protocol it builds. {@link #deferred()} and {@link #failDeferred()} fire the first time only; the flags and
 * reasons are updated every time. Confined to the reactor thread.
 */
public class AccumulatingClientFactory extends ClientFactory implements ConnectionMadeNotifier {
    private final AccumulatingFactorySupport support = new AccumulatingFactorySupport();
    private final Deferred<Void> deferred = new Deferred<>();
    private final Deferred<Void> failDeferred = new Deferred<>();
    private boolean failed;
    private boolean stopped;
    private @Nullable Failure reason;
    private @Nullable Failure lostReason;

    /** Creates a factory that builds plain {@link AccumulatingProtocol}s. */
    public AccumulatingClientFactory() {
        this(AccumulatingProtocol::new);
    }

    /** Creates a factory building protocols with {@code protocol} (Twisted's {@code protocolFactory}). */
    public AccumulatingClientFactory(Supplier<? extends AccumulatingProtocol> protocol) {
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

    /** Sets {@link #isFailed()} and {@link #reason()} and fires {@link #failDeferred()} once. */
    @Override
    public void clientConnectionFailed(IConnector connector, Failure reason) {
        failed = true;
        this.reason = reason;
        if (!failDeferred.isCalled()) {
            failDeferred.callback(null);
        }
    }

    /** Sets {@link #lostReason()} and fires {@link #deferred()} once. */
    @Override
    public void clientConnectionLost(IConnector connector, Failure reason) {
        lostReason = reason;
        if (!deferred.isCalled()) {
            deferred.callback(null);
        }
    }

    /** Sets {@link #isStopped()}. */
    @Override
    protected void stopFactory() {
        stopped = true;
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

    /** Returns the Deferred the first {@link #clientConnectionLost} fires with null (Twisted's {@code deferred}). */
    public Deferred<Void> deferred() {
        return deferred;
    }

    /** Returns the Deferred the first {@link #clientConnectionFailed} fires (Twisted's {@code failDeferred}). */
    public Deferred<Void> failDeferred() {
        return failDeferred;
    }

    /** Tells whether an attempt failed (Twisted's {@code failed}). */
    public boolean isFailed() {
        return failed;
    }

    /** Returns why the latest attempt failed (Twisted's {@code reason}), or null. */
    public @Nullable Failure reason() {
        return reason;
    }

    /** Returns why the latest connection ended (Twisted's {@code lostReason}), or null. */
    public @Nullable Failure lostReason() {
        return lostReason;
    }

    /** Tells whether {@link #stopFactory()} ran (Twisted's {@code stopped}). */
    public boolean isStopped() {
        return stopped;
    }
}
