package dev.weft.internet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.weft.defer.Failure;
import dev.weft.internet.task.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

final class ReconnectingClientFactoryTest {
    private final Clock clock = new Clock();
    private final RecordingConnector connector = new RecordingConnector(IPv4Address.tcp("127.0.0.1", 7));

    private ReconnectingClientFactory factory() {
        ReconnectingClientFactory f = new ReconnectingClientFactory(clock);
        f.setJitter(0);
        return f;
    }

    private static Failure refused() {
        return new Failure(new ConnectionRefusedError());
    }

    /** Fails again each time the connector connects, and returns the delays between attempts. */
    private List<Double> failRepeatedly(ReconnectingClientFactory f, int attempts) {
        List<Double> delays = new ArrayList<>();
        f.clientConnectionFailed(connector, refused());
        for (int i = 0; i < attempts && !clock.getDelayedCalls().isEmpty(); i++) {
            double before = clock.seconds();
            double due = clock.getDelayedCalls().get(0).getTime();
            clock.advance(due - before);
            delays.add(due - before);
            f.clientConnectionFailed(connector, refused());
        }
        return delays;
    }

    @Test
    void defaultsAreTwisteds() {
        ReconnectingClientFactory f = new ReconnectingClientFactory(clock);

        assertThat(f.maxDelay()).isEqualTo(3600);
        assertThat(f.initialDelay()).isEqualTo(1.0);
        assertThat(f.factor()).isEqualTo(Math.E);
        assertThat(f.jitter()).isEqualTo(0.119626565582);
        assertThat(f.delay()).isEqualTo(1.0);
        assertThat(f.retries()).isZero();
        assertThat(f.maxRetries()).isNull();
        assertThat(f.continueTrying()).isTrue();
        assertThat(f.clock()).isSameAs(clock);
    }

    /** Invariant 10. */
    @Test
    void theFirstRetryAlreadyWaitsInitialDelayTimesE() {
        ReconnectingClientFactory f = factory();

        f.clientConnectionFailed(connector, refused());

        assertThat(clock.getDelayedCalls()).hasSize(1);
        assertThat(clock.getDelayedCalls().get(0).getTime()).isCloseTo(2.718281828, within(1e-9));
        assertThat(f.connector()).isSameAs(connector);
        assertThat(connector.connects()).isZero();
        clock.advance(2.7182);
        assertThat(connector.connects()).isZero();
        clock.advance(0.0001);
        assertThat(connector.connects()).isEqualTo(1);
    }

    /** Invariant 10. */
    @Test
    void retryDelaysGrowAsPowersOfE() {
        List<Double> delays = failRepeatedly(factory(), 5);

        assertThat(delays).hasSize(5);
        for (int n = 1; n <= 5; n++) {
            assertThat(delays.get(n - 1)).isCloseTo(Math.pow(Math.E, n), within(1e-6));
        }
        assertThat(connector.connects()).isEqualTo(5);
    }

    /** Invariant 10. */
    @Test
    void retryDelaysAreCappedAtMaxDelay() {
        ReconnectingClientFactory f = factory();
        f.setMaxDelay(10);

        List<Double> delays = failRepeatedly(f, 4);

        assertThat(delays.get(0)).isCloseTo(Math.E, within(1e-9));
        assertThat(delays.get(1)).isCloseTo(Math.E * Math.E, within(1e-9));
        assertThat(delays.get(2)).isCloseTo(10.0, within(1e-9));
        assertThat(delays.get(3)).isCloseTo(10.0, within(1e-9));
        assertThat(f.delay()).isEqualTo(10.0);
    }

    /** Invariant 10. */
    @Test
    void maxRetriesOfNSchedulesExactlyNConnects() {
        ReconnectingClientFactory f = factory();
        f.setMaxRetries(3);

        failRepeatedly(f, 10);

        assertThat(connector.connects()).isEqualTo(3);
        assertThat(clock.getDelayedCalls()).isEmpty();
        assertThat(f.retries()).isEqualTo(4);
    }

    @Test
    void retriesKeepCountingAfterGivingUp() {
        ReconnectingClientFactory f = factory();
        f.setMaxRetries(0);

        f.clientConnectionFailed(connector, refused());
        f.clientConnectionFailed(connector, refused());

        assertThat(f.retries()).isEqualTo(2);
        assertThat(clock.getDelayedCalls()).isEmpty();
    }

    @Test
    void aLostConnectionRetriesLikeAFailedOne() {
        ReconnectingClientFactory f = factory();

        f.clientConnectionLost(connector, new Failure(new ConnectionDone()));

        assertThat(clock.getDelayedCalls()).hasSize(1);
        clock.advance(3);
        assertThat(connector.connects()).isEqualTo(1);
    }

    /** Invariant 11. */
    @Test
    void stopTryingCancelsThePendingRetryAndStopsTrying() {
        ReconnectingClientFactory f = factory();
        f.clientConnectionFailed(connector, refused());

        f.stopTrying();

        assertThat(clock.getDelayedCalls()).isEmpty();
        assertThat(f.continueTrying()).isFalse();
        clock.advance(100);
        assertThat(connector.connects()).isZero();
    }

    @Test
    void stopTryingStopsAConnectingConnectorAndIgnoresNotConnecting() {
        ReconnectingClientFactory f = factory();
        f.clientConnectionFailed(connector, refused());
        clock.advance(3);
        connector.connecting = true;

        f.stopTrying();
        f.stopTrying();

        assertThat(connector.events).containsExactly("connect", "stopConnecting", "stopConnecting");
        assertThat(connector.connecting).isFalse();
    }

    @Test
    void afterStopTryingFailuresScheduleNothing() {
        ReconnectingClientFactory f = factory();
        f.stopTrying();

        f.clientConnectionFailed(connector, refused());
        f.retry(connector);

        assertThat(clock.getDelayedCalls()).isEmpty();
        assertThat(f.retries()).isZero();
        assertThat(f.connector()).isNull();
    }

    /** Invariant 11. */
    @Test
    void resetDelayRestoresTheDelayZeroesRetriesAndAllowsTryingAgain() {
        ReconnectingClientFactory f = factory();
        failRepeatedly(f, 2);
        f.stopTrying();

        f.resetDelay();

        assertThat(f.delay()).isEqualTo(1.0);
        assertThat(f.retries()).isZero();
        assertThat(f.continueTrying()).isTrue();
        f.clientConnectionFailed(connector, refused());
        assertThat(clock.getDelayedCalls().get(0).getTime() - clock.seconds()).isCloseTo(Math.E, within(1e-9));
    }

    @Test
    void resetDelayForgetsButDoesNotCancelAPendingRetryAsTwistedDoes() {
        ReconnectingClientFactory f = factory();
        f.clientConnectionFailed(connector, refused());

        f.resetDelay();
        f.stopTrying();

        assertThat(clock.getDelayedCalls()).hasSize(1);
    }

    @Test
    void jitterDrawsFromTheGivenRandomSoSeededRunsRepeat() {
        ReconnectingClientFactory a = new ReconnectingClientFactory(clock);
        ReconnectingClientFactory b = new ReconnectingClientFactory(new Clock());
        a.setRandom(new Random(42));
        b.setRandom(new Random(42));

        a.retry(connector);
        b.retry(connector);

        assertThat(a.delay()).isEqualTo(b.delay()).isNotEqualTo(Math.E);
        assertThat(a.delay()).isBetween(Math.E * (1 - 6 * a.jitter()), Math.E * (1 + 6 * a.jitter()));
        assertThat(clock.getDelayedCalls().get(0).getTime()).isEqualTo(a.delay());
    }

    /** weft applies a new initial delay at once on a fresh factory; Twisted waits for resetDelay. */
    @Test
    void settingTheInitialDelayOnAFreshFactoryAppliesToTheFirstRetry() {
        ReconnectingClientFactory f = factory();
        f.setInitialDelay(5);

        f.retry(connector);

        assertThat(f.delay()).isCloseTo(5 * Math.E, within(1e-9));
    }

    @Test
    void retryWithoutAClockThrowsNamingTheRemedy() {
        ReconnectingClientFactory f = new ReconnectingClientFactory();
        f.setJitter(0);

        assertThatThrownBy(() -> f.retry(connector))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("setClock");
        f.setClock(clock);
        f.retry(connector);
        assertThat(clock.getDelayedCalls()).hasSize(1);
    }

    /** Twisted's idiom: a subclass that only sets its protocol retries on the reactor it connected with. */
    @Test
    void aFactoryWithoutAClockRetriesOnTheConnectorsClock() {
        final class F extends ReconnectingClientFactory {
            F() {
                setProtocol(Protocol::new);
                setJitter(0);
            }
        }
        F f = new F();
        ClockedConnector withClock = new ClockedConnector(clock);

        f.clientConnectionFailed(withClock, refused());
        f.clientConnectionFailed(withClock, refused());

        assertThat(f.clock()).isNull();
        assertThat(clock.getDelayedCalls()).hasSize(2);
        clock.advance(Math.E * Math.E);
        assertThat(withClock.connects()).isEqualTo(2);
    }

    @Test
    void aClockGivenToTheFactoryWinsOverTheConnectors() {
        Clock connectorClock = new Clock();
        ClockedConnector withClock = new ClockedConnector(connectorClock);

        factory().clientConnectionFailed(withClock, refused());

        assertThat(clock.getDelayedCalls()).hasSize(1);
        assertThat(connectorClock.getDelayedCalls()).isEmpty();
    }

    @Test
    void forProtocolOnTheSubclassBuildsAReconnectingFactoryThatRetries() {
        ReconnectingClientFactory f = ReconnectingClientFactory.forProtocol(Protocol::new);
        ClockedConnector withClock = new ClockedConnector(clock);

        f.clientConnectionFailed(withClock, refused());

        assertThat(f.buildProtocol(IPv4Address.tcp("127.0.0.1", 7))).isInstanceOf(Protocol.class);
        assertThat(clock.getDelayedCalls()).hasSize(1);
    }

    /** A connector that belongs to a reactor with {@code clock}. */
    private static final class ClockedConnector implements IConnector {
        private final IReactorTime clock;
        private int connects;

        ClockedConnector(IReactorTime clock) {
            this.clock = clock;
        }

        @Override
        public void stopConnecting() {}

        @Override
        public void disconnect() {}

        @Override
        public void connect() {
            connects++;
        }

        @Override
        public IAddress getDestination() {
            return IPv4Address.tcp("127.0.0.1", 7);
        }

        @Override
        public IReactorTime reactorTime() {
            return clock;
        }

        int connects() {
            return connects;
        }
    }

    @Test
    void retryWithoutAConnectorThrows() {
        ReconnectingClientFactory f = factory();

        assertThatThrownBy(f::retry).isInstanceOf(IllegalStateException.class).hasMessageContaining("connector");
    }

    @Test
    void settersRejectMeaninglessValues() {
        ReconnectingClientFactory f = factory();

        assertThatThrownBy(() -> f.setMaxDelay(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> f.setInitialDelay(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> f.setFactor(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> f.setJitter(-0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> f.setMaxRetries(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    @Test
    void buildsProtocolsWithTheGivenSupplier() {
        ReconnectingClientFactory f = new ReconnectingClientFactory(clock, Protocol::new);

        IProtocol p = f.buildProtocol(IPv4Address.tcp("127.0.0.1", 7));

        assertThat(((Protocol) p).factory()).isSameAs(f);
    }
}
