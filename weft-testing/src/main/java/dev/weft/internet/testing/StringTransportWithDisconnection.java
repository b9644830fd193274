package dev.weft.internet.testing;

import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionAborted;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.IAddress;
import dev.weft.internet.IProtocol;
import org.jspecify.annotations.Nullable;

/**
 * A {@link StringTransport} that tells its protocol when it is closed: Twisted's {@code
 * StringTransportWithDisconnection}.
 *
 * <p>{@link #loseConnection()} and {@link #abortConnection()} deliver {@code connectionLost} to the
 * protocol <em>synchronously</em>, inside the call, exactly once per transport (a second close of
 * either kind delivers nothing), and clear {@link #isConnected()} first. {@link #connect(IProtocol)}
 * sets the protocol and calls its {@code makeConnection} in one step.
 *
 * <pre>{@code
 * StringTransportWithDisconnection transport = new StringTransportWithDisconnection();
 * AccumulatingProtocol protocol = transport.connect(new AccumulatingProtocol());
 * transport.loseConnection();
 * assert protocol.closedReason().check(ConnectionDone.class) != null;
 * }</pre>
 *
 * <p>Differences from Twisted, on purpose (Twisted's issue #8161):
 *
 * <ul>
 *   <li>{@code loseConnection} sets {@link #isDisconnecting()} (Twisted leaves it false, so a line
 *       receiver goes on delivering lines after {@code connectionLost}).
 *   <li>{@code abortConnection} delivers a {@link ConnectionAborted} (Twisted delivers {@code
 *       ConnectionDone}) and sets both {@link #isDisconnected()} and {@link #isDisconnecting()}.
 * </ul>
 *
 * <p>Kept from Twisted: the clean reason is {@code new ConnectionDone("Bye.")}; writes are still
 * recorded after the disconnect; the delivery is re-entrant (a real transport delivers {@code
 * connectionLost} on a later reactor turn).
 *
 * <p>Confined to the thread that drives it (the test thread).
 */
public class StringTransportWithDisconnection extends StringTransport {
    private @Nullable IProtocol protocol;

    /** Creates a transport with the default addresses, in strict mode, with no protocol yet. For tests. */
    public StringTransportWithDisconnection() {}

    /**
     * Creates a transport with the given addresses, with no protocol yet. For tests.
     *
     * @param hostAddress what {@link #getHost()} returns, or null for {@link #DEFAULT_HOST}
     * @param peerAddress what {@link #getPeer()} returns, or null for {@link #DEFAULT_PEER}
     * @param lenient {@code true} to allow pausing and resuming after {@link #loseConnection()}
     */
    public StringTransportWithDisconnection(
            @Nullable IAddress hostAddress, @Nullable IAddress peerAddress, boolean lenient) {
        super(hostAddress, peerAddress, lenient);
    }

    /**
     * Sets the protocol that receives {@code connectionLost} (Twisted's {@code transport.protocol =
     * ...}). For tests.
     *
     * @param protocol the protocol
     */
    public void setProtocol(IProtocol protocol) {
        this.protocol = protocol;
    }

    /**
     * Returns the protocol that receives {@code connectionLost}. For tests.
     *
     * @return the protocol, or null if none is set
     */
    public @Nullable IProtocol protocol() {
        return protocol;
    }

    /**
     * Sets {@code protocol} as this transport's protocol, then calls its {@code makeConnection(this)}.
     * For tests.
     *
     * @param protocol the protocol
     * @param <P> the protocol's type
     * @return {@code protocol}, for chaining
     */
    public <P extends IProtocol> P connect(P protocol) {
        setProtocol(protocol);
        protocol.makeConnection(this);
        return protocol;
    }

    /**
     * Sets {@link #isDisconnecting()} and, the first time the transport is closed, clears {@link
     * #isConnected()} and calls the protocol's {@code connectionLost} with {@code ConnectionDone("Bye.")}
     * before returning.
     *
     * @throws IllegalStateException if no protocol is set; nothing changes then
     */
    @Override
    public void loseConnection() {
        close(new ConnectionDone("Bye."));
    }

    /**
     * Sets {@link #isDisconnected()} and {@link #isDisconnecting()} and, the first time the transport
     * is closed, clears {@link #isConnected()} and calls the protocol's {@code connectionLost} with a
     * {@link ConnectionAborted} before returning (Twisted reports {@code ConnectionDone}: not copied).
     *
     * @throws IllegalStateException if no protocol is set; nothing changes then
     */
    @Override
    public void abortConnection() {
        requireProtocol("abortConnection");
        markDisconnected();
        close(new ConnectionAborted());
    }

    private void close(Throwable reason) {
        IProtocol p = requireProtocol(reason instanceof ConnectionAborted ? "abortConnection" : "loseConnection");
        markDisconnecting();
        if (markNotConnected()) {
            p.connectionLost(new Failure(reason));
        }
    }

    private IProtocol requireProtocol(String operation) {
        IProtocol p = protocol;
        if (p == null) {
            throw new IllegalStateException(operation
                    + " on a StringTransportWithDisconnection with no protocol: call connect(protocol) or"
                    + " setProtocol(protocol) first");
        }
        return p;
    }
}
