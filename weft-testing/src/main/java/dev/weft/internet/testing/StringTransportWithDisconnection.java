package dev.weft.internet.testing;

import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionAborted;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.IAddress;
import dev.weft.internet.IProtocol;
import org.jspecify.annotations.Nullable;

/**
 * Twisted's {@code StringTransportWithDisconnection}: a {@link StringTransport} that tells its protocol when it is
 * closed. {@link #loseConnection()} and {@link #abortConnection()} clear {@link #isConnected()} and deliver {@code
 * connectionLost} synchronously, once per transport; without a protocol they throw {@link IllegalStateException} and
 * change nothing. Unlike Twisted (see DEVIATIONS.md), {@code loseConnection} sets {@link #isDisconnecting()} and an
 * abort delivers {@link ConnectionAborted}. Confined to the thread that drives it (the test thread).
 */
public class StringTransportWithDisconnection extends StringTransport {
    private @Nullable IProtocol protocol;

    /** Creates a transport with the default addresses, in strict mode, with no protocol yet. */
    public StringTransportWithDisconnection() {}

    /** Creates a transport with these addresses (null: defaults), {@code lenient} as {@link StringTransport}'s. */
    public StringTransportWithDisconnection(
            @Nullable IAddress hostAddress, @Nullable IAddress peerAddress, boolean lenient) {
        super(hostAddress, peerAddress, lenient);
    }

    /** Sets the protocol that receives {@code connectionLost}. */
    public void setProtocol(IProtocol protocol) {
        this.protocol = protocol;
    }

    /** {@return the protocol that receives {@code connectionLost}, or null} */
    public @Nullable IProtocol protocol() {
        return protocol;
    }

    /** Sets {@code protocol} as this transport's protocol, then calls its {@code makeConnection(this)}; returns it. */
    public <P extends IProtocol> P connect(P protocol) {
        setProtocol(protocol);
        protocol.makeConnection(this);
        return protocol;
    }

    /** Sets {@link #isDisconnecting()} and, on the first close, delivers {@code ConnectionDone("Bye.")}. */
    @Override
    public void loseConnection() {
        close(new ConnectionDone("Bye."));
    }

    /** Sets both disconnect flags and, on the first close, delivers {@link ConnectionAborted}. */
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
