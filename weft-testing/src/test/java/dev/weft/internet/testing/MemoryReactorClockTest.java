package dev.weft.internet.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.internet.IDelayedCall;
import dev.weft.internet.Protocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MemoryReactorClock: a MemoryReactor whose time methods delegate to its Clock. */
final class MemoryReactorClockTest {
    private final MemoryReactorClock reactor = new MemoryReactorClock();
    private final List<String> log = new ArrayList<>();

    @Test
    void keepsTimeThroughItsClock() {
        assertThat(reactor.seconds()).isZero();
        assertThat(reactor.getDelayedCalls()).isEmpty();

        IDelayedCall call = reactor.callLater(2, () -> log.add("at " + reactor.seconds()));
        reactor.callLater(Duration.ofMillis(500), () -> log.add("half"));
        assertThat(reactor.getDelayedCalls()).hasSize(2);
        assertThat(call.getTime()).isEqualTo(2.0);

        reactor.advance(1);
        assertThat(log).containsExactly("half");
        reactor.advance(Duration.ofSeconds(1));
        assertThat(log).containsExactly("half", "at 2.0");
        reactor.pump(1, 1);
        assertThat(reactor.seconds()).isEqualTo(4.0);
        assertThat(reactor.clock().seconds()).isEqualTo(4.0);
        assertThat(reactor.getDelayedCalls()).isEmpty();
    }

    @Test
    void stillRecordsLikeAMemoryReactor() {
        reactor.listenTCP(80, new CountingServerFactory(Protocol::new));
        reactor.connectTCP("h", 80, new CountingClientFactory(Protocol::new));
        reactor.callWhenRunning(() -> log.add("hook"));

        reactor.run();

        assertThat(reactor.tcpServers()).hasSize(1);
        assertThat(reactor.tcpClients()).hasSize(1);
        assertThat(log).containsExactly("hook");
    }

    @Test
    void rejectsANegativeDelayAsTheClockDoes() {
        assertThatThrownBy(() -> reactor.callLater(-1, () -> {})).isInstanceOf(IllegalArgumentException.class);
    }
}
