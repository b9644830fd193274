package dev.weft.internet.testing.capture;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.defer.Failure;
import dev.weft.internet.Protocol;
import dev.weft.internet.task.Clock;
import dev.weft.internet.testing.Chunking;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class CaptureReplayTest {
    /** A recorded conversation with an upper-casing line server: two lines, a half-close, "bye". */
    static Capture upperConversation(long answerDelayMicros) {
        long d = answerDelayMicros;
        return new Capture(
                0,
                List.of(
                        new OpenRecord(1, 0, "127.0.0.1:5000", "127.0.0.1:9001", "tcp:host=127.0.0.1:port=9000"),
                        new ConnectedRecord(1, 10, "127.0.0.1:6000", "127.0.0.1:9000"),
                        new DataRecord(1, 100, Side.CLIENT, bytes("hel")),
                        new DataRecord(1, 110, Side.CLIENT, bytes("lo\nwor")),
                        new DataRecord(1, 120 + d, Side.SERVER, bytes("HELLO\n")),
                        new DataRecord(1, 200 + d, Side.CLIENT, bytes("ld\n")),
                        new DataRecord(1, 210 + 2 * d, Side.SERVER, bytes("WORLD\n")),
                        new HalfCloseRecord(1, 300 + 2 * d, Side.CLIENT),
                        new DataRecord(1, 310 + 2 * d, Side.SERVER, bytes("bye\n")),
                        new CloseRecord(
                                1, 320 + 2 * d, Side.SERVER, false, CloseKind.CLEAN, "Connection was closed cleanly."),
                        new CloseRecord(1, 330 + 2 * d, Side.CLIENT, true, CloseKind.CLEAN, "")));
    }

    static byte[] bytes(String s) {
        return s.getBytes(US_ASCII);
    }

    @Test
    void aServerThatAnswersAsRecordedMatches() {
        UpperLineServer server = new UpperLineServer();

        ReplayResult result =
                CaptureReplay.of(upperConversation(0).connection(1)).asServer(server);

        assertThat(result.matches()).as(result.describe()).isTrue();
        assertThat(result.actual()).asString(US_ASCII).isEqualTo("HELLO\nWORLD\nbye\n");
        assertThat(result.closedByProtocol()).isTrue();
        assertThat(server.log).containsExactly("read-lost", "lost ConnectionDone");
        result.assertMatches();
    }

    @Test
    void aMismatchNamesTheConnectionTheOffsetAndShowsBothSidesInHex() {
        Protocol lower = new Protocol() {
            @Override
            public void dataReceived(byte[] data) {
                transport().write(new String(data, US_ASCII).replace("w", "W").getBytes(US_ASCII));
            }
        };

        ReplayResult result =
                CaptureReplay.of(upperConversation(0).connection(1)).asServer(lower);

        assertThat(result.matches()).isFalse();
        assertThat(result.mismatchOffset()).isEqualTo(0);
        assertThatThrownBy(result::assertMatches)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("connection #1, replayed to a server: s>c differs at byte 0")
                .hasMessageContaining("differs at byte 0: expected 0x48 'H', got 0x68 'h'")
                .hasMessageContaining("expected @0: [48] 45 4c 4c 4f 0a")
                .hasMessageContaining("got      @0: [68] 65 6c");
    }

    @Test
    void aServerThatStopsShortIsReportedAtTheEndOfWhatItWrote() {
        Protocol once = new Protocol() {
            private boolean answered;

            @Override
            public void dataReceived(byte[] data) {
                if (!answered && new String(data, US_ASCII).contains("\n")) {
                    answered = true;
                    transport().write(bytes("HELLO\n"));
                }
            }
        };

        ReplayResult result =
                CaptureReplay.of(upperConversation(0).connection(1)).asServer(once);

        assertThat(result.mismatchOffset()).isEqualTo(6);
        assertThat(result.describe())
                .contains("differs at byte 6: expected 0x57 'W', got no more bytes (only 6 bytes came)")
                .contains("(recorded 16 bytes, got 6)")
                .contains("[end]");
        assertThat(result.connectionLost())
                .as("the client's half-close closes a plain protocol")
                .isTrue();
        assertThat(result.closedByProtocol()).isFalse();
    }

    @Test
    void theClientsHalfCloseClosesAProtocolThatIsNotHalfCloseable() {
        List<String> log = new ArrayList<>();
        Protocol plain = new Protocol() {
            @Override
            public void connectionLost(Failure reason) {
                log.add("lost " + reason.type().getSimpleName());
            }
        };

        CaptureReplay.of(upperConversation(0).connection(1)).asServer(plain);

        assertThat(log).containsExactly("lost ConnectionDone");
    }

    @Test
    void aResetByThePeerArrivesAsConnectionLost() {
        Capture reset = new Capture(
                0,
                List.of(
                        new OpenRecord(3, 0, "127.0.0.1:5000", "127.0.0.1:9001", "tcp:9"),
                        new DataRecord(3, 5, Side.CLIENT, bytes("x\n")),
                        new CloseRecord(3, 9, Side.CLIENT, false, CloseKind.RESET, "Connection reset"),
                        new CloseRecord(3, 10, Side.SERVER, true, CloseKind.ABORTED, "")));
        UpperLineServer server = new UpperLineServer();

        ReplayResult result = CaptureReplay.of(reset.connection(3)).asServer(server);

        assertThat(server.log).containsExactly("lost ConnectionLost");
        assertThat(result.connection()).isEqualTo(3);
        assertThat(result.describe()).contains("connection #3").contains("differs at byte 0");
    }

    @Test
    void inputAfterTheProtocolClosedIsNotDelivered() {
        List<String> received = new ArrayList<>();
        Protocol closesAtOnce = new Protocol() {
            @Override
            public void dataReceived(byte[] data) {
                received.add(new String(data, US_ASCII));
                transport().loseConnection();
            }
        };

        CaptureReplay.of(upperConversation(0).connection(1)).asServer(closesAtOnce);

        assertThat(received).containsExactly("hel");
    }

    @Test
    void theClockFollowsTheRecordedTimesSoDelayedAnswersMatch() {
        Capture slow = upperConversation(500_000); // the server answered each line 0.5 s later
        Clock clock = new Clock();

        ReplayResult withClock =
                CaptureReplay.of(slow.connection(1)).withClock(clock).asServer(new UpperLineServer(clock, 0.5));
        ReplayResult withoutTime = CaptureReplay.of(slow.connection(1)).asServer(new UpperLineServer(new Clock(), 0.5));

        withClock.assertMatches();
        assertThat(clock.seconds())
                .as("the replay ends when the server closes, at the half-close")
                .isEqualTo(1.000300);
        assertThat(withoutTime.actual()).asString(US_ASCII).isEqualTo("bye\n");
    }

    @Test
    void aClientProtocolIsDrivenByTheRecordedServer() {
        List<String> heard = new ArrayList<>();
        Protocol client = new Protocol() {
            @Override
            public void connectionMade() {
                transport().write(bytes("hello\nworld\n"));
                ((dev.weft.internet.ITCPTransport) transport()).loseWriteConnection();
            }

            @Override
            public void dataReceived(byte[] data) {
                heard.add(new String(data, US_ASCII));
            }
        };

        ReplayResult result =
                CaptureReplay.of(upperConversation(0).connection(1)).asClient(client);

        result.assertMatches();
        assertThat(result.role()).isEqualTo(Side.CLIENT);
        assertThat(String.join("", heard)).isEqualTo("HELLO\nWORLD\nbye\n");
    }

    @Test
    void everySplitOfTheRecordedInputGetsTheRecordedAnswer() {
        CaptureReplay.of(upperConversation(0).connection(1))
                .asServerInEverySplit(UpperLineServer::new, Chunking.standard());
    }

    @Test
    void aProtocolThatDependsOnTheRecordedPiecesFailsAtANamedSplit() {
        // Answers per dataReceived call instead of per line: right for the recorded pieces only by luck.
        class PieceCounter extends Protocol {
            private final ByteArrayOutputStream seen = new ByteArrayOutputStream();

            @Override
            public void dataReceived(byte[] data) {
                seen.writeBytes(data);
                String text = seen.toString(US_ASCII);
                if (text.equals("hello\n")) {
                    transport().write(bytes("HELLO\n"));
                } else if (text.equals("hello\nworld\n")) {
                    transport().write(bytes("WORLD\n"));
                }
            }

            @Override
            public void connectionLost(Failure reason) {}
        }
        Capture noHalfClose = new Capture(
                0,
                List.of(
                        new OpenRecord(1, 0, "127.0.0.1:5000", "127.0.0.1:9001", "tcp:9"),
                        new DataRecord(1, 1, Side.CLIENT, bytes("hello\n")),
                        new DataRecord(1, 2, Side.SERVER, bytes("HELLO\n")),
                        new DataRecord(1, 3, Side.CLIENT, bytes("world\n")),
                        new DataRecord(1, 4, Side.SERVER, bytes("WORLD\n"))));
        CaptureReplay replay = CaptureReplay.of(noHalfClose.connection(1));

        replay.asServer(new PieceCounter()).assertMatches();
        assertThatThrownBy(() -> replay.asServerInEverySplit(PieceCounter::new, Chunking.standard()))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Delivering 12 bytes as Split.whole() failed")
                .hasMessageContaining("connection #1, replayed to a server")
                .hasMessageContaining("differs at byte 0");
    }

    /** A client that says hello, then acknowledges each line the server sends. */
    private static class LineAckClient extends Protocol {
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        @Override
        public void connectionMade() {
            transport().write(bytes("hello\n"));
        }

        @Override
        public void dataReceived(byte[] data) {
            for (byte b : data) {
                if (b == '\n') {
                    transport().write(bytes("ack " + line.toString(US_ASCII) + "\n"));
                    line.reset();
                } else {
                    line.write(b);
                }
            }
        }

        @Override
        public void connectionLost(Failure reason) {}
    }

    /** The client says hello; the server sends two lines, one piece each; the client acknowledges each. */
    private static CaptureReplay ackConversation() {
        return CaptureReplay.of(new Capture(
                        0,
                        List.of(
                                new OpenRecord(1, 0, "127.0.0.1:5000", "127.0.0.1:9001", "tcp:9"),
                                new DataRecord(1, 1, Side.CLIENT, bytes("hello\n")),
                                new DataRecord(1, 2, Side.SERVER, bytes("ONE\n")),
                                new DataRecord(1, 3, Side.CLIENT, bytes("ack ONE\n")),
                                new DataRecord(1, 4, Side.SERVER, bytes("TWO\n")),
                                new DataRecord(1, 5, Side.CLIENT, bytes("ack TWO\n")),
                                new CloseRecord(1, 6, Side.SERVER, false, CloseKind.CLEAN, "")))
                .connection(1));
    }

    @Test
    void aClientGetsTheRecordedServersBytesInEverySplit() {
        List<String> heard = new ArrayList<>();
        ackConversation()
                .asClientInEverySplit(
                        () -> new LineAckClient() {
                            @Override
                            public void dataReceived(byte[] data) {
                                heard.add(new String(data, US_ASCII));
                                super.dataReceived(data);
                            }
                        },
                        Chunking.standard());

        assertThat(heard).contains("ONE\nTWO\n", "O", "\n"); // whole, and one byte at a time
        assertThat(heard).noneMatch(piece -> piece.contains("hello") || piece.contains("ack"));
    }

    @Test
    void aClientThatDependsOnTheRecordedPiecesFailsAtANamedSplit() {
        // Acknowledges each dataReceived call as one line: right for the recorded pieces only by luck.
        class PieceAckClient extends LineAckClient {
            @Override
            public void dataReceived(byte[] data) {
                transport().write(bytes("ack " + new String(data, US_ASCII).replace("\n", "") + "\n"));
            }
        }
        CaptureReplay replay = ackConversation();

        replay.asClient(new PieceAckClient()).assertMatches();
        assertThatThrownBy(() -> replay.asClientInEverySplit(PieceAckClient::new, Chunking.standard()))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Delivering 8 bytes as Split.whole() failed")
                .hasMessageContaining("connection #1, replayed to a client")
                .hasMessageContaining("differs at byte 13");
    }

    @Test
    void aCaptureFileIsReadWhole() throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        try (CaptureWriter writer = new CaptureWriter(file, 42)) {
            for (CaptureRecord r : upperConversation(0).records()) {
                writer.write(r);
            }
        }

        Capture read = Capture.read(new java.io.ByteArrayInputStream(file.toByteArray()));

        assertThat(read.startEpochMicros()).isEqualTo(42);
        assertThat(read.connections()).hasSize(1);
        RecordedConnection c = read.connection(1);
        assertThat(c.bytes(Side.CLIENT)).asString(US_ASCII).isEqualTo("hello\nworld\n");
        assertThat(c.pieces(Side.CLIENT)).hasSize(3);
        assertThat(c.halfClosed(Side.CLIENT)).isTrue();
        assertThat(c.halfClosed(Side.SERVER)).isFalse();
        assertThat(c.close(Side.SERVER))
                .hasValueSatisfying(close -> assertThat(close.byTap()).isFalse());
        assertThatThrownBy(() -> read.connection(7)).hasMessage("the capture has no connection #7; it has #1");
    }
}
