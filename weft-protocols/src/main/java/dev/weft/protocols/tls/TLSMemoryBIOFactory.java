package dev.weft.protocols.tls;

import dev.weft.defer.Failure;
import dev.weft.internet.ClientFactory;
import dev.weft.internet.IAddress;
import dev.weft.internet.IConnectionMadeListener;
import dev.weft.internet.IConnector;
import dev.weft.internet.IProtocol;
import dev.weft.internet.IProtocolFactory;
import dev.weft.internet.IReactorTime;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Wraps every protocol a factory builds in TLS: Twisted's {@code TLSMemoryBIOFactory}. Listen or
 * connect with it in place of the wrapped factory; the {@link TLSConnectionCreator} decides client
 * or server. Its connections run their timers on the clock given to {@link #withClock}, else on the
 * reactor their transport runs on ({@link dev.weft.internet.IReactorBound}), so on a reactor none need be
 * given. A connection over a transport that gives no clock, made by a factory without one, does not
 * enforce the wait for the peer's {@code close_notify} that the options set (30 s by default): the
 * first logs a warning saying so.
 *
 * <pre>{@code
 * TLSServerOptions options = TLSServerOptions.of(KeyAndChain.fromPem(keyFile, certFile));
 * reactor.listenTCP(0, new TLSMemoryBIOFactory(options, ServerFactory.forProtocol(Echo::new),
 *                 DelegatedTasks.offReactor(reactor))
 *         .withClock(reactor));
 * reactor.connectTCP(host, port, new TLSMemoryBIOFactory(TLSClientOptions.forHost(host), clientFactory,
 *                 DelegatedTasks.offReactor(reactor))
 *         .withClock(reactor), 30, null);
 * }</pre>
 *
 * <p>It is a {@link ClientFactory}, as Twisted's is: connecting, it passes {@code startedConnecting},
 * {@code clientConnectionFailed} and {@code clientConnectionLost} on to the wrapped factory, with the
 * same connector, when that is a {@code ClientFactory}; {@code doStart} and {@code doStop} always; and
 * the connector's {@link IConnectionMadeListener#connectionMade} when the wrapped factory listens for it.
 *
 * <p>Confined to the reactor thread.
 */
public final class TLSMemoryBIOFactory extends ClientFactory implements IConnectionMadeListener {
    private static final System.Logger LOG = System.getLogger(TLSMemoryBIOFactory.class.getName());

    private final TLSConnectionCreator creator;
    private final IProtocolFactory wrappedFactory;
    private final DelegatedTasks tasks;
    private final @Nullable IReactorTime clock;
    private final @Nullable Duration handshakeTimeout;
    private boolean warned;

    /** Wraps {@code wrappedFactory}; delegated tasks run inline. */
    public TLSMemoryBIOFactory(TLSConnectionCreator creator, IProtocolFactory wrappedFactory) {
        this(creator, wrappedFactory, DelegatedTasks.inline());
    }

    /**
     * Wraps {@code wrappedFactory}.
     *
     * @param creator makes each connection's engine
     * @param wrappedFactory builds the protocols that see plaintext
     * @param tasks where delegated tasks run ({@link DelegatedTasks#offReactor} on a real reactor)
     */
    public TLSMemoryBIOFactory(TLSConnectionCreator creator, IProtocolFactory wrappedFactory, DelegatedTasks tasks) {
        this.creator = Objects.requireNonNull(creator, "creator");
        this.wrappedFactory = Objects.requireNonNull(wrappedFactory, "wrappedFactory");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.clock = null;
        this.handshakeTimeout = null;
        setNoisy(false);
    }

    private TLSMemoryBIOFactory(TLSMemoryBIOFactory f, IReactorTime clock, @Nullable Duration timeout) {
        this.creator = f.creator;
        this.wrappedFactory = f.wrappedFactory;
        this.tasks = f.tasks;
        this.clock = clock;
        this.handshakeTimeout = timeout;
        setNoisy(false);
    }

    /**
     * {@return a factory whose connections fail with {@link TLSErrorKind#HANDSHAKE_TIMEOUT} after
     * {@code timeout} without a handshake}
     */
    public TLSMemoryBIOFactory withHandshakeTimeout(IReactorTime clock, Duration timeout) {
        return new TLSMemoryBIOFactory(this, Objects.requireNonNull(clock), Objects.requireNonNull(timeout));
    }

    /**
     * {@return a factory whose connections run their timers and pull-producer loops on {@code
     * clock}, not on their transport's}
     */
    public TLSMemoryBIOFactory withClock(IReactorTime clock) {
        return new TLSMemoryBIOFactory(this, Objects.requireNonNull(clock), handshakeTimeout);
    }

    /** {@return the factory whose protocols this one wraps} */
    public IProtocolFactory wrappedFactory() {
        return wrappedFactory;
    }

    /** Builds the wrapped factory's protocol and wraps it; null if that factory refused. */
    @Override
    public @Nullable IProtocol buildProtocol(IAddress addr) {
        IProtocol p = wrappedFactory.buildProtocol(addr);
        if (p == null) {
            return null;
        }
        TLSMemoryBIOProtocol tls = new TLSMemoryBIOProtocol(creator, p, tasks, true);
        IReactorTime c = clock;
        Duration t = handshakeTimeout;
        if (c != null) {
            tls.withClock(c);
        } else if (creator.closeNotifyTimeout() != null && !warned) {
            tls.whenConnectedWithoutClock(this::warnNoClock);
        }
        return c == null || t == null ? tls : tls.withHandshakeTimeout(c, t);
    }

    /**
     * Logs, for the first connection without a clock (none given here, none from its transport), that
     * the {@code close_notify} wait the options bound is not enforced.
     */
    private void warnNoClock() {
        Duration wait = creator.closeNotifyTimeout();
        if (wait == null || warned) {
            return;
        }
        warned = true;
        LOG.log(
                Level.WARNING,
                "TLSMemoryBIOFactory wrapping {0} has no clock, and its connection''s transport gives none (it is"
                        + " not on a reactor), so the {1} wait for the peer''s close_notify that its options set is"
                        + " not enforced and a peer that never answers holds its connection open; call"
                        + " withClock(clock) on the factory, or withoutCloseNotifyTimeout() on the options to wait"
                        + " for ever as Twisted does",
                wrappedFactory,
                wait.toMillis() % 1000 == 0 ? wait.toSeconds() + " s" : wait.toMillis() + " ms");
    }

    /** Passes the start on to the wrapped factory, then counts it here. */
    @Override
    public void doStart() {
        wrappedFactory.doStart();
        super.doStart();
    }

    /** Passes the stop on to the wrapped factory, then counts it here. */
    @Override
    public void doStop() {
        wrappedFactory.doStop();
        super.doStop();
    }

    /** Passes the hook on, with the same connector, if the wrapped factory is a {@link ClientFactory}. */
    @Override
    public void startedConnecting(IConnector connector) {
        if (wrappedFactory instanceof ClientFactory client) {
            client.startedConnecting(connector);
        }
    }

    /** Passes the hook on, with the same connector, if the wrapped factory is a {@link ClientFactory}. */
    @Override
    public void clientConnectionFailed(IConnector connector, Failure reason) {
        if (wrappedFactory instanceof ClientFactory client) {
            client.clientConnectionFailed(connector, reason);
        }
    }

    /**
     * Passes the hook on, with the same connector and the reason the wrapped protocol got, if the wrapped
     * factory is a {@link ClientFactory}.
     */
    @Override
    public void clientConnectionLost(IConnector connector, Failure reason) {
        if (wrappedFactory instanceof ClientFactory client) {
            client.clientConnectionLost(connector, reason);
        }
    }

    /**
     * Tells a wrapped factory that is an {@link IConnectionMadeListener} that the protocol it built has
     * returned from {@code connectionMade}, passing that protocol (not the TLS layer over it). TLS connects
     * it when the transport connects, so this comes before the handshake, as a Twisted TLS client
     * endpoint fires then with the wrapped protocol.
     */
    @Override
    public void connectionMade(IProtocol protocol) {
        if (wrappedFactory instanceof IConnectionMadeListener listener) {
            listener.connectionMade(protocol instanceof TLSMemoryBIOProtocol tls ? tls.wrappedProtocol() : protocol);
        }
    }

    /**
     * Refuses a supplier: the wrapped factory builds the protocols.
     *
     * @throws UnsupportedOperationException always; set the wrapped factory's supplier instead
     */
    @Override
    public void setProtocol(@Nullable Supplier<? extends IProtocol> protocol) {
        throw new UnsupportedOperationException("a TLSMemoryBIOFactory builds its protocols with the factory it"
                + " wraps; set the supplier on that factory (wrappedFactory()) instead");
    }
}
