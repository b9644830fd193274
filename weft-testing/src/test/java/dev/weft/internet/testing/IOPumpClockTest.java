package dev.weft.internet.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.task.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Invariant 56: pump() runs the clock's calls due now (advance(0)) before moving bytes. */
final class IOPumpClockTest {
    private final List<String> log = new ArrayList<>();
    private final Clock clock = new Clock();

    private ConnectedPair<ProbeProtocol, ProbeProtocol> connected() {
        var pair = IOPump.connectedServerAndClient(
                () -> new ProbeProtocol("S", log), () -> new ProbeProtocol("C", log), true, clock);
        log.clear();
        return pair;
    }

    /** Invariant 56: a callLater(0) runs at the start of the next pump, before bytes move. */
    @Test
    void pumpRunsCallsDueNowBeforeMovingBytes() {
        var pair = connected();
        pair.client().send("written before");
        clock.callLater(0, () -> {
            log.add("timer");
            pair.client().send(" and during the timer");
        });

        assertThat(pair.pump().pump()).isTrue();

        assertThat(log).containsExactly("timer", "S:data:written before and during the timer");
        assertThat(pair.pump().clock()).isSameAs(clock);
    }

    /** Invariant 56: the pump never moves time forward; later calls wait for the test's advance. */
    @Test
    void pumpNeverMovesTimeForward() {
        var pair = connected();
        clock.callLater(1, () -> log.add("one second later"));

        pair.pump().flush();
        assertThat(log).isEmpty();
        assertThat(clock.seconds()).isZero();

        clock.advance(1);
        assertThat(log).containsExactly("one second later");
    }

    @Test
    void aProtocolTimerFiringDuringFlushIsCarried() {
        var pair = connected();
        pair.server().onData = data -> clock.callLater(0, () -> pair.server().send("delayed reply"));

        pair.client().send("request");
        pair.pump().flush();

        assertThat(pair.client().received()).isEqualTo("delayed reply");
    }

    @Test
    void pumpWithoutAClockRunsNoCalls() {
        var pair =
                IOPump.connectedServerAndClient(() -> new ProbeProtocol("S", log), () -> new ProbeProtocol("C", log));
        clock.callLater(0, () -> log.add("timer"));

        pair.pump().flush();

        assertThat(pair.pump().clock()).isNull();
        assertThat(log).containsExactly("S:made", "C:made");
    }
}
