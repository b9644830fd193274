package dev.weft.internet.testing.capture;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.internet.Protocol;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link CaptureReplay#withDriver}: a client that sends only when its API is called, replayed turn by turn. */
final class CaptureReplayDriverTest {
    /** A client that greets on connect and sends a request line only when {@link #request} is called. */
    static final class ApiClient extends Protocol {
        final StringBuilder received = new StringBuilder();

        @Override
        public void connectionMade() {
            transport().write(bytes("HELLO\r\n"));
        }

        void request(String line) {
            transport().write(bytes(line + "\r\n"));
        }

        @Override
        public void dataReceived(byte[] data) {
            received.append(new String(data, US_ASCII));
        }
    }

    /** The recorded conversation: the greeting, then two requests, each sent after the previous answer. */
    static RecordedConnection conversation() {
        return new Capture(
                        0,
                        List.of(
                                new OpenRecord(
                                        1, 0, "127.0.0.1:5000", "127.0.0.1:9001", "tcp:host=127.0.0.1:port=9000"),
                                new ConnectedRecord(1, 10, "127.0.0.1:6000", "127.0.0.1:9000"),
                                new DataRecord(1, 100, Side.CLIENT, bytes("HELLO\r\n")),
                                new DataRecord(1, 110, Side.SERVER, bytes("WELCOME\r\n")),
                                new DataRecord(1, 200, Side.CLIENT, bytes("GET a\r\n")),
                                new DataRecord(1, 210, Side.SERVER, bytes("OK a\r\n")),
                                new DataRecord(1, 300, Side.CLIENT, bytes("GET bb\r\n")),
                                new DataRecord(1, 310, Side.SERVER, bytes("OK bb\r\n")),
                                new CloseRecord(1, 400, Side.SERVER, false, CloseKind.CLEAN, ""),
                                new CloseRecord(1, 410, Side.CLIENT, true, CloseKind.CLEAN, "")))
                .connection(1);
    }

    static byte[] bytes(String s) {
        return s.getBytes(US_ASCII);
    }

    @Test
    void withoutADriverTheClientSendsOnlyItsGreeting() {
        ReplayResult result = CaptureReplay.of(conversation()).asClient(new ApiClient());

        assertThat(result.matches()).isFalse();
        assertThatThrownBy(result::assertMatches).hasMessageContaining("c>s differs at byte 7");
    }

    @Test
    void theDriverIsCalledAtEachRecordedRequestTheClientHasNotSentWithWhatCameBefore() {
        ApiClient client = new ApiClient();
        List<String> calls = new ArrayList<>();

        ReplayResult result = CaptureReplay.of(conversation())
                .withDriver(record -> {
                    String line = new String(record.bytes(), US_ASCII).strip();
                    calls.add(line + " after "
                            + client.received.toString().strip().replace("\r\n", ", "));
                    client.request(line);
                })
                .asClient(client);

        assertThat(calls).containsExactly("GET a after WELCOME", "GET bb after WELCOME, OK a");
        assertThat(result.actual()).asString(US_ASCII).isEqualTo("HELLO\r\nGET a\r\nGET bb\r\n");
        result.assertMatches();
    }

    @Test
    void aRequestTheClientHasAlreadySentIsNotAskedForAgain() {
        ApiClient client = new ApiClient();
        List<DataRecord> asked = new ArrayList<>();

        ReplayResult result = CaptureReplay.of(conversation())
                .withDriver(record -> {
                    asked.add(record);
                    client.request("GET a");
                    client.request("GET bb"); // pipelined: both at the first turn
                })
                .asClient(client);

        assertThat(asked).extracting(DataRecord::micros).containsExactly(200L);
        result.assertMatches();
    }

    @Test
    void aServerIsDrivenTheSameWay() {
        Protocol pushing = new Protocol() {};
        RecordedConnection pushed = new Capture(
                        0,
                        List.of(
                                new OpenRecord(1, 0, "127.0.0.1:5000", "127.0.0.1:9001", "tcp:9"),
                                new DataRecord(1, 100, Side.SERVER, bytes("NEWS 1\r\n")),
                                new DataRecord(1, 200, Side.CLIENT, bytes("ACK\r\n")),
                                new DataRecord(1, 300, Side.SERVER, bytes("NEWS 2\r\n"))))
                .connection(1);

        ReplayResult result = CaptureReplay.of(pushed)
                .withDriver(record -> pushing.transport().write(record.bytes()))
                .asServer(pushing);

        result.assertMatches();
    }

    @Test
    void aNullDriverIsRejected() {
        assertThatThrownBy(() -> CaptureReplay.of(conversation()).withDriver(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("driver");
    }
}
