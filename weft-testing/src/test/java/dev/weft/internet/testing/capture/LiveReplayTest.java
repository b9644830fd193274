package dev.weft.internet.testing.capture;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.internet.task.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** LiveReplay's steps on a virtual clock: what it writes, and when, as the live peer's bytes come. */
final class LiveReplayTest {
    /** Logs what the replay does to the connection. */
    private static final class Log implements LiveReplay.Actions {
        final List<String> actions = new ArrayList<>();

        @Override
        public void write(byte[] bytes) {
            actions.add("write " + new String(bytes, US_ASCII).replace("\n", "\\n"));
        }

        @Override
        public void halfClose() {
            actions.add("half-close");
        }

        @Override
        public void close() {
            actions.add("close");
        }

        @Override
        public void reset() {
            actions.add("reset");
        }
    }

    private final Clock clock = new Clock();
    private final Log log = new Log();

    private LiveReplay server(long answerDelayMicros, boolean originalTiming, @Nullable Duration idle) {
        RecordedConnection c =
                CaptureReplayTest.upperConversation(answerDelayMicros).connection(1);
        return new LiveReplay(c, Side.SERVER, originalTiming, clock, idle, log);
    }

    @Test
    void eachStepWaitsUntilThePeerHasSentWhatTheRecordedPeerHadSentBeforeIt() {
        LiveReplay replay = server(0, false, null);
        replay.start();
        replay.received(3);
        assertThat(log.actions).isEmpty(); // HELLO came after 9 client bytes
        replay.received(6);
        assertThat(log.actions).containsExactly("write HELLO\\n");
        replay.received(3);
        assertThat(log.actions).containsExactly("write HELLO\\n", "write WORLD\\n", "write bye\\n", "close");
        assertThat(replay.sent()).isEqualTo(16);
        assertThat(replay.result(CaptureReplayTest.bytes("hello\nworld\n")).matches())
                .isTrue();
    }

    @Test
    void playingTheClientWritesAtOnceWhatAwaitsNothing() {
        RecordedConnection c = CaptureReplayTest.upperConversation(0).connection(1);
        LiveReplay replay = new LiveReplay(c, Side.CLIENT, false, clock, null, log);
        replay.start();
        assertThat(log.actions).containsExactly("write hel", "write lo\\nwor");
        replay.received(6);
        assertThat(log.actions).endsWith("write ld\\n");
        replay.received(6);
        assertThat(log.actions).endsWith("half-close");
        replay.peerEnded();
        assertThat(log.actions).endsWith("close");
        ReplayResult result = replay.result(CaptureReplayTest.bytes("HELLO\nWORLD\n"));
        assertThat(result.role()).isEqualTo(Side.SERVER);
        assertThat(result.describe()).contains("s>c differs at byte 12: expected 0x62 'b', got the end (12 bytes)");
    }

    @Test
    void withOriginalTimingAStepAlsoWaitsForItsRecordedTime() {
        LiveReplay replay = server(1_000_000, true, null);
        replay.start();
        replay.received(9);
        clock.advance(1.0);
        assertThat(log.actions).isEmpty();
        clock.advance(0.001); // HELLO was recorded 1.00011 s after the connection was made
        assertThat(log.actions).containsExactly("write HELLO\\n");
    }

    @Test
    void whenThePeerEndsItsSideTheRestRunsAtOnceThenTheConnectionCloses() {
        LiveReplay replay = server(0, false, null);
        replay.start();
        replay.received(3);
        replay.peerEnded();
        assertThat(log.actions)
                .startsWith("write HELLO\\n", "write WORLD\\n", "write bye\\n", "close")
                .containsOnly("write HELLO\\n", "write WORLD\\n", "write bye\\n", "close");
    }

    @Test
    void theIdleTimeoutResetsAConnectionWhosePeerStaysSilentWhileAwaited() {
        LiveReplay replay = server(0, false, Duration.ofSeconds(2));
        replay.start();
        clock.advance(1.5);
        replay.received(3); // a byte re-arms the timer
        clock.advance(1.5);
        assertThat(log.actions).isEmpty();
        clock.advance(0.5);
        assertThat(log.actions).containsExactly("reset");
        assertThat(replay.timedOut()).isTrue();

        Log quiet = new Log();
        LiveReplay patient = new LiveReplay(
                CaptureReplayTest.upperConversation(0).connection(1), Side.SERVER, false, clock, null, quiet);
        patient.start();
        clock.advance(3600);
        assertThat(quiet.actions).isEmpty();
        assertThat(patient.timedOut()).isFalse();
        assertThatThrownBy(() -> server(0, false, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
