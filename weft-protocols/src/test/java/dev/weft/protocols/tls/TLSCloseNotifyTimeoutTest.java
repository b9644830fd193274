package dev.weft.protocols.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.internet.ConnectionDone;
import dev.weft.internet.ConnectionLost;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.testing.IOPump;
import dev.weft.internet.testing.MemoryReactorClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The bounded wait for the peer's close_notify (a deviation: Twisted waits for ever). */
class TLSCloseNotifyTimeoutTest {
    private final MemoryReactorClock clock = new MemoryReactorClock();

    private record Connected(Peer client, Peer server, IOPump pump) {}

    private Connected connect(TLSConnectionCreator clientOptions) {
        Peer client = new Peer();
        Peer server = new Peer();
        IOPump pump = IOPump.connectedServerAndClient(
                        () -> new TLSMemoryBIOProtocol(Tls.server(), server).withClock(clock),
                        () -> new TLSMemoryBIOProtocol(clientOptions, client).withClock(clock))
                .pump();
        pump.flush();
        assertThat(client.handshakes).isEqualTo(1);
        return new Connected(client, server, pump);
    }

    @Test
    void aPeerThatNeverAnswersOurCloseNotifyIsAbortedAfterThirtySecondsByDefault() {
        Connected c = connect(Tls.client());
        c.pump().serverIO().pauseProducing(); // the server never reads our close_notify, so never answers
        c.client().transport().loseConnection();
        c.pump().flush();
        clock.advance(29.9);
        c.pump().flush();
        assertThat(c.client().isLost()).isFalse();

        clock.advance(0.1);
        c.pump().flush();
        assertThat(c.client().reason.value()).isExactlyInstanceOf(ConnectionLost.class);
        assertThat(c.client().reason.getErrorMessage())
                .contains("no TLS close_notify within 30000 ms of ours")
                .contains("aborted");
        assertThat(TLSLoss.of(c.client().reason)).isEqualTo(TLSLoss.NO_CLOSE_NOTIFY_REPLY);
        c.pump().serverIO().resumeProducing();
        c.pump().flush();
        assertThat(c.server().reason.value()).isInstanceOf(ConnectionLost.class);
        assertThat(TLSLoss.of(c.server().reason))
                .as("reset by the client's abort")
                .isNull();
    }

    /**
     * TLS 1.3: a half-closeable client that stays open after the server's close_notify (it cannot tell
     * a full close from a half-close) leaves the server waiting until its timeout; Twisted closes both
     * at once (DEVIATIONS.md).
     */
    @Test
    void aHalfCloseableProtocolThatStaysOpenMakesThePeersFullCloseWaitForTheTimeout() {
        Peer.HalfCloseable client = new Peer.HalfCloseable();
        Peer server = new Peer();
        IOPump pump = IOPump.connectedServerAndClient(
                        () -> new TLSMemoryBIOProtocol(Tls.server(), server).withClock(clock),
                        () -> new TLSMemoryBIOProtocol(Tls.client(), client).withClock(clock))
                .pump();
        pump.flush();
        server.transport().loseConnection();
        pump.flush();
        assertThat(client.events).contains("readConnectionLost");
        assertThat(server.isLost()).isFalse();
        assertThat(client.isLost()).isFalse();

        clock.advance(30);
        pump.flush();
        assertThat(TLSLoss.of(server.reason)).isEqualTo(TLSLoss.NO_CLOSE_NOTIFY_REPLY);
        assertThat(client.reason.value()).isInstanceOf(ConnectionLost.class);
        assertThat(TLSLoss.of(client.reason)).as("reset by the server's abort").isNull();
    }

    @Test
    void anAnswerInTimeCancelsTheTimerAndBothSidesCloseCleanly() {
        Connected c = connect(Tls.client());
        c.client().transport().loseConnection();
        c.pump().flush();
        assertThat(c.client().reason.value()).isExactlyInstanceOf(ConnectionDone.class);
        assertThat(c.server().reason.value()).isExactlyInstanceOf(ConnectionDone.class);
        assertThat(clock.getDelayedCalls()).isEmpty();
    }

    @Test
    void theTimeoutComesFromTheOptions() {
        Connected c = connect(Tls.client().withCloseNotifyTimeout(Duration.ofSeconds(5)));
        c.pump().serverIO().pauseProducing();
        c.client().transport().loseConnection();
        c.pump().flush();
        assertThat(clock.getDelayedCalls()).hasSize(1);
        clock.advance(5);
        c.pump().flush();
        assertThat(c.client().reason.getErrorMessage()).contains("within 5000 ms");
    }

    @Test
    void withoutATimeoutTheWaitIsUnboundedAsInTwisted() {
        Connected c = connect(Tls.client().withoutCloseNotifyTimeout());
        c.pump().serverIO().pauseProducing();
        c.client().transport().loseConnection();
        c.pump().flush();
        assertThat(clock.getDelayedCalls()).isEmpty();
        clock.advance(3600);
        c.pump().flush();
        assertThat(c.client().isLost()).isFalse();
    }

    @Test
    void aFactoryGivenAClockPassesItToEachConnection() {
        Peer server = new Peer();
        TLSMemoryBIOFactory f =
                new TLSMemoryBIOFactory(Tls.server(), ServerFactory.forProtocol(() -> server)).withClock(clock);
        Peer client = new Peer();
        IOPump pump = IOPump.connectedServerAndClient(
                        () -> java.util.Objects.requireNonNull(
                                f.buildProtocol(dev.weft.internet.testing.FakeTransport.DEFAULT_CLIENT_ADDRESS)),
                        () -> new TLSMemoryBIOProtocol(Tls.client(), client))
                .pump();
        pump.flush();
        pump.clientIO().pauseProducing();
        server.transport().loseConnection();
        pump.flush();
        clock.advance(30);
        pump.flush();
        assertThat(server.reason.getErrorMessage()).contains("no TLS close_notify within 30000 ms");
    }

    @Test
    void aTimeoutMustBePositive() {
        assertThatThrownBy(() -> Tls.server().withCloseNotifyTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("withoutCloseNotifyTimeout()");
    }
}
