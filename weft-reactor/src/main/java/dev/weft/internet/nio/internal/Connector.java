package dev.weft.internet.nio.internal;

import dev.weft.defer.Failure;
import dev.weft.internet.Addresses;
import dev.weft.internet.ClientFactory;
import dev.weft.internet.ConnectError;
import dev.weft.internet.IAddress;
import dev.weft.internet.IConnectionMadeListener;
import dev.weft.internet.IConnector;
import dev.weft.internet.IProtocol;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.IPv6Address;
import dev.weft.internet.IReactorTime;
import dev.weft.internet.NotConnectingError;
import dev.weft.internet.UNIXAddress;
import dev.weft.internet.UserError;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import org.jspecify.annotations.Nullable;

/**
 * Twisted's {@code tcp.Connector} and {@code unix.Connector}: makes client connections for a {@link
 * ClientFactory}, driving its whole lifecycle.
 *
 * <p>{@link #connect()} calls {@code doStart()} (unless this connector already did), starts a {@link
 * ConnectAttempt} and calls {@code startedConnecting(this)}, all before returning. On success: {@code
 * buildProtocol(serverAddress)}, the connection and {@code makeConnection}; after the protocol's {@code
 * connectionLost}, {@code clientConnectionLost}. On failure: {@code clientConnectionFailed}. After either,
 * unless the hook called {@link #connect()} again, {@code doStop()}. A {@code buildProtocol} that returns
 * null or throws fails the attempt and closes the socket; exceptions from the hooks are logged. Confined to
 * the reactor thread.
 */
public final class Connector implements IConnector, Connection.Listener {
    private enum State {
        DISCONNECTED,
        CONNECTING,
        CONNECTED
    }

    @Override
    public boolean reportsConnectionMade() {
        return true;
    }

    /** Returns the reactor given to {@link #setReactorTime}, for factories that schedule on it. */
    @Override
    public @Nullable IReactorTime reactorTime() {
        return reactorTime;
    }

    /** Sets the reactor this connector belongs to, before the first {@link #connect()}. */
    public void setReactorTime(IReactorTime reactor) {
        this.reactorTime = reactor;
    }

    private final EventLoop loop;
    private final ClientFactory factory;
    private final boolean unix;
    private final String host;
    private final int port;
    private final double timeout;
    private final @Nullable InetSocketAddress bindAddress;
    private State state = State.DISCONNECTED;
    private @Nullable IReactorTime reactorTime;
    private boolean factoryStarted;
    private @Nullable ConnectAttempt attempt;
    private @Nullable Connection connection;

    private Connector(
            EventLoop loop,
            ClientFactory factory,
            boolean unix,
            String host,
            int port,
            double timeout,
            @Nullable InetSocketAddress bindAddress) {
        if (Double.isNaN(timeout) || timeout <= 0) {
            throw new IllegalArgumentException(
                    "timeout must be a positive number of seconds (or infinity for none), not " + timeout);
        }
        this.loop = loop;
        this.factory = factory;
        this.unix = unix;
        this.host = host;
        this.port = port;
        this.timeout = timeout;
        this.bindAddress = bindAddress;
    }

    /**
     * Creates a TCP connector, not connected yet, to {@code host}:{@code port} (1..65535), failing after
     * {@code timeout} seconds (positive; infinity: never), binding {@code bindAddress} unless null. An IPv6
     * {@code host} may be bracketed ({@code [::1]}); the brackets are dropped.
     * @throws IllegalArgumentException if the port or the timeout is out of range, or the host empty
     */
    public static Connector tcp(
            EventLoop loop,
            String host,
            int port,
            ClientFactory factory,
            double timeout,
            @Nullable InetSocketAddress bindAddress) {
        if (host.isEmpty()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        // [::1] is the address ::1: kept without the brackets, it is written once as [::1]:port.
        if (host.length() > 2 && host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be in 1..65535, not " + port);
        }
        return new Connector(loop, factory, false, host, port, timeout, bindAddress);
    }

    /**
     * Creates a UNIX-domain connector, not connected yet, failing after {@code timeout} seconds (positive;
     * infinity: never).
     * @throws IllegalArgumentException if the path is empty or the timeout out of range
     */
    public static Connector unix(EventLoop loop, String path, ClientFactory factory, double timeout) {
        if (path.isEmpty()) {
            throw new IllegalArgumentException("a UNIX-domain socket path must not be empty");
        }
        return new Connector(loop, factory, true, path, 0, timeout, null);
    }

    @Override
    public void connect() {
        loop.checkThread("connect");
        loop.checkAcceptsSockets("connect");
        if (state != State.DISCONNECTED) {
            throw new IllegalStateException("connect() needs a disconnected connector, but " + this + " is "
                    + state.name().toLowerCase(java.util.Locale.ROOT) + ": call disconnect() first");
        }
        state = State.CONNECTING;
        if (!factoryStarted) {
            factoryStarted = true;
            factory.doStart();
        }
        ConnectAttempt a = new ConnectAttempt(loop, this, bindAddress, timeout, destinationText(), unix);
        attempt = a;
        if (unix) {
            a.startUnix(host);
        } else {
            a.startTcp(host, port);
        }
        try {
            factory.startedConnecting(this);
        } catch (Throwable t) {
            Faults.callbackFailed(name() + ".startedConnecting", t);
        }
    }

    void attemptSucceeded(ConnectAttempt a, SocketChannel ch, SelectionKey key) {
        if (a != attempt) {
            TcpClose.closeUnused(loop, key, ch, unix);
            return;
        }
        attempt = null;
        IAddress server;
        IAddress local;
        try {
            server = Addresses.of(ch.getRemoteAddress());
            local = Addresses.of(ch.getLocalAddress());
        } catch (IOException e) {
            TcpClose.closeUnused(loop, key, ch, unix);
            failed(new Failure(new ConnectError(e, ConnectErrors.connecting(destinationText()))));
            return;
        }
        IProtocol protocol;
        try {
            protocol = factory.buildProtocol(server);
        } catch (Throwable t) {
            Faults.callbackFailed(name() + ".buildProtocol", t);
            TcpClose.closeUnused(loop, key, ch, unix);
            failed(new Failure(t));
            return;
        }
        if (protocol == null) {
            TcpClose.closeUnused(loop, key, ch, unix);
            failed(new Failure(new ConnectError(
                    null,
                    name() + ".buildProtocol returned null, so there is no protocol for the"
                            + " connection (Twisted's NoProtocol)")));
            return;
        }
        state = State.CONNECTED;
        Connection c = loop.newConnection(ch, protocol, local, server, unix, this, "to " + destinationText());
        connection = c;
        c.start(key);
        if (factory instanceof IConnectionMadeListener listener && connection == c && c.isConnected()) {
            try {
                listener.connectionMade(protocol);
            } catch (Throwable t) {
                Faults.callbackFailed(name() + ".connectionMade listener", t);
            }
        }
    }

    void attemptFailed(ConnectAttempt a, Failure reason) {
        if (a != attempt) {
            return;
        }
        failed(reason);
    }

    private void failed(Failure reason) {
        attempt = null;
        state = State.DISCONNECTED;
        try {
            factory.clientConnectionFailed(this, reason);
        } catch (Throwable t) {
            Faults.callbackFailed(name() + ".clientConnectionFailed", t);
        }
        stopFactoryIfIdle();
    }

    @Override
    public void connectionLost(Connection lost, Failure reason) {
        if (lost != connection) {
            return;
        }
        connection = null;
        state = State.DISCONNECTED;
        try {
            factory.clientConnectionLost(this, reason);
        } catch (Throwable t) {
            Faults.callbackFailed(name() + ".clientConnectionLost", t);
        }
        stopFactoryIfIdle();
    }

    private void stopFactoryIfIdle() {
        if (state == State.DISCONNECTED && factoryStarted) {
            factoryStarted = false;
            try {
                factory.doStop();
            } catch (Throwable t) {
                Faults.callbackFailed(name() + ".stopFactory", t);
            }
        }
    }

    @Override
    public void stopConnecting() {
        loop.checkThread("stopConnecting");
        ConnectAttempt a = attempt;
        if (state != State.CONNECTING || a == null) {
            throw new NotConnectingError(this + " is " + state.name().toLowerCase(java.util.Locale.ROOT));
        }
        a.fail(new UserError());
    }

    @Override
    public void disconnect() {
        loop.checkThread("disconnect");
        if (state == State.CONNECTING) {
            stopConnecting();
        } else if (state == State.CONNECTED) {
            Connection c = connection;
            if (c != null) {
                c.loseConnection();
            }
        }
    }

    @Override
    public IAddress getDestination() {
        if (unix) {
            return new UNIXAddress(host);
        }
        if (host.indexOf(':') >= 0) {
            return IPv6Address.tcp(host, port);
        }
        return IPv4Address.tcp(host, port);
    }

    /**
     * Returns the transport of the connection this connector made, while connected.
     *
     * @return the connection, or null when not connected
     */
    public @Nullable Connection transport() {
        return connection;
    }

    private String destinationText() {
        return unix ? host : host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }

    private String name() {
        String simple = factory.getClass().getSimpleName();
        return simple.isEmpty() ? factory.getClass().getName() : simple;
    }

    /** Names the connector, e.g. {@code "<Connector to 127.0.0.1:8080>"}. */
    @Override
    public String toString() {
        return "<Connector to " + destinationText() + ">";
    }
}
