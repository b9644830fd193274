package dev.weft.cli;

import dev.weft.defer.Deferred;
import dev.weft.internet.Factory;
import dev.weft.internet.IAddress;
import dev.weft.internet.IDelayedCall;
import dev.weft.internet.IProtocol;
import dev.weft.internet.IReactorTime;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.endpoints.IStreamClientEndpoint;
import dev.weft.internet.testing.Faults;
import dev.weft.internet.testing.capture.Side;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the books of {@code tap} on the reactor thread: numbers accepted connections, connects each
 * to the target, tracks the open ones, and hands each finished one to {@code onFinished}.
 *
 * <p>Confined to the reactor thread.
 */
final class Tap {
    private final IStreamClientEndpoint endpoint;
    private final String target;
    private final CaptureLog log;
    private final Consumer<TapConnection> onFinished;
    private final OpenConnections<TapConnection> open = new OpenConnections<>();
    private @Nullable Faults faults;
    private @Nullable IReactorTime clock;
    private long connectTimeoutNanos;
    private @Nullable IReactorTime connectClock;
    private long idleTimeoutNanos;
    private @Nullable IReactorTime idleClock;
    private int accepted;
    private long fromClients;
    private long fromServers;

    Tap(IStreamClientEndpoint endpoint, String target, CaptureLog log, Consumer<TapConnection> onFinished) {
        this.endpoint = endpoint;
        this.target = target;
        this.log = log;
        this.onFinished = onFinished;
    }

    /** Returns the factory to listen with: the client leg of a new {@link TapConnection} per connection. */
    ServerFactory factory() {
        ServerFactory factory = new ServerFactory() {
            @Override
            public @Nullable IProtocol buildProtocol(IAddress addr) {
                TapConnection connection = new TapConnection(++accepted, Tap.this, log);
                return new TapLeg(Side.CLIENT, connection);
            }
        };
        factory.setNoisy(false);
        return factory;
    }

    /** Applies {@code faults} to every later connection, on {@code clock}'s timers. */
    void setFaults(Faults faults, IReactorTime clock) {
        this.faults = faults.isEmpty() ? null : faults;
        this.clock = clock;
    }

    /** Gives up connecting a server leg after {@code nanos} on {@code clock}'s timers (0: only the endpoint's own). */
    void setConnectTimeout(long nanos, IReactorTime clock) {
        this.connectTimeoutNanos = nanos;
        this.connectClock = clock;
    }

    /**
     * Cuts every later connection through which no bytes have passed either way for {@code nanos}, on {@code
     * clock}'s timers (0: never).
     */
    void setIdleTimeout(long nanos, IReactorTime clock) {
        this.idleTimeoutNanos = nanos;
        this.idleClock = clock;
    }

    /** Returns the idle timeout in seconds, or 0 for none. */
    double idleTimeout() {
        return idleClock == null ? 0 : idleTimeoutNanos / 1e9;
    }

    /** Returns the time on the idle timeout's clock, in seconds (0 without an idle timeout). */
    double idleNow() {
        IReactorTime c = idleClock;
        return c == null ? 0 : c.seconds();
    }

    /** Runs {@code check} in {@code seconds} on the idle timeout's clock; null without an idle timeout. */
    @Nullable
    IDelayedCall idleCheck(double seconds, Runnable check) {
        IReactorTime c = idleClock;
        return c == null || idleTimeoutNanos <= 0 ? null : c.callLater(seconds, check);
    }

    /**
     * Says why the tap cut a connection as idle, for the capture: {@code stalled} names a leg whose TLS handshake
     * had not completed ({@code client} or {@code server}), or is null when bytes could have passed.
     */
    String idleTimedOut(@Nullable String stalled) {
        String t = Units.seconds(idleTimeoutNanos);
        return stalled != null
                ? "idle: no TLS handshake with the " + stalled + " within " + t + " (--idle-timeout)"
                : "idle: no bytes passed either way for " + t + " (--idle-timeout)";
    }

    /** Says that connecting to the target took longer than the connect timeout, for the capture and report. */
    String connectTimedOut() {
        return "cannot connect to " + target + ": no answer within " + Units.seconds(connectTimeoutNanos)
                + " (--connect-timeout); check that the host is up and that no firewall drops the traffic";
    }

    /**
     * Says that a TLS server accepted the connection but did not complete the handshake within the
     * connect timeout, for the capture and report.
     */
    String handshakeTimedOut() {
        return "cannot connect to " + target + ": no TLS handshake within " + Units.seconds(connectTimeoutNanos)
                + " (--connect-timeout); check that the server speaks TLS on this port";
    }

    /** Returns the time on the connect timeout's clock, in seconds (0 without a connect timeout). */
    double now() {
        IReactorTime c = connectClock;
        return c == null ? 0 : c.seconds();
    }

    /**
     * Bounds a TLS server leg's handshake by what is left of the connect timeout begun at {@code startedAt}
     * ({@link #now()} when the connect began): a TLS server leg counts as connected only once its handshake
     * completes. Returns the timer that runs {@code onTimeout}, or null without a connect timeout.
     */
    @Nullable
    IDelayedCall handshakeTimeout(double startedAt, Runnable onTimeout) {
        IReactorTime c = connectClock;
        if (c == null || connectTimeoutNanos <= 0) {
            return null;
        }
        return c.callLater(Math.max(startedAt + connectTimeoutNanos / 1e9 - c.seconds(), 0), onTimeout);
    }

    /** Returns the faults of every later connection (each seeded for it by {@link TapConnection}). */
    Faults faults() {
        Faults f = faults;
        return f == null ? Faults.none() : f;
    }

    /** Returns the clock that times the faults, or null without faults. */
    @Nullable
    IReactorTime clock() {
        return faults == null ? null : clock;
    }

    String target() {
        return target;
    }

    void opened(TapConnection connection) {
        open.opened(connection.id(), connection);
    }

    Deferred<IProtocol> connect(TapConnection connection) {
        Factory factory = Factory.forProtocol(() -> new TapLeg(Side.SERVER, connection));
        factory.setNoisy(false);
        Deferred<IProtocol> connecting = endpoint.connect(factory);
        IReactorTime c = connectClock;
        if (c != null && connectTimeoutNanos > 0) {
            connecting.addTimeout(connectTimeoutNanos / 1e9, c);
        }
        return connecting;
    }

    void finished(TapConnection connection) {
        open.forget(connection.id());
        fromClients += connection.bytesFrom(Side.CLIENT);
        fromServers += connection.bytesFrom(Side.SERVER);
        onFinished.accept(connection);
        open.settle();
    }

    /** Aborts every open connection as interrupted; the Deferred fires once all have finished. */
    Deferred<Void> interruptAll() {
        return open.interruptAll(TapConnection::interrupt);
    }

    long fromClients() {
        return fromClients;
    }

    long fromServers() {
        return fromServers;
    }
}
