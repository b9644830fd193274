package dev.weft.internet.testing.capture;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.internet.task.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** LiveReplay's pacing with ignored patterns, and what a result says the replay was holding. */
final class LiveReplayIgnoreTest {
    private static final Pattern HOST = Pattern.compile("(?m)^Host: .*$");
    private static final String REPLY_1 = "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na";
    private static final String REPLY_2 = "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nb";

    private final Clock clock = new Clock();
    private final List<String> writes = new ArrayList<>();

    private final LiveReplay.Actions actions = new LiveReplay.Actions() {
        @Override
        public void write(byte[] bytes) {
            writes.add(new String(bytes, US_ASCII));
        }

        @Override
        public void halfClose() {
            writes.add("half-close");
        }

        @Override
        public void close() {
            writes.add("close");
        }

        @Override
        public void reset() {
            writes.add("reset");
        }
    };

    private static String request(String path, String hostPort) {
        return "GET " + path + " HTTP/1.1\r\nHost: " + hostPort + "\r\nAccept: */*\r\n\r\n";
    }

    /** Two requests on one keep-alive connection recorded through a tap on port 33837, then the client's close. */
    private static RecordedConnection keepAlive() {
        List<CaptureRecord> records = new ArrayList<>();
        records.add(new OpenRecord(1, 0, "127.0.0.1:5000", "127.0.0.1:33837", "tcp:host=127.0.0.1:port=9000"));
        records.add(new ConnectedRecord(1, 10, "127.0.0.1:6000", "127.0.0.1:9000"));
        records.add(new DataRecord(1, 20, Side.CLIENT, bytes(request("/a", "127.0.0.1:33837"))));
        records.add(new DataRecord(1, 30, Side.SERVER, bytes(REPLY_1)));
        records.add(new DataRecord(1, 40, Side.CLIENT, bytes(request("/b", "127.0.0.1:33837"))));
        records.add(new DataRecord(1, 50, Side.SERVER, bytes(REPLY_2)));
        records.add(new CloseRecord(1, 60, Side.CLIENT, false, CloseKind.CLEAN, ""));
        records.add(new CloseRecord(1, 61, Side.SERVER, true, CloseKind.CLEAN, ""));
        return new Capture(0, records).connection(1);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(US_ASCII);
    }

    /** Every way to cut {@code input}: whole, in two at every boundary, and one byte at a time. */
    private static List<List<byte[]>> splits(byte[] input) {
        List<List<byte[]>> all = new ArrayList<>();
        all.add(List.of(input));
        for (int at = 1; at < input.length; at++) {
            all.add(List.of(Arrays.copyOf(input, at), Arrays.copyOfRange(input, at, input.length)));
        }
        List<byte[]> bytes = new ArrayList<>();
        for (byte b : input) {
            bytes.add(new byte[] {b});
        }
        all.add(bytes);
        return all;
    }

    @Test
    void aRequestOneByteShorterThanRecordedHoldsItsReplyAndTheResultSaysSo() {
        LiveReplay replay = new LiveReplay(keepAlive(), Side.SERVER, false, clock, null, actions);
        replay.start();
        byte[] shorter = bytes(request("/a", "127.0.0.1:4687"));
        replay.received(shorter);
        assertThat(writes).isEmpty();
        assertThat(replay.waitingFor())
                .isEqualTo("1 more byte from the client (54 of the 55 the recorded client had sent before the"
                        + " server's write of 39 bytes)");
        replay.peerEnded();
        replay.stopped();
        ReplayResult result = replay.result(shorter);
        assertThat(result.holding())
                .isEqualTo("the server's reply #1 (39 bytes) until 1 more byte came from the client (recorded: the"
                        + " client sent 55 bytes before it)");
        assertThat(result.describe())
                .endsWith("\n  the replay was holding the server's reply #1 (39 bytes) until 1 more byte came from"
                        + " the client (recorded: the client sent 55 bytes before it)");
    }

    @Test
    void ignoringTheHostHeaderEachReplyGoesOutWhenItsRequestIsCompleteHoweverTheBytesAreCut() {
        for (String port : List.of("4687", "46877", "468777")) {
            byte[] first = bytes(request("/a", "127.0.0.1:" + port));
            byte[] second = bytes(request("/b", "127.0.0.1:" + port));
            for (List<byte[]> pieces : splits(first)) {
                writes.clear();
                LiveReplay replay =
                        new LiveReplay(keepAlive(), Side.SERVER, false, clock, null, actions).ignoring(List.of(HOST));
                replay.start();
                for (int i = 0; i < pieces.size(); i++) {
                    assertThat(writes)
                            .as("port %s, before piece %d of %d", port, i, pieces.size())
                            .isEmpty();
                    replay.received(pieces.get(i));
                }
                assertThat(writes).containsExactly(REPLY_1);
                for (byte b : Arrays.copyOf(second, second.length - 1)) {
                    replay.received(new byte[] {b});
                }
                assertThat(writes)
                        .as("port %s: reply 2 before its request's last byte", port)
                        .containsExactly(REPLY_1);
                replay.received(new byte[] {second[second.length - 1]});
                assertThat(writes).containsExactly(REPLY_1, REPLY_2);
                replay.peerEnded();
                assertThat(writes).containsExactly(REPLY_1, REPLY_2, "close");
                byte[] sent = bytes(new String(first, US_ASCII) + new String(second, US_ASCII));
                replay.result(sent).assertMatches();
                assertThat(replay.result(sent).ignored()).containsExactly(HOST);
            }
        }
    }

    @Test
    void withoutIgnoringALongerRequestGetsItsReplyEarlyAndIgnoringItDoesNot() {
        byte[] longer = bytes(request("/a", "127.0.0.1:338377"));
        LiveReplay counting = new LiveReplay(keepAlive(), Side.SERVER, false, clock, null, actions);
        counting.start();
        counting.received(Arrays.copyOf(longer, longer.length - 1));
        assertThat(writes).containsExactly(REPLY_1); // by count: one byte before the request's end

        writes.clear();
        LiveReplay ignoring =
                new LiveReplay(keepAlive(), Side.SERVER, false, clock, null, actions).ignoring(List.of(HOST));
        ignoring.start();
        ignoring.received(Arrays.copyOf(longer, longer.length - 1));
        assertThat(writes).isEmpty();
        assertThat(ignoring.waitingFor()).endsWith(", each ignored run counted as one byte)");
        ignoring.received(new byte[] {longer[longer.length - 1]});
        assertThat(writes).containsExactly(REPLY_1);
    }

    @Test
    void anIgnoringReplayNeedsTheBytesAndThePatternsBeforeItStarts() {
        LiveReplay replay =
                new LiveReplay(keepAlive(), Side.SERVER, false, clock, null, actions).ignoring(List.of(HOST));
        assertThatThrownBy(() -> replay.received(3))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("call received(bytes)");
        replay.start();
        assertThatThrownBy(() -> replay.ignoring(List.of(HOST)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("give the patterns before start()");
    }

    @Test
    void aLockStepClientAgainstAPipelinedRecordingIsToldWhatTheReplayHeld() {
        List<CaptureRecord> records = new ArrayList<>();
        records.add(new OpenRecord(1, 0, "127.0.0.1:5000", "127.0.0.1:2525", "tcp:host=127.0.0.1:port=25"));
        records.add(new ConnectedRecord(1, 10, "127.0.0.1:6000", "127.0.0.1:25"));
        records.add(new DataRecord(1, 20, Side.SERVER, bytes("220 mail ESMTP ready\r\n")));
        records.add(new DataRecord(1, 30, Side.CLIENT, bytes("HELO me\r\nQUIT\r\n")));
        records.add(new DataRecord(1, 40, Side.SERVER, bytes("250 mail greets me here\r\n221 bye now ok\r\n")));
        records.add(new CloseRecord(1, 50, Side.SERVER, false, CloseKind.CLEAN, ""));
        RecordedConnection smtp = new Capture(0, records).connection(1);
        LiveReplay replay = new LiveReplay(smtp, Side.SERVER, false, clock, null, actions);
        replay.start();
        replay.received(bytes("HELO me\r\n")); // and waits for the answer to HELO
        assertThat(replay.result(bytes("HELO me\r\n")).holding())
                .isEqualTo("the server's reply #2 (41 bytes) until 6 more bytes came from the client (recorded: the"
                        + " client sent 15 bytes before it)");
        replay.peerEnded(); // the client gave up
        replay.stopped();
        assertThat(writes).hasSize(3); // the rest went out at the client's end
        ReplayResult result = replay.result(bytes("HELO me\r\n"));
        assertThat(result.describe())
                .isEqualTo("connection #1, replayed to a client: c>s differs at byte 9: expected 0x51 'Q', got no more"
                        + " bytes (only 9 bytes came) (recorded 15 bytes, got 9)\n"
                        + "  expected @0: 48 45 4c 4f 20 6d 65 0d 0a [51] 55 49 54 0d 0a |HELO me..[Q]UIT..|\n"
                        + "  got      @0: 48 45 4c 4f 20 6d 65 0d 0a [end] |HELO me..[end]|\n"
                        + "  the end differs too: the client ended its side before the server's close; the recorded"
                        + " client had not ended its side by then\n"
                        + "  the replay was holding the server's reply #2 (41 bytes) until 6 more bytes came from the"
                        + " client (recorded: the client sent 15 bytes before it)");
        assertThat(result.matchesSoFar()).isTrue();
    }
}
