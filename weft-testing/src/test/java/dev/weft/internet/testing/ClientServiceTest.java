package dev.weft.internet.testing;

import static dev.weft.internet.testing.DeferredAssertions.assertNoResult;
import static dev.weft.internet.testing.DeferredAssertions.failureResultOf;
import static dev.weft.internet.testing.DeferredAssertions.successResultOf;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.application.ClientService;
import dev.weft.application.ClientService.PrepareConnection;
import dev.weft.application.ClientService.State;
import dev.weft.defer.CancelledError;
import dev.weft.defer.Deferred;
import dev.weft.defer.Failure;
import dev.weft.internet.ClientFactory;
import dev.weft.internet.ConnectTimeoutError;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.ConnectionRefusedError;
import dev.weft.internet.IAddress;
import dev.weft.internet.IDelayedCall;
import dev.weft.internet.IHalfCloseableProtocol;
import dev.weft.internet.IProtocol;
import dev.weft.internet.Protocol;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.endpoints.Endpoints;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * {@link ClientService} on the memory kit: a {@link MemoryReactorClock} whose recorded attempts a {@link
 * ConnectionCompleter} completes or refuses, through a client endpoint, as Twisted's own ClientService tests do with
 * their connection queue. The back-off numbers are Twisted 22.4's, printed by the program in the comment above them.
 */
final class ClientServiceTest {
    private static final int PORT = 4000;

    private final MemoryReactorClock reactor = new MemoryReactorClock();
    private final ConnectionCompleter completer = new ConnectionCompleter(reactor);
    private final List<Client> built = new ArrayList<>();

    /** Records its events; the factory below keeps every one it builds. */
    static final class Client extends Protocol {
        final List<String> events = new ArrayList<>();

        @Override
        public void connectionMade() {
            events.add("connectionMade");
        }

        @Override
        public void connectionLost(Failure reason) {
            events.add("connectionLost " + reason.type().getSimpleName());
        }
    }

    ClientServiceTest() {
        reactor.listenTCP(PORT, ServerFactory.forProtocol(Protocol::new));
    }

    private ClientFactory factory() {
        return ClientFactory.forProtocol(() -> {
            Client c = new Client();
            built.add(c);
            return c;
        });
    }

    private ClientService service() {
        return service(null, null);
    }

    /** A service with jitter fixed at 0, so the n-th retry in a row waits 1.5^n seconds. */
    private ClientService service(@Nullable IntToDoubleFunction policy, @Nullable PrepareConnection prepare) {
        return new ClientService(
                Endpoints.clientFromString(reactor, "tcp:host=127.0.0.1:port=" + PORT),
                factory(),
                policy != null ? policy : ClientService.backoffPolicy(1.0, 60.0, 1.5, () -> 0.0),
                reactor,
                prepare);
    }

    /** The delay of the one pending retry. */
    private double pendingDelay() {
        List<IDelayedCall> calls = reactor.getDelayedCalls();
        assertThat(calls).hasSize(1);
        return calls.get(0).getTime() - reactor.seconds();
    }

    private IOPump succeed() {
        IOPump pump = completer.succeedOnce();
        assertThat(pump).as("a recorded attempt to complete").isNotNull();
        return pump;
    }

    /** The server closes the connection; the client hears it. */
    private static void serverCloses(IOPump pump) {
        pump.serverIO().loseConnection();
        pump.flush();
    }

    // Twisted's numbers: /usr/bin/python3 with Twisted 22.4 ran
    //   svc = ClientService(Refusing(), Factory.forProtocol(Protocol),
    //                       retryPolicy=backoffPolicy(jitter=lambda: 0.25), clock=Clock())
    // against an endpoint whose connect() returns fail(ConnectionRefusedError()), started it, and 20 times read the
    // one delayed call's getTime() - clock.seconds() and advanced the clock by it.
    private static final double[] TWISTED_SERVICE_DELAYS = {
        1.75,
        2.5,
        3.625,
        5.3125,
        7.84375,
        11.640625,
        17.3359375,
        25.87890625,
        38.693359375,
        57.9150390625,
        60.25,
        60.25,
        60.25,
        60.25,
        60.25,
        60.25,
        60.25,
        60.25,
        60.25,
        60.25
    };
    // backoffPolicy(initialDelay=0.5, maxDelay=10.0, factor=2.0, jitter=lambda: 0.0) for attempts 0..7.
    private static final double[] TWISTED_CUSTOM_POLICY = {0.5, 1.0, 2.0, 4.0, 8.0, 10.0, 10.0, 10.0};
    // backoffPolicy(initialDelay=0.0, maxDelay=7.0, factor=1e4, jitter=lambda: 0.0) for attempts 1, 99, 100, 101,
    // 1000: from attempt 99 on, 1e4 ** attempt overflows and Twisted takes maxDelay.
    private static final int[] OVERFLOW_ATTEMPTS = {1, 99, 100, 101, 1000};
    private static final double[] TWISTED_OVERFLOW_POLICY = {0.0, 7.0, 7.0, 7.0, 7.0};

    @Test
    void theDefaultBackOffWithAFixedJitterWaitsWhatTwistedsDoes() {
        ClientService service = service(ClientService.backoffPolicy(1.0, 60.0, 1.5, () -> 0.25), null);
        service.startService();
        double[] delays = new double[TWISTED_SERVICE_DELAYS.length];
        for (int i = 0; i < delays.length; i++) {
            completer.failOnce();
            assertThat(service.state()).isEqualTo(State.WAITING);
            delays[i] = pendingDelay();
            reactor.advance(delays[i]);
            assertThat(service.state()).isEqualTo(State.CONNECTING);
        }
        assertThat(delays).containsExactly(TWISTED_SERVICE_DELAYS);
        assertThat(service.failedAttempts()).isEqualTo(20);
    }

    @Test
    void backoffPolicyComputesTwistedsFormulaAndTakesMaxDelayWhereThePowerOverflows() {
        IntToDoubleFunction custom = ClientService.backoffPolicy(0.5, 10.0, 2.0, () -> 0.0);
        for (int attempt = 0; attempt < TWISTED_CUSTOM_POLICY.length; attempt++) {
            assertThat(custom.applyAsDouble(attempt))
                    .as("attempt %d", attempt)
                    .isEqualTo(TWISTED_CUSTOM_POLICY[attempt]);
        }
        IntToDoubleFunction overflow = ClientService.backoffPolicy(0.0, 7.0, 1e4, () -> 0.0);
        for (int i = 0; i < OVERFLOW_ATTEMPTS.length; i++) {
            assertThat(overflow.applyAsDouble(OVERFLOW_ATTEMPTS[i]))
                    .as("attempt %d", OVERFLOW_ATTEMPTS[i])
                    .isEqualTo(TWISTED_OVERFLOW_POLICY[i]);
        }
    }

    @Test
    void theDefaultPolicyAddsAJitterBetweenZeroAndOne() {
        IntToDoubleFunction policy = ClientService.backoffPolicy();
        for (int i = 0; i < 100; i++) {
            assertThat(policy.applyAsDouble(1)).isBetween(1.5, 2.5);
        }
    }

    @Test
    void connectsWhenStartedAndHandsTheProtocolToWhenConnected() {
        ClientService service = service();
        Deferred<IProtocol> beforeStart = service.whenConnected();
        assertThat(service.state()).isEqualTo(State.INIT);
        assertThat(reactor.tcpClients()).isEmpty();

        service.startService();
        assertThat(service.isRunning()).isTrue();
        assertThat(service.state()).isEqualTo(State.CONNECTING);
        Deferred<IProtocol> whileConnecting = service.whenConnected();
        assertNoResult(beforeStart);

        succeed();

        assertThat(service.state()).isEqualTo(State.CONNECTED);
        assertThat(built).hasSize(1);
        assertThat(successResultOf(beforeStart)).isSameAs(built.get(0));
        assertThat(successResultOf(whileConnecting)).isSameAs(built.get(0));
        assertThat(successResultOf(service.whenConnected())).isSameAs(built.get(0));
        assertThat(built.get(0).events).containsExactly("connectionMade");
    }

    @Test
    void aLostConnectionIsPassedOnAndReconnectsAfterTheFirstDelay() {
        ClientService service = service();
        service.startService();
        completer.failOnce();
        reactor.advance(pendingDelay());
        IOPump pump = succeed();
        assertThat(service.failedAttempts()).isZero();

        serverCloses(pump);

        assertThat(built.get(0).events).containsExactly("connectionMade", "connectionLost ConnectionDone");
        assertThat(service.state()).isEqualTo(State.WAITING);
        assertThat(pendingDelay()).isEqualTo(1.5); // the count started again: retry 1
        Deferred<IProtocol> next = service.whenConnected();
        reactor.advance(1.5);
        assertThat(service.state()).isEqualTo(State.CONNECTING);
        succeed();
        assertThat(successResultOf(next)).isSameAs(built.get(1));
    }

    @Test
    void whenConnectedWithFailAfterFailuresFailsWithTheAttemptsFailure() {
        ClientService service = service();
        service.startService();
        Deferred<IProtocol> never = service.whenConnected();
        Deferred<IProtocol> one = service.whenConnected(1);
        Deferred<IProtocol> two = service.whenConnected(2);
        Failure refused = new Failure(new ConnectionRefusedError());

        completer.failOnce(refused);
        assertThat(failureResultOf(one, ConnectionRefusedError.class)).isSameAs(refused);
        assertNoResult(two);

        reactor.advance(pendingDelay());
        Failure timedOut = new Failure(new ConnectTimeoutError());
        completer.failOnce(timedOut);
        assertThat(failureResultOf(two, ConnectTimeoutError.class)).isSameAs(timedOut);
        assertNoResult(never);

        reactor.advance(pendingDelay());
        succeed();
        assertThat(successResultOf(never)).isSameAs(built.get(0));
    }

    @Test
    void failAfterFailuresCountsFromTheCallAndRefusesLessThanOne() {
        ClientService service = service();
        service.startService();
        completer.failOnce();
        Deferred<IProtocol> one = service.whenConnected(1);
        assertNoResult(one);
        reactor.advance(pendingDelay());
        completer.failOnce();
        failureResultOf(one, ConnectionRefusedError.class);

        assertThatThrownBy(() -> service.whenConnected(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("failAfterFailures must be 1 or more")
                .hasMessageContaining("not 0");
    }

    @Test
    void stopBeforeStartStopsAtOnceAndWhenConnectedThenFails() {
        ClientService service = service();
        Deferred<IProtocol> waiting = service.whenConnected();

        assertThat(successResultOf(service.stopService())).isNull();

        assertThat(service.state()).isEqualTo(State.STOPPED);
        assertNoResult(waiting); // as in Twisted: _init -> _stopped does not cancel the waiters
        failureResultOf(service.whenConnected(), CancelledError.class);
        assertThat(successResultOf(service.stopService())).isNull();
    }

    @Test
    void stopWhileConnectingCancelsTheAttemptAndTheWaiters() {
        ClientService service = service();
        service.startService();
        Deferred<IProtocol> waiting = service.whenConnected();

        Deferred<@Nullable Void> stopped = service.stopService();

        assertThat(successResultOf(stopped)).isNull();
        assertThat(service.state()).isEqualTo(State.STOPPED);
        assertThat(service.isRunning()).isFalse();
        failureResultOf(waiting, CancelledError.class);
        assertThat(reactor.tcpClients().get(0).connector().isStoppedConnecting())
                .isTrue();
        assertThat(reactor.getDelayedCalls()).isEmpty();
    }

    @Test
    void stopWhileWaitingCancelsThePendingRetry() {
        ClientService service = service();
        service.startService();
        completer.failOnce();
        Deferred<IProtocol> waiting = service.whenConnected();
        assertThat(reactor.getDelayedCalls()).hasSize(1);

        Deferred<@Nullable Void> stopped = service.stopService();

        assertThat(successResultOf(stopped)).isNull();
        assertThat(service.state()).isEqualTo(State.STOPPED);
        assertThat(reactor.getDelayedCalls()).isEmpty();
        failureResultOf(waiting, CancelledError.class);
        reactor.advance(100);
        assertThat(reactor.tcpClients()).isEmpty();
    }

    @Test
    void stopWhileConnectedClosesTheConnectionAndFiresOnceItIsClosed() {
        ClientService service = service();
        service.startService();
        IOPump pump = succeed();

        Deferred<@Nullable Void> stopped = service.stopService();
        Deferred<@Nullable Void> again = service.stopService();

        assertThat(service.state()).isEqualTo(State.DISCONNECTING);
        assertThat(pump.clientIO().isDisconnecting()).isTrue();
        assertNoResult(stopped);
        Deferred<IProtocol> waiting = service.whenConnected();
        pump.flush();
        assertThat(built.get(0).events).containsExactly("connectionMade", "connectionLost ConnectionDone");
        assertThat(successResultOf(stopped)).isNull();
        assertThat(successResultOf(again)).isNull();
        assertThat(service.state()).isEqualTo(State.STOPPED);
        failureResultOf(waiting, CancelledError.class);
        assertThat(reactor.getDelayedCalls()).isEmpty();
    }

    @Test
    void startWhileDisconnectingRestartsOnceTheOldConnectionHasClosed() {
        ClientService service = service();
        service.startService();
        IOPump pump = succeed();
        Deferred<@Nullable Void> stopped = service.stopService();

        service.startService();

        assertThat(service.state()).isEqualTo(State.RESTARTING);
        Deferred<IProtocol> next = service.whenConnected();
        pump.flush();
        assertThat(successResultOf(stopped)).isNull();
        assertThat(service.state()).isEqualTo(State.CONNECTING);
        assertNoResult(next);
        succeed();
        assertThat(successResultOf(next)).isSameAs(built.get(1));
    }

    @Test
    void stopWhileRestartingDisconnectsAgainAndEndsStopped() {
        ClientService service = service();
        service.startService();
        IOPump pump = succeed();
        Deferred<@Nullable Void> first = service.stopService();
        service.startService();

        Deferred<@Nullable Void> second = service.stopService();

        assertThat(service.state()).isEqualTo(State.DISCONNECTING);
        pump.flush();
        assertThat(successResultOf(first)).isNull();
        assertThat(successResultOf(second)).isNull();
        assertThat(service.state()).isEqualTo(State.STOPPED);
        assertThat(reactor.tcpClients()).isEmpty();
    }

    @Test
    void startAfterStopConnectsAgain() {
        ClientService service = service();
        service.startService();
        completer.failOnce();
        successResultOf(service.stopService());

        service.startService();

        assertThat(service.state()).isEqualTo(State.CONNECTING);
        succeed();
        assertThat(service.state()).isEqualTo(State.CONNECTED);
    }

    @Test
    void aSecondStartWhileRunningChangesNothing() {
        ClientService service = service();
        service.startService();
        service.startService();
        assertThat(reactor.tcpClients()).hasSize(1);
        completer.failOnce();
        service.startService();
        assertThat(service.state()).isEqualTo(State.WAITING);
        assertThat(reactor.tcpClients()).isEmpty();
    }

    @Test
    void prepareConnectionDelaysWhenConnectedUntilItsDeferredFires() {
        Deferred<String> ready = new Deferred<>();
        List<IProtocol> prepared = new ArrayList<>();
        ClientService service = service(null, p -> {
            prepared.add(p);
            return ready;
        });
        service.startService();
        Deferred<IProtocol> waiting = service.whenConnected();

        succeed();

        assertThat(prepared).containsExactly(built.get(0));
        assertThat(service.state()).isEqualTo(State.CONNECTING);
        assertNoResult(waiting);
        ready.callback("ignored");
        assertThat(service.state()).isEqualTo(State.CONNECTED);
        assertThat(successResultOf(waiting)).isSameAs(built.get(0));
    }

    @Test
    void aPrepareConnectionThatThrowsRejectsTheConnectionAsAFailedAttempt() {
        IllegalStateException boom = new IllegalStateException("not authenticated");
        ClientService service = service(null, p -> {
            throw boom;
        });
        service.startService();
        Deferred<IProtocol> waiting = service.whenConnected(2);

        IOPump pump = succeed();

        assertThat(service.state()).isEqualTo(State.WAITING);
        assertThat(service.failedAttempts()).isEqualTo(1);
        assertThat(pump.clientIO().isDisconnecting()).isTrue(); // weft closes the rejected connection
        pump.flush();
        assertThat(built.get(0).events).containsExactly("connectionMade", "connectionLost ConnectionDone");
        assertThat(service.state()).isEqualTo(State.WAITING); // its loss is not a second failure
        reactor.advance(pendingDelay());
        succeed();
        assertThat(failureResultOf(waiting, IllegalStateException.class).value())
                .isSameAs(boom);
    }

    @Test
    void aRejectedConnectionThatClosesAfterTheNextOneIsMadeDoesNotDisturbIt() {
        List<Deferred<@Nullable Void>> checks = new ArrayList<>();
        ClientService service = service(null, p -> {
            Deferred<@Nullable Void> check = new Deferred<>();
            checks.add(check);
            return check;
        });
        service.startService();
        IOPump rejected = succeed();
        checks.get(0).errback(new IllegalStateException("bad greeting"));
        reactor.advance(pendingDelay());
        succeed();
        checks.get(1).callback(null);
        assertThat(service.state()).isEqualTo(State.CONNECTED);

        rejected.flush(); // only now does the rejected connection's close reach its protocol

        assertThat(built.get(0).events).containsExactly("connectionMade", "connectionLost ConnectionDone");
        assertThat(service.state()).isEqualTo(State.CONNECTED);
        assertThat(successResultOf(service.whenConnected())).isSameAs(built.get(1));
        assertThat(reactor.getDelayedCalls()).isEmpty();
    }

    @Test
    void aPrepareConnectionWhoseDeferredFailsRejectsTheConnection() {
        Deferred<@Nullable Void> check = new Deferred<>();
        ClientService service = service(null, p -> check);
        service.startService();
        Deferred<IProtocol> waiting = service.whenConnected(1);
        IOPump pump = succeed();

        check.errback(new IllegalStateException("bad greeting"));

        assertThat(failureResultOf(waiting, IllegalStateException.class).value())
                .hasMessage("bad greeting");
        assertThat(service.state()).isEqualTo(State.WAITING);
        assertThat(pendingDelay()).isEqualTo(1.5);
        assertThat(pump.clientIO().isDisconnecting()).isTrue();
    }

    @Test
    void stopWhilePreparingCancelsThePreparationAndClosesTheConnection() {
        List<String> cancelled = new ArrayList<>();
        Deferred<@Nullable Void> check = new Deferred<>(d -> cancelled.add("preparation cancelled"));
        ClientService service = service(null, p -> check);
        service.startService();
        IOPump pump = succeed();

        Deferred<@Nullable Void> stopped = service.stopService();

        assertThat(cancelled).containsExactly("preparation cancelled");
        assertThat(successResultOf(stopped)).isNull();
        assertThat(service.state()).isEqualTo(State.STOPPED);
        assertThat(pump.clientIO().isDisconnecting()).isTrue();
        pump.flush();
        assertThat(service.state()).isEqualTo(State.STOPPED);
    }

    @Test
    void aConnectionLostWhilePreparingCountsAsAFailedAttemptOnceThePreparationEnds() {
        Deferred<@Nullable Void> check = new Deferred<>();
        ClientService service = service(null, p -> check);
        service.startService();
        Deferred<IProtocol> waiting = service.whenConnected(1);
        IOPump pump = succeed();

        serverCloses(pump);
        assertThat(service.state()).isEqualTo(State.CONNECTING);
        check.callback(null);

        assertThat(service.state()).isEqualTo(State.WAITING);
        failureResultOf(waiting, ConnectionDone.class);
        assertThat(pendingDelay()).isEqualTo(1.5);
    }

    @Test
    void aFactoryThatBuildsNoProtocolFailsTheAttemptAndTheServiceRetries() {
        ClientFactory nothing = new ClientFactory() {
            @Override
            public @Nullable IProtocol buildProtocol(IAddress addr) {
                return null;
            }

            @Override
            public String toString() {
                return "NothingFactory";
            }
        };
        ClientService service = new ClientService(
                Endpoints.clientFromString(reactor, "tcp:host=127.0.0.1:port=" + PORT),
                nothing,
                ClientService.backoffPolicy(1.0, 60.0, 1.5, () -> 0.0),
                reactor,
                null);
        service.startService();
        Deferred<IProtocol> waiting = service.whenConnected(1);

        IOPump pump = succeed();

        assertThat(failureResultOf(waiting, IllegalStateException.class).getErrorMessage())
                .contains("NothingFactory.buildProtocol returned null")
                .contains("return a protocol for every connection");
        assertThat(service.state()).isEqualTo(State.WAITING);
        assertThat(pump.clientIO().isDisconnecting()).isTrue();
        pump.flush();
        assertThat(service.state()).isEqualTo(State.WAITING);
        assertThat(pendingDelay()).isEqualTo(1.5);
    }

    @Test
    void aHalfCloseableProtocolStaysHalfCloseableBehindTheService() {
        List<String> events = new ArrayList<>();
        final class Half extends Protocol implements IHalfCloseableProtocol {
            @Override
            public void readConnectionLost() {
                events.add("readConnectionLost");
                transport().write("bye".getBytes(US_ASCII));
                transport().loseConnection();
            }

            @Override
            public void writeConnectionLost() {
                events.add("writeConnectionLost");
            }

            @Override
            public void connectionLost(Failure reason) {
                events.add("connectionLost");
            }
        }
        ClientService service = new ClientService(
                Endpoints.clientFromString(reactor, "tcp:host=127.0.0.1:port=" + PORT),
                ClientFactory.forProtocol(Half::new),
                ClientService.backoffPolicy(1.0, 60.0, 1.5, () -> 0.0),
                reactor,
                null);
        service.startService();
        IOPump pump = succeed();

        pump.serverIO().loseWriteConnection();
        pump.flush();

        assertThat(events).containsExactly("readConnectionLost", "connectionLost");
        assertThat(service.state()).isEqualTo(State.WAITING); // the close it made itself is a loss as any other
    }

    @Test
    void anEndpointThatThrowsCountsAsAFailedAttempt() {
        IllegalArgumentException bad = new IllegalArgumentException("no such host");
        ClientService service = new ClientService(
                f -> {
                    throw bad;
                },
                factory(),
                ClientService.backoffPolicy(1.0, 60.0, 1.5, () -> 0.0),
                reactor,
                null);
        Deferred<IProtocol> waiting = service.whenConnected(1);

        service.startService();

        assertThat(failureResultOf(waiting, IllegalArgumentException.class).value())
                .isSameAs(bad);
        assertThat(service.state()).isEqualTo(State.WAITING);
        assertThat(pendingDelay()).isEqualTo(1.5);
    }
}
