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
 * A client factory of {@link AccumulatingProtocol}s that records how its connection attempts went:
 * {@code MyClientFactory} from Twisted's {@code test_tcp.py}.
 *
 * <p>Like {@link AccumulatingServerFactory} it hands one-shot Deferreds to the next protocol it
 * builds. {@link #deferred()} and {@link #failDeferred()} fire the first time only; the flags and
 * reasons are updated every time.
 *
 * <p>Confined to the reactor thread.
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

    /**
     * Creates a factory that builds protocols with {@code protocol} (Twisted's {@code protocolFactory}).
     *
     * @param protocol called once per connection, e.g. a constructor of a subclass
     */
    public AccumulatingClientFactory(Supplier<? extends AccumulatingProtocol> protocol) {
        super(protocol);
    }

    /**
     * Builds the protocol and hands it the pending {@link #protocolConnectionLost()} Deferred.
     *
     * @param addr the address of the server
     * @return the new protocol, also {@link #lastProtocol()} from now on
     * @throws IllegalStateException if the supplier built no {@link AccumulatingProtocol}
     */
    @Override
    public AccumulatingProtocol buildProtocol(IAddress addr) {
        support.buildingFor(addr);
        return support.built(this, super.buildProtocol(addr));
    }

    /**
     * Sets {@link #isFailed()} and {@link #reason()} and fires {@link #failDeferred()} once.
     *
     * @param connector the attempt
     * @param reason why it failed
     */
    @Override
    public void clientConnectionFailed(IConnector connector, Failure reason) {
        failed = true;
        this.reason = reason;
        if (!failDeferred.isCalled()) {
            failDeferred.callback(null);
        }
    }

    /**
     * Sets {@link #lostReason()} and fires {@link #deferred()} once.
     *
     * @param connector the attempt that made the connection
     * @param reason the reason the protocol was given
     */
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

    /**
     * Returns the Deferred fired when an established connection ends (Twisted's {@code deferred}).
     *
     * @return the Deferred, fired with null by the first {@link #clientConnectionLost}
     */
    public Deferred<Void> deferred() {
        return deferred;
    }

    /**
     * Returns the Deferred fired when an attempt fails (Twisted's {@code failDeferred}).
     *
     * @return the Deferred, fired with null by the first {@link #clientConnectionFailed}
     */
    public Deferred<Void> failDeferred() {
        return failDeferred;
    }

    /**
     * Tells whether an attempt failed (Twisted's {@code failed}).
     *
     * @return {@code true} once {@link #clientConnectionFailed} was called
     */
    public boolean isFailed() {
        return failed;
    }

    /**
     * Returns why the latest attempt failed (Twisted's {@code reason}).
     *
     * @return the reason, or null if no attempt failed
     */
    public @Nullable Failure reason() {
        return reason;
    }

    /**
     * Returns why the latest connection ended (Twisted's {@code lostReason}).
     *
     * @return the reason, or null if no connection ended
     */
    public @Nullable Failure lostReason() {
        return lostReason;
    }

    /**
     * Tells whether the factory was stopped (Twisted's {@code stopped}).
     *
     * @return {@code true} once {@link #stopFactory()} ran
     */
    public boolean isStopped() {
        return stopped;
    }
}
