package dev.weft.protocols.policies;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.Protocol;
import dev.weft.internet.task.Clock;
import dev.weft.internet.testing.StringTransport;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@link Timeout} on a {@link Clock}, through the behaviours of Twisted's {@code TimeoutMixinTests}
 * ({@code twisted/test/test_policies.py}) and what Twisted 22.4 does around them.
 */
final class TimeoutTest {
    /** Twisted's {@code TimeoutTester}: a 3-second timeout from connectionMade, reset by data. */
    static final class Tester extends Protocol {
        final Timeout timeout;
        Duration period = Duration.ofSeconds(3);
        int timedOut;

        Tester(Clock clock) {
            timeout = new Timeout(clock, this::timeoutConnection);
        }

        @Override
        public void connectionMade() {
            timeout.setTimeout(period);
        }

        @Override
        public void dataReceived(byte[] data) {
            timeout.resetTimeout();
        }

        @Override
        public void connectionLost(Failure reason) {
            timeout.setTimeout(null);
        }

        void timeoutConnection() {
            timedOut++;
        }
    }

    private final Clock clock = new Clock();
    private final Tester proto = new Tester(clock);

    @Test
    void theTimeoutIsScheduledOnTheGivenClock() {
        proto.timeout.setTimeout(10);

        assertThat(clock.getDelayedCalls()).hasSize(1);
        assertThat(clock.getDelayedCalls().get(0).getTime()).isEqualTo(10.0);
    }

    @Test
    void itExpiresWhenThePeriodPassesWithoutAReset() {
        proto.makeConnection(new StringTransport());

        clock.pump(0, 0.5, 1.0, 1.0);
        assertThat(proto.timedOut).isZero();
        clock.pump(0, 1.0);
        assertThat(proto.timedOut).isEqualTo(1);
        assertThat(proto.timeout.isArmed()).isFalse();
        assertThat(clock.getDelayedCalls()).isEmpty();
    }

    @Test
    void dataResetsTheCountToAWholePeriod() {
        proto.makeConnection(new StringTransport());

        clock.pump(0, 0.5, 1.0, 1.0);
        assertThat(proto.timedOut).isZero();
        proto.dataReceived("hello there".getBytes(US_ASCII));
        clock.pump(0, 1.0, 1.0, 0.5);
        assertThat(proto.timedOut).isZero();
        clock.pump(0, 1.0);
        assertThat(proto.timedOut).isEqualTo(1);
    }

    @Test
    void settingANewPeriodReplacesTheArmedOne() {
        proto.period = null;
        proto.makeConnection(new StringTransport());
        assertThat(proto.timeout.isArmed()).isFalse();

        proto.timeout.setTimeout(1);
        assertThat(proto.timeout.timeOut()).isEqualTo(Duration.ofSeconds(1));

        clock.pump(0, 0.9);
        assertThat(proto.timedOut).isZero();
        clock.pump(0, 0.2);
        assertThat(proto.timedOut).isEqualTo(1);
    }

    @Test
    void aNullPeriodCancelsTheTimeout() {
        proto.period = Duration.ofSeconds(5);
        proto.makeConnection(new StringTransport());

        proto.timeout.setTimeout(null);
        assertThat(proto.timeout.timeOut()).isNull();
        assertThat(clock.getDelayedCalls()).isEmpty();

        clock.pump(0, 5, 5, 5);
        assertThat(proto.timedOut).isZero();
    }

    @Test
    void setTimeoutReturnsThePreviousPeriod() {
        proto.timeout.setTimeout(5);

        assertThat(proto.timeout.setTimeout(10)).isEqualTo(Duration.ofSeconds(5));
        assertThat(proto.timeout.setTimeout(null)).isEqualTo(Duration.ofSeconds(10));
        assertThat(proto.timeout.setTimeout(1)).isNull();
        assertThat(proto.timeout.timeOut()).isEqualTo(Duration.ofSeconds(1));
        assertThat(proto.timeout.setTimeout(Duration.ofMillis(1500))).isEqualTo(Duration.ofSeconds(1));
        assertThat(proto.timeout.setTimeout(0.25)).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void cancellingATimeoutThatWasCancelledElsewhereIsQuiet() {
        proto.timeout.setTimeout(3);
        // As a reactor that stops cancels its delayed calls.
        clock.getDelayedCalls().get(0).cancel();
        assertThat(proto.timeout.timeOut()).isNotNull();

        assertThat(proto.timeout.setTimeout(null)).isEqualTo(Duration.ofSeconds(3));
        assertThat(proto.timeout.timeOut()).isNull();
    }

    @Test
    void aTimeoutCancelledElsewhereIsForgottenNotAnError() {
        proto.timeout.setTimeout(3);
        clock.getDelayedCalls().get(0).cancel();

        // Twisted 22.4 raises AlreadyCancelled from both calls.
        proto.timeout.resetTimeout();
        assertThat(proto.timeout.isArmed()).isFalse();
        assertThat(clock.getDelayedCalls()).isEmpty();

        assertThat(proto.timeout.setTimeout(5)).isEqualTo(Duration.ofSeconds(3));
        assertThat(proto.timeout.isArmed()).isTrue();
        clock.advance(5);
        assertThat(proto.timedOut).isEqualTo(1);
    }

    @Test
    void theCountRestartsFromNow() {
        proto.makeConnection(new StringTransport());
        clock.advance(2);

        proto.timeout.resetTimeout();
        assertThat(clock.getDelayedCalls().get(0).getTime()).isEqualTo(5.0);

        proto.timeout.setTimeout(10);
        assertThat(clock.getDelayedCalls()).hasSize(1);
        assertThat(clock.getDelayedCalls().get(0).getTime()).isEqualTo(12.0);
    }

    @Test
    void afterExpiryAResetDoesNothingAndANewPeriodArmsItAgain() {
        proto.period = Duration.ofSeconds(2);
        proto.makeConnection(new StringTransport());
        clock.advance(2);
        assertThat(proto.timedOut).isEqualTo(1);
        assertThat(proto.timeout.timeOut()).isEqualTo(Duration.ofSeconds(2));

        proto.timeout.resetTimeout();
        assertThat(clock.getDelayedCalls()).isEmpty();

        assertThat(proto.timeout.setTimeout(4)).isEqualTo(Duration.ofSeconds(2));
        clock.advance(4);
        assertThat(proto.timedOut).isEqualTo(2);
    }

    @Test
    void theActionMayArmTheTimeoutAgain() {
        int[] fired = {0};
        Timeout[] timeout = new Timeout[1];
        timeout[0] = new Timeout(clock, () -> {
            if (++fired[0] < 3) {
                timeout[0].setTimeout(1);
            }
        });
        timeout[0].setTimeout(1);

        clock.pump(1, 1, 1, 1);

        assertThat(fired[0]).isEqualTo(3);
        assertThat(timeout[0].isArmed()).isFalse();
    }

    @Test
    void connectionLostThatCancelsLeavesNoCallBehind() {
        proto.makeConnection(new StringTransport());
        assertThat(clock.getDelayedCalls()).hasSize(1);

        proto.connectionLost(new Failure(new ConnectionDone()));

        assertThat(clock.getDelayedCalls()).isEmpty();
        clock.advance(10);
        assertThat(proto.timedOut).isZero();
    }

    @Test
    void losingConnectionClosesTheTransportAsTwistedsDefaultDoes() {
        Protocol plain = new Protocol();
        StringTransport transport = new StringTransport();
        plain.makeConnection(transport);
        Timeout timeout = Timeout.losingConnection(clock, plain);

        timeout.setTimeout(Duration.ZERO);
        assertThat(transport.isDisconnecting()).isFalse();
        clock.advance(0);

        assertThat(transport.isDisconnecting()).isTrue();
        assertThat(timeout.isArmed()).isFalse();
    }

    @Test
    void whatTheActionThrowsReachesTheClockAndTheTimeoutIsDisarmed() {
        Timeout timeout = new Timeout(clock, () -> {
            throw new IllegalStateException("boom");
        });
        timeout.setTimeout(1);

        assertThatThrownBy(() -> clock.advance(1)).hasMessageContaining("boom");
        assertThat(timeout.isArmed()).isFalse();
        assertThat(timeout.setTimeout(2)).isEqualTo(Duration.ofSeconds(1));
        assertThat(timeout.isArmed()).isTrue();
    }

    @Test
    void aNegativeOrNonFinitePeriodIsRefusedAndChangesNothing() {
        proto.timeout.setTimeout(3);

        assertThatThrownBy(() -> proto.timeout.setTimeout(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1.0")
                .hasMessageContaining("setTimeout(null)");
        assertThatThrownBy(() -> proto.timeout.setTimeout(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> proto.timeout.setTimeout(Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> proto.timeout.setTimeout(Duration.ofSeconds(-2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT-2S");

        assertThat(proto.timeout.timeOut()).isEqualTo(Duration.ofSeconds(3));
        assertThat(clock.getDelayedCalls().get(0).getTime()).isEqualTo(3.0);
    }
}
