package dev.weft.internet.testing.capture;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.task.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How a live peer ended its side against how the recorded peer did ({@link ReplayResult#endMatches()}): an end of
 * stream, a reset, or none before the replayed side's own close; on a virtual clock.
 */
final class LiveReplayEndTest {
    private static final byte[] REQUEST = "GET a\n".getBytes(US_ASCII);

    private final Clock clock = new Clock();
    private final List<String> actions = new ArrayList<>();
    private final LiveReplay.Actions log = new LiveReplay.Actions() {
        @Override
        public void write(byte[] bytes) {
            actions.add("write");
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
    };

    /** Connection #1: GET a, VALUE 1, then {@code end}'s records; micros as given. */
    private static RecordedConnection recording(CaptureRecord... end) {
        List<CaptureRecord> records = new ArrayList<>();
        records.add(new OpenRecord(1, 0, "127.0.0.1:5000", "127.0.0.1:9001", "tcp:host=127.0.0.1:port=9000"));
        records.add(new ConnectedRecord(1, 10, "127.0.0.1:6000", "127.0.0.1:9000"));
        records.add(new DataRecord(1, 11, Side.CLIENT, REQUEST));
        records.add(new DataRecord(1, 12, Side.SERVER, "VALUE 1\n".getBytes(US_ASCII)));
        records.addAll(List.of(end));
        return new Capture(0, records).connection(1);
    }

    /** The recorded client reset the connection after the reply; the tap then reset the server's leg. */
    private static RecordedConnection clientResets() {
        return recording(
                new CloseRecord(1, 13, Side.CLIENT, false, CloseKind.RESET, "reset"),
                new CloseRecord(1, 14, Side.SERVER, true, CloseKind.ABORTED, "reset"));
    }

    /** The recorded client half-closed after the reply, then the server did; the tap closed both legs. */
    private static RecordedConnection clientHalfCloses() {
        return recording(
                new HalfCloseRecord(1, 13, Side.CLIENT),
                new HalfCloseRecord(1, 14, Side.SERVER),
                new CloseRecord(1, 15, Side.SERVER, true, CloseKind.CLEAN, ""),
                new CloseRecord(1, 16, Side.CLIENT, true, CloseKind.CLEAN, ""));
    }

    /** The recorded server closed two seconds after its reply, the client's side still open. */
    private static RecordedConnection serverClosesLater() {
        return recording(
                new CloseRecord(1, 2_000_012, Side.SERVER, false, CloseKind.CLEAN, ""),
                new CloseRecord(1, 2_000_013, Side.CLIENT, true, CloseKind.CLEAN, ""));
    }

    private LiveReplay served(RecordedConnection c, boolean originalTiming) {
        LiveReplay replay = new LiveReplay(c, Side.SERVER, originalTiming, clock, null, log);
        replay.start();
        replay.received(REQUEST);
        return replay;
    }

    @Test
    void anEndOfStreamWhereTheRecordedClientResetDiffers() {
        LiveReplay replay = served(clientResets(), false);
        replay.peerEnded();
        replay.stopped(false);
        ReplayResult result = replay.result(REQUEST);

        assertThat(actions).containsExactly("write", "close");
        assertThat(result.mismatchOffset()).isEqualTo(-1);
        assertThat(result.endMatches()).isFalse();
        assertThat(result.matches()).isFalse();
        assertThat(result.endDifference())
                .isEqualTo("the client ended its side (an end of stream); the recorded client reset the connection"
                        + " after its 6 bytes");
        assertThat(result.describe())
                .isEqualTo("connection #1, replayed to a client: c>s the client sent the recorded 6 bytes but ended"
                        + " its side (an end of stream); the recorded client reset the connection after its 6 bytes");
    }

    @Test
    void aResetWhereTheRecordedClientResetMatches() {
        LiveReplay replay = served(clientResets(), false);
        replay.stopped(true);
        assertThat(replay.result(REQUEST).matches()).isTrue();

        LiveReplay untold = served(clientResets(), false);
        untold.stopped(); // lost, how not told (weft-fixture's SinkServer): a reset is not compared
        assertThat(untold.result(REQUEST).matches()).isTrue();

        LiveReplay open = served(clientResets(), false); // still open: no reset yet
        assertThat(open.result(REQUEST).endDifference())
                .isEqualTo("the client has not reset the connection; the recorded client reset it after its 6 bytes");
    }

    @Test
    void aResetWhereTheRecordedClientHalfClosedDiffers() {
        LiveReplay replay = served(clientHalfCloses(), false);
        replay.stopped(true);
        ReplayResult result = replay.result(REQUEST);

        assertThat(result.endDifference())
                .isEqualTo("the client reset the connection; the recorded client half-closed after its 6 bytes");
        assertThat(result.matches()).isFalse();

        LiveReplay ended = served(clientHalfCloses(), false);
        ended.peerEnded();
        ended.writeEnded();
        ended.stopped(true); // a reset after its end of stream (unread bytes, say) is its end already made
        assertThat(ended.result(REQUEST).matches()).isTrue();
    }

    @Test
    void aClientThatEndsItsSideBeforeARecordedCloseItHadNotAnsweredDiffers() {
        LiveReplay replay = served(serverClosesLater(), true);
        clock.advance(0.001);
        assertThat(actions).containsExactly("write");
        replay.peerEnded(); // the recorded client had not ended its side when the server closed
        clock.advance(2.0);
        assertThat(actions).containsExactly("write", "close");
        replay.stopped(false);
        ReplayResult result = replay.result(REQUEST);

        assertThat(result.endMatches()).isFalse();
        assertThat(result.endDifference())
                .isEqualTo("the client ended its side before the server's close; the recorded client had not ended its"
                        + " side by then");

        LiveReplay resets = served(serverClosesLater(), true);
        resets.stopped(true);
        assertThat(resets.result(REQUEST).endDifference())
                .isEqualTo("the client reset the connection before the server's close; the recorded client had not"
                        + " ended its side by then");
    }

    @Test
    void aClientThatKeepsItsSideOpenUntilTheRecordedCloseMatches() {
        LiveReplay replay = served(serverClosesLater(), true);
        clock.advance(2.1);
        assertThat(actions).containsExactly("write", "close");
        replay.peerEnded(); // after the close: as recorded, whether it is seen or not
        replay.stopped(false);
        assertThat(replay.result(REQUEST).matches()).isTrue();

        LiveReplay unseen = served(serverClosesLater(), true);
        clock.advance(2.1);
        unseen.stopped(true); // a reset answering the close
        assertThat(unseen.result(REQUEST).matches()).isTrue();
    }

    /**
     * The recorded client half-closed after its request, and the server closed after its reply: the close does not
     * wait for the client's end ({@link LiveReplay.Order#BYTES}), so a client that has not ended its side by then is
     * not told apart from one that has.
     */
    @Test
    void anEndTheReplayCouldNotSeeBecauseItClosedFirstAsRecordedIsNotHeldAgainstThePeer() {
        RecordedConnection c = new Capture(
                        0,
                        List.of(
                                new OpenRecord(
                                        1, 0, "127.0.0.1:5000", "127.0.0.1:9001", "tcp:host=127.0.0.1:port=9000"),
                                new ConnectedRecord(1, 10, "127.0.0.1:6000", "127.0.0.1:9000"),
                                new DataRecord(1, 11, Side.CLIENT, REQUEST),
                                new HalfCloseRecord(1, 12, Side.CLIENT),
                                new DataRecord(1, 13, Side.SERVER, "VALUE 1\n".getBytes(US_ASCII)),
                                new CloseRecord(1, 14, Side.SERVER, false, CloseKind.CLEAN, ""),
                                new CloseRecord(1, 15, Side.CLIENT, true, CloseKind.CLEAN, "")))
                .connection(1);
        LiveReplay replay = served(c, false);
        assertThat(actions).containsExactly("write", "close");
        replay.stopped(false);
        assertThat(replay.result(REQUEST).matches()).isTrue();
    }

    /** With no end from either side in the recording (a stopped tap), the live peer's end is not compared. */
    @Test
    void aRecordingWithNoEndComparesNone() {
        RecordedConnection c = recording(
                new CloseRecord(1, 13, Side.SERVER, true, CloseKind.INTERRUPTED, ""),
                new CloseRecord(1, 14, Side.CLIENT, true, CloseKind.INTERRUPTED, ""));
        LiveReplay ends = served(c, false);
        ends.peerEnded();
        ends.stopped(false);
        assertThat(ends.result(REQUEST).matches()).isTrue();

        LiveReplay resets = served(c, false);
        resets.stopped(true);
        assertThat(resets.result(REQUEST).matches()).isTrue();
    }
}
