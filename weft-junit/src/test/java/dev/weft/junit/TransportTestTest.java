package dev.weft.junit;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.testkit.engine.EventConditions.displayName;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.weft.internet.ConnectionDone;
import dev.weft.internet.IDelayedCall;
import dev.weft.internet.IReactorTime;
import dev.weft.internet.Protocol;
import dev.weft.internet.nio.NioReactor;
import dev.weft.internet.testing.AccumulatingProtocol;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineTestKit;

/** One body, three transports: in memory, loopback TCP and a UNIX socket. */
class TransportTestTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** Writes a greeting and closes. */
    static final class Greeter extends Protocol {
        @Override
        public void connectionMade() {
            transport().write("hello".getBytes(US_ASCII));
            transport().loseConnection();
        }
    }

    /** Echoes what it reads. */
    static final class Echo extends Protocol {
        @Override
        public void dataReceived(byte[] data) {
            transport().write(data);
        }
    }

    /** Sends "ping", closes once the four bytes came back. */
    static final class Pinger extends Protocol {
        final ByteArrayOutputStream got = new ByteArrayOutputStream();

        @Override
        public void connectionMade() {
            transport().write("ping".getBytes(US_ASCII));
        }

        @Override
        public void dataReceived(byte[] data) {
            got.writeBytes(data);
            if (got.size() >= 4) {
                transport().loseConnection();
            }
        }
    }

    /** How long {@link TimingOutClient} waits for an answer, in seconds. */
    private static final double TIMEOUT = 0.2;

    /** Sends "ping" and gives up, closing, if no answer comes within its timeout on the clock it was given. */
    static final class TimingOutClient extends Protocol {
        final IReactorTime clock;
        final double timeout;
        volatile double sentAt = Double.NaN;
        volatile double gaveUpAt = Double.NaN;
        private @Nullable IDelayedCall pending;

        TimingOutClient(IReactorTime clock, double timeout) {
            this.clock = clock;
            this.timeout = timeout;
        }

        @Override
        public void connectionMade() {
            sentAt = clock.seconds();
            transport().write("ping".getBytes(US_ASCII));
            pending = clock.callLater(timeout, () -> {
                gaveUpAt = clock.seconds();
                transport().loseConnection();
            });
        }

        @Override
        public void dataReceived(byte[] data) {
            IDelayedCall p = pending;
            if (p != null && p.active()) {
                p.cancel();
            }
            transport().loseConnection();
        }
    }

    /** Reads and never answers. */
    static final class Silent extends Protocol {}

    @TransportTest
    void aClientTimesOutOnTheTransportsClock(Transport transport) {
        Conversation<TimingOutClient, Silent> c =
                transport.connect(Silent::new, () -> new TimingOutClient(transport.clock(), TIMEOUT));
        c.awaitClosed(WAIT);

        double waited = c.client().gaveUpAt - c.client().sentAt;
        if (transport.kind() == Transport.Kind.MEMORY) {
            // moved straight to the timeout, no further: deterministic and at once
            assertThat(waited).isEqualTo(TIMEOUT);
            assertThat(transport.clock().seconds()).isEqualTo(TIMEOUT);
        } else {
            assertThat(transport.clock()).isInstanceOf(NioReactor.class);
            assertThat(waited).isGreaterThanOrEqualTo(TIMEOUT - 0.001);
        }
    }

    @Test
    void inMemoryAwaitClosedMovesTheClockNoFurtherThanItsTimeout() throws Exception {
        try (Transport transport = new Transport(Transport.Kind.MEMORY)) {
            Conversation<TimingOutClient, Silent> c =
                    transport.connect(Silent::new, () -> new TimingOutClient(transport.clock(), 60));

            assertThatThrownBy(() -> c.awaitClosed(Duration.ofSeconds(10)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("went quiet in memory with the client and the server still connected")
                    .hasMessageContaining("clock at 10.0 s, moved up to the timeout PT10S");
            assertThat(c.client().gaveUpAt).isNaN();
            assertThat(transport.clock().getDelayedCalls()).hasSize(1);

            c.awaitClosed(Duration.ofSeconds(50)); // 60 s in all: the client gives up
            assertThat(c.client().gaveUpAt).isEqualTo(60.0);
        }
    }

    @TransportTest
    void theClientReadsTheGreetingAndTheClose(Transport transport) {
        Conversation<AccumulatingProtocol, Greeter> c = transport.connect(Greeter::new, AccumulatingProtocol::new);
        c.awaitClosed(WAIT);
        assertThat(c.client().data()).asString(US_ASCII).isEqualTo("hello");
        assertThat(c.client().closedReason().check(ConnectionDone.class)).isNotNull();
    }

    @TransportTest
    void anEchoComesBackWhole(Transport transport) {
        Conversation<Pinger, Echo> c = transport.connect(Echo::new, Pinger::new);
        c.awaitClosed(WAIT);
        assertThat(c.client().got.toString(US_ASCII)).isEqualTo("ping");
    }

    /** Cases run through EngineTestKit only. */
    @ExtendWith(OnlyInTestKit.class)
    static class Cases {
        @TransportTest({Transport.Kind.MEMORY, Transport.Kind.TCP})
        void neverCloses(Transport transport) {
            transport.connect(Echo::new, AccumulatingProtocol::new).awaitClosed(Duration.ofMillis(300));
        }
    }

    @Test
    void eachTransportIsItsOwnInvocationAndAFailureNamesTheSideLeftOpen() {
        EngineTestKit.engine("junit-jupiter")
                .configurationParameter(OnlyInTestKit.KEY, "true")
                .selectors(selectMethod(Cases.class, "neverCloses", Transport.class.getName()))
                .execute()
                .testEvents()
                .assertStatistics(s -> s.started(2).failed(2))
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                displayName("memory"),
                                finishedWithFailure(message(m -> m.contains(
                                        "went quiet in memory with the client and the server still connected")))))
                .haveExactly(
                        1,
                        event(
                                displayName("tcp"),
                                finishedWithFailure(message(m -> m.contains("did not end within PT0.3S")))))
                .doNotHave(event(finishedSuccessfully()));
    }
}
