package dev.weft.internet.testing.capture;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.internet.task.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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

    /** Builds the records of connection #1, one microsecond apart unless {@link #at} says otherwise. */
    private static final class Recording {
        final List<CaptureRecord> records = new ArrayList<>();
        long micros = 10;

        Recording() {
            records.add(new OpenRecord(1, 0, "127.0.0.1:5000", "127.0.0.1:9001", "tcp:host=127.0.0.1:port=9000"));
            records.add(new ConnectedRecord(1, micros, "127.0.0.1:6000", "127.0.0.1:9000"));
        }

        Recording at(long micros) {
            this.micros = micros;
            return this;
        }

        Recording data(Side from, String text) {
            records.add(new DataRecord(1, ++micros, from, CaptureReplayTest.bytes(text)));
            return this;
        }

        Recording halfClose(Side from) {
            records.add(new HalfCloseRecord(1, ++micros, from));
            return this;
        }

        Recording close(Side leg, boolean byTap, CloseKind kind) {
            records.add(new CloseRecord(1, ++micros, leg, byTap, kind, ""));
            return this;
        }

        RecordedConnection connection() {
            return new Capture(0, records).connection(1);
        }
    }

    /**
     * A request and its reply, then the client half-closes and the server after it, as weft tap records a client that
     * sends its end first: the tap closes both legs once both sides have ended.
     */
    private static RecordedConnection clientEndsFirst() {
        return new Recording()
                .data(Side.CLIENT, "GET a\n")
                .data(Side.SERVER, "VALUE 1\n")
                .halfClose(Side.CLIENT)
                .halfClose(Side.SERVER)
                .close(Side.SERVER, true, CloseKind.CLEAN)
                .close(Side.CLIENT, true, CloseKind.CLEAN)
                .connection();
    }

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
        // bye and the close came after the client's half-close, but bye needs only the client's 12 bytes, and the
        // close followed bye
        assertThat(log.actions).containsExactly("write HELLO\\n", "write WORLD\\n", "write bye\\n", "close");
        assertThat(replay.waitingFor()).isEmpty();
        replay.peerEnded();
        assertThat(log.actions).containsExactly("write HELLO\\n", "write WORLD\\n", "write bye\\n", "close");
        assertThat(replay.sent()).isEqualTo(16);
        assertThat(replay.result(CaptureReplayTest.bytes("hello\nworld\n")).matches())
                .isTrue();
    }

    @Test
    void inStrictOrderEveryStepRecordedAfterThePeersEndWaitsForTheLivePeersEnd() {
        LiveReplay replay = new LiveReplay(
                CaptureReplayTest.upperConversation(0).connection(1),
                Side.SERVER,
                LiveReplay.Order.STRICT,
                false,
                clock,
                null,
                log);
        replay.start();
        replay.received(12);
        assertThat(log.actions).containsExactly("write HELLO\\n", "write WORLD\\n"); // bye came after the end
        assertThat(replay.waitingFor())
                .isEqualTo("the client to end its side, as the recorded client had before the server's write of 4"
                        + " bytes");
        replay.peerEnded();
        assertThat(log.actions).containsExactly("write HELLO\\n", "write WORLD\\n", "write bye\\n", "close");
    }

    /**
     * The client wrote its request and half-closed at once, and the server answered, then half-closed: the order a tap
     * records for a client that sends its end with its request.
     */
    private static RecordedConnection clientEndsWithItsRequest() {
        return new Recording()
                .data(Side.CLIENT, "GET a\n")
                .halfClose(Side.CLIENT)
                .data(Side.SERVER, "VALUE 1\n")
                .halfClose(Side.SERVER)
                .close(Side.SERVER, true, CloseKind.CLEAN)
                .close(Side.CLIENT, true, CloseKind.CLEAN)
                .connection();
    }

    /** The request's 6 bytes as they may come: whole, split at every boundary, one byte at a time. */
    private static List<int[]> requestSplits() {
        List<int[]> splits = new ArrayList<>();
        splits.add(new int[] {6});
        for (int k = 1; k < 6; k++) {
            splits.add(new int[] {k, 6 - k});
        }
        splits.add(new int[] {1, 1, 1, 1, 1, 1});
        return splits;
    }

    @Test
    void aReplyRecordedAfterThePeersHalfCloseWaitsOnlyForTheBytesItAnswered() {
        for (int[] split : requestSplits()) {
            Log seen = new Log();
            LiveReplay replay = new LiveReplay(clientEndsWithItsRequest(), Side.SERVER, false, clock, null, seen);
            replay.start();
            for (int n : split) {
                assertThat(seen.actions).as(Arrays.toString(split)).isEmpty(); // not before the request
                replay.received(n);
            }
            // the live client keeps its side open until it has its answer: it gets the answer, then the end
            assertThat(seen.actions).as(Arrays.toString(split)).containsExactly("write VALUE 1\\n", "half-close");
            assertThat(replay.waitingFor()).isEqualTo("the client to end its side, then the close");
            assertThat(replay.result(CaptureReplayTest.bytes("GET a\n")).endMatches())
                    .isFalse(); // not yet: the recorded client half-closed after its 6 bytes
            replay.peerEnded();
            replay.writeEnded();
            assertThat(seen.actions).containsExactly("write VALUE 1\\n", "half-close", "close");
            assertThat(replay.result(CaptureReplayTest.bytes("GET a\n")).matches())
                    .isTrue();
        }
    }

    @Test
    void aReplyWhosePiecesTheRecordedPeersEndCameBetweenGoesOutWhole() {
        // the tap saw the client's end between two pieces of the reply: a race, not something the server waited for
        RecordedConnection c = new Recording()
                .data(Side.CLIENT, "GET a\n")
                .data(Side.SERVER, "VAL")
                .halfClose(Side.CLIENT)
                .data(Side.SERVER, "UE 1\n")
                .close(Side.SERVER, false, CloseKind.CLEAN)
                .close(Side.CLIENT, true, CloseKind.CLEAN)
                .connection();
        LiveReplay replay = new LiveReplay(c, Side.SERVER, false, clock, null, log);
        replay.start();
        replay.received(6);
        assertThat(log.actions).containsExactly("write VAL", "write UE 1\\n", "close");

        Log strict = new Log();
        LiveReplay waits = new LiveReplay(c, Side.SERVER, LiveReplay.Order.STRICT, false, clock, null, strict);
        waits.start();
        waits.received(6);
        assertThat(strict.actions).containsExactly("write VAL");
        waits.peerEnded();
        assertThat(strict.actions).containsExactly("write VAL", "write UE 1\\n", "close");
    }

    @Test
    void inStrictOrderAReplyRecordedAfterThePeersHalfCloseWaitsForTheLivePeersEnd() {
        LiveReplay replay = new LiveReplay(
                clientEndsWithItsRequest(), Side.SERVER, LiveReplay.Order.STRICT, false, clock, null, log);
        replay.start();
        replay.received(6);
        assertThat(log.actions).isEmpty();
        assertThat(replay.waitingFor())
                .isEqualTo("the client to end its side, as the recorded client had before the server's write of 8"
                        + " bytes");
        replay.peerEnded();
        assertThat(log.actions).containsExactly("write VALUE 1\\n", "half-close", "close");
    }

    @Test
    void anEndThatAnsweredThePeersEndWaitsForTheLivePeersEndAndTheIdleTimeoutBoundsIt() {
        // the server wrote nothing after the client's end: its half-close answered that end
        RecordedConnection c = new Recording()
                .data(Side.CLIENT, "QUIT\n")
                .halfClose(Side.CLIENT)
                .halfClose(Side.SERVER)
                .close(Side.SERVER, true, CloseKind.CLEAN)
                .close(Side.CLIENT, true, CloseKind.CLEAN)
                .connection();
        LiveReplay replay = new LiveReplay(c, Side.SERVER, false, clock, Duration.ofSeconds(2), log);
        replay.start();
        replay.received(5);
        assertThat(log.actions).isEmpty();
        assertThat(replay.waitingFor())
                .isEqualTo("the client to end its side, as the recorded client had before the server's half-close");
        clock.advance(2); // a client that never ends its side: reset, and the wait stays told
        assertThat(log.actions).containsExactly("reset");
        assertThat(replay.timedOut()).isTrue();
        replay.stopped();
        assertThat(replay.waitingFor())
                .isEqualTo("the client to end its side, as the recorded client had before the server's half-close");
        assertThat(replay.result(CaptureReplayTest.bytes("QUIT\n")).matches()).isFalse();
    }

    @Test
    void aServerWhoseRecordedClientEndedFirstKeepsItsSideOpenUntilTheLiveClientEnds() {
        LiveReplay replay = new LiveReplay(clientEndsFirst(), Side.SERVER, false, clock, null, log);
        replay.start();
        replay.received(6);
        assertThat(log.actions).containsExactly("write VALUE 1\\n"); // the client's last byte: not yet its end
        assertThat(replay.waitingFor())
                .isEqualTo("the client to end its side, as the recorded client had before the server's half-close");
        assertThat(replay)
                .hasToString("LiveReplay[#1 as the server, 1 of 2 steps, 6 bytes received, waiting for the"
                        + " client to end its side, as the recorded client had before the server's half-close]");
        clock.advance(3600); // no idle timeout: the replay waits as long as the client keeps its side open
        assertThat(log.actions).containsExactly("write VALUE 1\\n");

        replay.peerEnded();
        assertThat(log.actions).containsExactly("write VALUE 1\\n", "half-close", "close");
        assertThat(replay.waitingFor()).isEmpty();
    }

    @Test
    void aClientWhoseRecordedCloseCameAfterTheServersEndWaitsForTheLiveServersEnd() {
        // the server speaks first and closes; the client reads it all and closes once it has read the end
        RecordedConnection c = new Recording()
                .data(Side.SERVER, "220 hi\n")
                .data(Side.CLIENT, "QUIT\n")
                .data(Side.SERVER, "221 bye\n")
                .halfClose(Side.SERVER)
                .close(Side.CLIENT, false, CloseKind.CLEAN)
                .close(Side.SERVER, true, CloseKind.CLEAN)
                .connection();
        LiveReplay replay = new LiveReplay(c, Side.CLIENT, false, clock, null, log);
        replay.start();
        assertThat(log.actions).isEmpty(); // the greeting is awaited
        replay.received(7);
        assertThat(log.actions).containsExactly("write QUIT\\n");
        replay.received(8);
        assertThat(log.actions).containsExactly("write QUIT\\n"); // the server's last byte, not its end
        assertThat(replay.waitingFor())
                .isEqualTo("the server to end its side, as the recorded server had before the client's close");

        replay.peerEnded();
        assertThat(log.actions).containsExactly("write QUIT\\n", "close");
        assertThat(replay.result(CaptureReplayTest.bytes("220 hi\n221 bye\n")).matches())
                .isTrue();
    }

    @Test
    void theIdleTimeoutEndsAWaitForAPeerThatNeverEndsItsSide() {
        LiveReplay replay = new LiveReplay(clientEndsFirst(), Side.SERVER, false, clock, Duration.ofSeconds(2), log);
        replay.start();
        replay.received(6);
        clock.advance(1.9);
        assertThat(log.actions).containsExactly("write VALUE 1\\n");
        clock.advance(0.1);
        assertThat(log.actions).containsExactly("write VALUE 1\\n", "reset");
        assertThat(replay.timedOut()).isTrue();
    }

    @Test
    void inStrictOrderWithOriginalTimingAStepWaitsForBothItsTimeAndThePeersEnd() {
        RecordedConnection c = new Recording()
                .data(Side.CLIENT, "GET a\n")
                .halfClose(Side.CLIENT)
                .at(1_000_010)
                .data(Side.SERVER, "VALUE 1\n") // 1 s after the connection was made
                .halfClose(Side.SERVER)
                .close(Side.SERVER, true, CloseKind.CLEAN)
                .close(Side.CLIENT, true, CloseKind.CLEAN)
                .connection();
        LiveReplay early =
                new LiveReplay(c, Side.SERVER, LiveReplay.Order.STRICT, true, clock, Duration.ofSeconds(5), log);
        early.start();
        early.received(6);
        early.peerEnded(); // the end came before the reply's time: the reply still waits for it
        clock.advance(0.9);
        assertThat(log.actions).isEmpty();
        clock.advance(0.2);
        assertThat(log.actions).containsExactly("write VALUE 1\\n", "half-close", "close");

        Log waits = new Log();
        LiveReplay late =
                new LiveReplay(c, Side.SERVER, LiveReplay.Order.STRICT, true, clock, Duration.ofSeconds(5), waits);
        late.start();
        late.received(6);
        clock.advance(4); // the reply's time has come, but not the client's end; the pause is no silence
        assertThat(waits.actions).isEmpty();
        assertThat(late.timedOut()).isFalse();
        late.peerEnded();
        assertThat(waits.actions).containsExactly("write VALUE 1\\n", "half-close", "close");
    }

    @Test
    void theResultTellsAPeerThatDidNotEndItsSideWhereTheRecordedOneDid() {
        byte[] request = CaptureReplayTest.bytes("GET a\n");
        LiveReplay open = new LiveReplay(clientEndsFirst(), Side.SERVER, false, clock, null, log);
        open.start();
        open.received(6);
        ReplayResult sofar = open.result(request);
        assertThat(sofar.matches()).isFalse();
        assertThat(sofar.mismatchOffset()).isEqualTo(-1);
        assertThat(sofar.endMatches()).isFalse();
        assertThat(sofar.describe())
                .isEqualTo("connection #1, replayed to a client: c>s the client sent the recorded 6 bytes but has not"
                        + " ended its side; the recorded client half-closed after its 6 bytes");
        open.stopped(); // reset by the client, say
        assertThatThrownBy(() -> open.result(request).assertMatches())
                .isInstanceOf(AssertionError.class)
                .hasMessage("connection #1, replayed to a client: c>s the client sent the recorded 6 bytes but the"
                        + " connection was lost before the client ended its side; the recorded client half-closed"
                        + " after its 6 bytes");

        LiveReplay early = new LiveReplay(clientEndsFirst(), Side.SERVER, false, clock, null, new Log());
        early.start();
        early.received(3);
        early.peerEnded();
        early.stopped();
        assertThat(early.result(CaptureReplayTest.bytes("GET")).describe())
                .startsWith("connection #1, replayed to a client: c>s differs at byte 3: expected 0x20 ' ', got no"
                        + " more bytes (only 3 bytes came)")
                .endsWith("\n  the client ended its side after 3 bytes, early: the recorded client half-closed after"
                        + " its 6 bytes\n  the replay was holding the server's reply #1 (8 bytes) until 3 more bytes"
                        + " came from the client (recorded: the client sent 6 bytes before it)");

        LiveReplay ended = new LiveReplay(clientEndsFirst(), Side.SERVER, false, clock, null, new Log());
        ended.start();
        ended.received(6);
        ended.peerEnded();
        assertThat(ended.result(request).describe())
                .isEqualTo("connection #1, replayed to a client: c>s matches the recording (6 bytes)");
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
        assertThat(result.describe())
                .contains("s>c differs at byte 12: expected 0x62 'b', got no more bytes (only 12 bytes came)");
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

    @Test
    void resultKeepingComparesAsResultDoesWithoutCopyingWhatMatches() {
        RecordedConnection c = CaptureReplayTest.upperConversation(0).connection(1);
        byte[] recorded = c.bytes(Side.CLIENT);
        assertThat(c.sentExactly(Side.CLIENT, recorded.clone())).isTrue();
        for (String other : List.of("hello\nworle\n", "hello\nworld", "hello\nworld\n!", "", "Hello\nworld\n")) {
            assertThat(c.sentExactly(Side.CLIENT, CaptureReplayTest.bytes(other)))
                    .as(other)
                    .isFalse();
        }
        LiveReplay replay = server(0, false, null);
        replay.start();
        replay.received(recorded.length);
        replay.peerEnded();
        for (String live : List.of("hello\nworld\n", "hello\nworle\n", "hello\n")) {
            byte[] sent = CaptureReplayTest.bytes(live);
            ReplayResult kept = replay.resultKeeping(sent.clone());
            ReplayResult copied = replay.result(sent);
            assertThat(kept.matches()).as(live).isEqualTo(copied.matches());
            assertThat(kept.describe()).as(live).isEqualTo(copied.describe());
            assertThat(kept.mismatchOffset()).as(live).isEqualTo(copied.mismatchOffset());
            assertThat(kept.expected()).as(live).isEqualTo(recorded);
            assertThat(kept.actual()).as(live).isEqualTo(sent);
        }
        assertThat(replay.result(CaptureReplayTest.bytes("hello\nworle\n")).mismatchOffset())
                .isEqualTo(10);
    }
}
