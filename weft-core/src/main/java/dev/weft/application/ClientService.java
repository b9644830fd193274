package dev.weft.application;

import dev.weft.defer.CancelledError;
import dev.weft.defer.Deferred;
import dev.weft.defer.Failure;
import dev.weft.internet.IDelayedCall;
import dev.weft.internet.IProtocol;
import dev.weft.internet.IProtocolFactory;
import dev.weft.internet.IReactorTime;
import dev.weft.internet.ITransport;
import dev.weft.internet.endpoints.IStreamClientEndpoint;
import java.lang.System.Logger.Level;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.IntToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * Twisted's {@code twisted.application.internet.ClientService}: keeps one connection to a client endpoint up,
 * reconnecting after a delay whenever an attempt fails or the connection is lost. It replaces a {@code
 * ReconnectingClientFactory}: the retries live in the service, not in the factory, and {@link #whenConnected()} hands
 * out the connected protocol.
 *
 * <pre>{@code
 * ClientService service = new ClientService(
 *         Endpoints.clientFromString(reactor, "tcp:host=example.org:port=6667"), factory, reactor);
 * service.startService();
 * service.whenConnected().addCallback(p -> ((IrcClient) p).join("#weft"));
 * }</pre>
 *
 * <p>The states are those of Twisted's {@code _ClientMachine} ({@link State}). The n-th retry in a row waits {@code
 * retryPolicy.applyAsDouble(n)} seconds on the clock ({@link #backoffPolicy()} by default: 1.5 s, 2.25 s, ... up to
 * 60 s, plus up to a second of jitter); a connection that was made resets the count. There is no global reactor in
 * weft, so the clock is an argument (the reactor itself, or a {@code Clock} in a test); and there is no {@code
 * IService}: see DEVIATIONS.md. Confined to the reactor thread.
 */
public final class ClientService {
    private static final System.Logger LOG = System.getLogger(ClientService.class.getName());

    /** The states of Twisted's {@code _ClientMachine}, named without its underscore. */
    public enum State {
        /** Never started. */
        INIT,
        /** An attempt (with {@code prepareConnection}, if any) is under way. */
        CONNECTING,
        /** Waiting out the delay before the next attempt. */
        WAITING,
        /** Connected; {@link #whenConnected()} fires at once with the protocol. */
        CONNECTED,
        /** Stopped while connected; waiting for the connection to close. */
        DISCONNECTING,
        /** Started again while disconnecting: connects once the old connection has closed. */
        RESTARTING,
        /** Stopped, and nothing is connected or pending. */
        STOPPED
    }

    /** Twisted's {@code prepareConnection}: readies (authenticates, checks) each new connection before it is used. */
    @FunctionalInterface
    public interface PrepareConnection {
        /**
         * Prepares {@code protocol}, just connected.
         * @return null or a Deferred whose success makes the connection the current one; an exception or a failed
         *     Deferred rejects it (it is closed and counts as a failed attempt)
         */
        @Nullable
        Deferred<?> prepare(IProtocol protocol) throws Exception;
    }

    private final IStreamClientEndpoint endpoint;
    private final IProtocolFactory factory;
    private final IntToDoubleFunction retryPolicy;
    private final IReactorTime clock;
    private final @Nullable PrepareConnection prepareConnection;

    private State state = State.INIT;
    private boolean running;
    private @Nullable String name;
    private int failedAttempts;
    private Deferred<?> connectionInProgress = Deferred.succeed(null);
    private @Nullable Attempt attempt;
    private @Nullable IDelayedCall retryCall;
    private @Nullable IProtocol currentConnection;
    private @Nullable ITransport currentTransport;
    private List<Waiter> awaitingConnected = new ArrayList<>();
    private List<Deferred<@Nullable Void>> stopWaiters = new ArrayList<>();

    /** Creates a service with Twisted's default back-off and no {@code prepareConnection}; see the other constructor. */
    public ClientService(IStreamClientEndpoint endpoint, IProtocolFactory factory, IReactorTime clock) {
        this(endpoint, factory, null, clock, null);
    }

    /**
     * Creates a service that connects {@code endpoint} with protocols from {@code factory} once started.
     * @param retryPolicy the delay, in seconds, before the next attempt after n failures in a row (n from 1); null
     *     for {@link #backoffPolicy()}
     * @param clock where retries are scheduled: the reactor, or a {@code Clock} in a test
     * @param prepareConnection called with each new protocol before {@link #whenConnected()} gets it; null for none
     */
    public ClientService(
            IStreamClientEndpoint endpoint,
            IProtocolFactory factory,
            @Nullable IntToDoubleFunction retryPolicy,
            IReactorTime clock,
            @Nullable PrepareConnection prepareConnection) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.factory = Objects.requireNonNull(factory, "factory");
        this.retryPolicy = retryPolicy != null ? retryPolicy : backoffPolicy();
        this.clock = Objects.requireNonNull(clock, "clock: pass the reactor (weft has no global reactor) or a Clock");
        this.prepareConnection = prepareConnection;
    }

    /** {@return Twisted's default policy: {@code backoffPolicy(1.0, 60.0, 1.5, random)}} */
    public static IntToDoubleFunction backoffPolicy() {
        return backoffPolicy(1.0, 60.0, 1.5, () -> ThreadLocalRandom.current().nextDouble());
    }

    /**
     * Twisted's {@code backoffPolicy}: after n failures in a row, waits {@code min(initialDelay * factor^min(100, n),
     * maxDelay) + jitter.getAsDouble()} seconds ({@code maxDelay} where the power overflows).
     * @param jitter called once per delay (Twisted: {@code random.random}); a constant one makes delays predictable
     */
    public static IntToDoubleFunction backoffPolicy(
            double initialDelay, double maxDelay, double factor, DoubleSupplier jitter) {
        Objects.requireNonNull(jitter, "jitter");
        return attempt -> {
            double power = Math.pow(factor, Math.min(100, attempt));
            double delay = Double.isInfinite(power) ? maxDelay : Math.min(initialDelay * power, maxDelay);
            return delay + jitter.getAsDouble();
        };
    }

    /**
     * Starts connecting (Twisted's {@code startService}). A service that was stopped connects again; one still
     * closing its connection after {@link #stopService()} reconnects once that connection has closed ({@link
     * State#RESTARTING}). A second call while running only logs a warning.
     */
    public void startService() {
        if (running) {
            LOG.log(Level.WARNING, "Duplicate ClientService.startService {0}", this);
            return;
        }
        running = true;
        switch (state) {
            case INIT, STOPPED -> {
                state = State.CONNECTING;
                connect();
            }
            case DISCONNECTING -> {
                state = State.RESTARTING;
                failedAttempts = 0;
            }
            default -> {}
        }
    }

    /**
     * Stops retrying and closes the connection (Twisted's {@code stopService}). Pending {@link #whenConnected()}
     * Deferreds fail with {@link CancelledError}.
     * @return a Deferred that fires with null once the connection is closed, the attempt cancelled or the pending retry
     *     cancelled
     */
    public Deferred<@Nullable Void> stopService() {
        running = false;
        switch (state) {
            case INIT, STOPPED -> {
                state = State.STOPPED;
                return Deferred.succeed(null);
            }
            case CONNECTING -> {
                state = State.DISCONNECTING;
                Deferred<@Nullable Void> d = waitForStop();
                connectionInProgress.cancel(); // fails the attempt at once, which stops the service
                return d;
            }
            case WAITING -> {
                state = State.STOPPED;
                Deferred<@Nullable Void> d = waitForStop();
                unawait(new Failure(new CancelledError()));
                IDelayedCall call = retryCall;
                retryCall = null;
                if (call != null) {
                    call.cancel();
                }
                finishStopping();
                return d;
            }
            case CONNECTED -> {
                state = State.DISCONNECTING;
                Deferred<@Nullable Void> d = waitForStop();
                ITransport t = currentTransport;
                if (t != null) {
                    t.loseConnection();
                }
                return d;
            }
            default -> { // DISCONNECTING, RESTARTING
                state = State.DISCONNECTING;
                return waitForStop();
            }
        }
    }

    /**
     * Returns the current protocol, or the next one to connect: Twisted's {@code whenConnected()}. The Deferred fails
     * only with {@link CancelledError}, when the service stops (at once if it is stopped); a failed attempt does not
     * fail it. It fires with the application's protocol, the one the factory built.
     */
    public Deferred<IProtocol> whenConnected() {
        return whenConnected(null);
    }

    /**
     * Returns the current protocol, or the next one to connect, as Twisted's {@code whenConnected(failAfterFailures)}.
     * @param failAfterFailures fail with the attempt's failure once this many attempts in a row have failed from now (1:
     *     the next failure); null: fail only when the service stops
     * @throws IllegalArgumentException if {@code failAfterFailures} is below 1
     */
    public Deferred<IProtocol> whenConnected(@Nullable Integer failAfterFailures) {
        if (failAfterFailures != null && failAfterFailures < 1) {
            throw new IllegalArgumentException("failAfterFailures must be 1 or more (1 fails on the next failed"
                    + " attempt), or null to wait until the service stops, not " + failAfterFailures);
        }
        return switch (state) {
            case CONNECTED -> Deferred.succeed(currentConnection);
            case STOPPED -> Deferred.fail(new CancelledError());
            default -> {
                Deferred<IProtocol> result = new Deferred<>();
                awaitingConnected.add(new Waiter(result, failAfterFailures));
                yield result;
            }
        };
    }

    /** {@return whether the service was started and not stopped since: Twisted's {@code running}} */
    public boolean isRunning() {
        return running;
    }

    /** {@return the state of the connection machine: Twisted's {@code _ClientMachine} state, which it keeps private} */
    public State state() {
        return state;
    }

    /**
     * {@return how many failures in a row the service has seen}: a refused attempt, a rejected {@code
     * prepareConnection} or the loss of the connection each count one, and a connection made sets it to 0. The next
     * delay is the retry policy's value for this count.
     */
    public int failedAttempts() {
        return failedAttempts;
    }

    /** {@return the service's name, or null: Twisted's {@code name}} */
    public @Nullable String name() {
        return name;
    }

    /** Sets the name shown in log lines and {@link #toString()}. */
    public void setName(@Nullable String name) {
        this.name = name;
    }

    @Override
    public String toString() {
        return "ClientService" + (name != null ? " " + name : "") + " for " + endpoint + " (" + state + ")";
    }

    private void connect() {
        Attempt a = new Attempt();
        attempt = a;
        Deferred<IProtocol> connecting;
        try {
            connecting = endpoint.connect(a.factory);
        } catch (RuntimeException e) {
            connecting = Deferred.fail(e);
        }
        connectionInProgress = connecting
                .addCallbackDeferring(p -> prepare(a))
                .addCallback(p -> {
                    connectionMade(a);
                    return null;
                })
                .addErrback(f -> {
                    connectionFailed(a, f);
                    return null;
                });
    }

    private Deferred<IProtocol> prepare(Attempt a) {
        ReconnectingProtocolProxy proxy = a.factory.built();
        if (proxy == null) {
            return Deferred.fail(new IllegalStateException(endpoint + " reported a connection its factory never built"
                    + " a protocol for: a client endpoint must call buildProtocol on the factory it is given"));
        }
        IProtocol protocol = proxy.wrapped;
        if (protocol == null) {
            return Deferred.fail(new IllegalStateException(factory + ".buildProtocol returned null: " + this
                    + " closed the connection and will retry; return a protocol for every connection"));
        }
        PrepareConnection prepare = prepareConnection;
        if (prepare == null) {
            return Deferred.succeed(protocol);
        }
        return Deferred.maybeDeferredDeferring(() -> {
                    Deferred<?> d = prepare.prepare(protocol);
                    return d != null ? d : Deferred.succeed(null);
                })
                .addCallback(ignored -> protocol);
    }

    private void connectionMade(Attempt a) {
        ReconnectingProtocolProxy proxy = Objects.requireNonNull(a.factory.built());
        if (state != State.CONNECTING || a != attempt) {
            close(proxy);
            return;
        }
        Failure lost = a.lostWhilePreparing;
        if (lost != null) { // weft: Twisted would keep a dead connection as the current one
            connectionFailed(a, lost);
            return;
        }
        state = State.CONNECTED;
        failedAttempts = 0;
        currentConnection = proxy.wrapped;
        currentTransport = proxy.transport();
        unawait(currentConnection);
    }

    private void connectionFailed(Attempt a, Failure f) {
        ReconnectingProtocolProxy proxy = a.factory.built();
        if (proxy != null) {
            close(proxy); // weft: a connection that prepareConnection rejected is not left open
        }
        if (a != attempt) {
            return;
        }
        if (state == State.CONNECTING) {
            state = State.WAITING;
            scheduleRetry();
            deliverConnectionFailure(f);
        } else if (state == State.DISCONNECTING) {
            state = State.STOPPED;
            unawait(new Failure(new CancelledError()));
            finishStopping();
        }
    }

    private void clientDisconnected(Attempt a, Failure reason) {
        if (a != attempt) {
            return; // a connection this service already gave up on
        }
        switch (state) {
            case CONNECTED -> {
                state = State.WAITING;
                forgetConnection();
                scheduleRetry();
            }
            case DISCONNECTING -> {
                state = State.STOPPED;
                unawait(new Failure(new CancelledError()));
                finishStopping();
                forgetConnection();
            }
            case RESTARTING -> {
                state = State.CONNECTING;
                forgetConnection();
                finishStopping();
                connect();
            }
            case CONNECTING -> a.lostWhilePreparing = reason;
            default -> {}
        }
    }

    private void reconnect() {
        retryCall = null;
        if (state == State.WAITING) {
            state = State.CONNECTING;
            connect();
        }
    }

    private void scheduleRetry() {
        failedAttempts++;
        double delay = retryPolicy.applyAsDouble(failedAttempts);
        LOG.log(
                Level.INFO,
                "Scheduling retry {0} to connect {1} in {2} seconds.",
                failedAttempts,
                endpoint,
                seconds(delay));
        retryCall = clock.callLater(delay, this::reconnect);
    }

    /** Writes a delay to the millisecond, without trailing zeros: 0.3, 2.25, 5.063, 60. */
    static String seconds(double delay) {
        if (!Double.isFinite(delay)) {
            return Double.toString(delay);
        }
        return BigDecimal.valueOf(delay)
                .setScale(3, RoundingMode.HALF_UP)
                .stripTrailingZeros()
                .toPlainString();
    }

    private void deliverConnectionFailure(Failure f) {
        List<Waiter> ready = new ArrayList<>();
        List<Waiter> notReady = new ArrayList<>();
        for (Waiter w : awaitingConnected) {
            if (w.remaining == null) {
                notReady.add(w);
            } else if (w.remaining <= 1) {
                ready.add(w);
            } else {
                notReady.add(new Waiter(w.deferred, w.remaining - 1));
            }
        }
        awaitingConnected = notReady;
        for (Waiter w : ready) {
            w.deferred.errback(f);
        }
    }

    private void unawait(@Nullable IProtocol protocol) {
        List<Waiter> waiting = awaitingConnected;
        awaitingConnected = new ArrayList<>();
        for (Waiter w : waiting) {
            w.deferred.callback(protocol);
        }
    }

    private void unawait(Failure failure) {
        List<Waiter> waiting = awaitingConnected;
        awaitingConnected = new ArrayList<>();
        for (Waiter w : waiting) {
            w.deferred.errback(failure);
        }
    }

    private Deferred<@Nullable Void> waitForStop() {
        Deferred<@Nullable Void> d = new Deferred<>();
        stopWaiters.add(d);
        return d;
    }

    private void finishStopping() {
        List<Deferred<@Nullable Void>> waiting = stopWaiters;
        stopWaiters = new ArrayList<>();
        for (Deferred<@Nullable Void> w : waiting) {
            w.callback(null);
        }
    }

    private void forgetConnection() {
        currentConnection = null;
        currentTransport = null;
    }

    private static void close(ReconnectingProtocolProxy proxy) {
        ITransport t = proxy.transport();
        if (t != null && !proxy.isLost()) {
            t.loseConnection();
        }
    }

    /** A {@code whenConnected} Deferred and how many more failures it waits for (null: it never fails on them). */
    private record Waiter(
            Deferred<IProtocol> deferred, @Nullable Integer remaining) {}

    /** One connection attempt: its factory, and the connection's loss if it came while prepareConnection ran. */
    private final class Attempt {
        final DisconnectFactory factory;

        @Nullable
        Failure lostWhilePreparing;

        Attempt() {
            this.factory =
                    new DisconnectFactory(ClientService.this.factory, reason -> clientDisconnected(this, reason));
        }
    }
}
