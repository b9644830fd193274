package dev.weft.internet.testing;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionDone;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class LineSendingProtocolTest {
    private static byte[] ascii(String s) {
        return s.getBytes(US_ASCII);
    }

    private static List<String> text(List<byte[]> lines) {
        List<String> strings = new ArrayList<>();
        lines.forEach(line -> strings.add(new String(line, US_ASCII)));
        return strings;
    }

    @Test
    void withStartTheLinesAreSentOnConnectionMadeEachEndedByCrLf() {
        LineSendingProtocol p = new LineSendingProtocol(List.of(ascii("HELO a"), ascii("QUIT")), true);
        StringTransport t = new StringTransport();

        p.makeConnection(t);

        assertThat(t.value()).isEqualTo(ascii("HELO a\r\nQUIT\r\n"));
    }

    @Test
    void sendingTheLinesDoesNotCloseTheConnectionSoAReplyCanStillArrive() {
        LineSendingProtocol p = new LineSendingProtocol(List.of(ascii("QUIT")));
        StringTransport t = new StringTransport();
        p.makeConnection(t);

        p.dataReceived(ascii("221 bye\r\n"));

        assertThat(t.isDisconnecting()).isFalse();
        assertThat(text(p.response())).containsExactly("221 bye");
    }

    @Test
    void receivedLinesAreRecordedInOrderWithoutDelimitersHoweverTheyAreSplit() {
        byte[] input = ascii("first\r\n\r\nthird line\r\nlast\r\npartial");

        Chunking.forEach(
                input,
                () -> {
                    LineSendingProtocol p = new LineSendingProtocol(List.of(), true);
                    p.makeConnection(new StringTransport());
                    return p;
                },
                (split, p) -> assertThat(text(p.response())).containsExactly("first", "", "third line", "last"));
    }

    @Test
    void aLoneCarriageReturnOrLineFeedDoesNotEndALine() {
        LineSendingProtocol p = new LineSendingProtocol(List.of(), true);
        p.makeConnection(new StringTransport());

        p.dataReceived(ascii("a\rb\nc\r"));
        p.dataReceived(ascii("\n"));

        assertThat(text(p.response())).containsExactly("a\rb\nc");
    }

    /** Twisted's start=False sends on the first received line; weft keeps that trigger. */
    @Test
    void withoutStartNothingIsSentUntilTheFirstLineArrivesThenEverythingOnce() {
        LineSendingProtocol p = new LineSendingProtocol(List.of(ascii("one"), ascii("two")), false);
        StringTransport t = new StringTransport();
        p.makeConnection(t);
        assertThat(t.value()).isEmpty();

        p.dataReceived(ascii("hello\r\nagain\r\n"));

        assertThat(t.value()).isEqualTo(ascii("one\r\ntwo\r\n"));
    }

    /** Twisted's bug (the first response entry is the last line sent) is not copied. */
    @Test
    void withoutStartTheFirstResponseIsTheLineReceivedNotTheLastLineSent() {
        LineSendingProtocol p = new LineSendingProtocol(List.of(ascii("one"), ascii("two")), false);
        p.makeConnection(new StringTransport());

        p.dataReceived(ascii("hello\r\nagain\r\n"));

        assertThat(text(p.response())).containsExactly("hello", "again");
    }

    @Test
    void withoutStartAnExplicitSendLinesSendsThemOnceAndTheFirstLineSendsNothingMore() {
        LineSendingProtocol p = new LineSendingProtocol(List.of(ascii("one")), false);
        StringTransport t = new StringTransport();
        p.makeConnection(t);

        p.sendLines();
        p.sendLines();
        p.dataReceived(ascii("reply\r\n"));

        assertThat(t.value()).isEqualTo(ascii("one\r\n"));
        assertThat(text(p.response())).containsExactly("reply");
    }

    @Test
    void theGivenListIsCopied() {
        List<byte[]> lines = new ArrayList<>(List.of(ascii("a")));
        LineSendingProtocol p = new LineSendingProtocol(lines, true);
        lines.add(ascii("b"));
        StringTransport t = new StringTransport();

        p.makeConnection(t);

        assertThat(t.value()).isEqualTo(ascii("a\r\n"));
        assertThat(lines).hasSize(2);
    }

    @Test
    void sendLinesBeforeConnectingThrows() {
        LineSendingProtocol p = new LineSendingProtocol(List.of(ascii("a")), false);

        assertThatThrownBy(p::sendLines).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void connectionLostSetsLostConn() {
        LineSendingProtocol p = new LineSendingProtocol(List.of(), true);
        p.makeConnection(new StringTransport());
        assertThat(p.isLostConn()).isFalse();

        p.connectionLost(new Failure(new ConnectionDone()));

        assertThat(p.isLostConn()).isTrue();
    }

    @Test
    void responseIsUnmodifiable() {
        LineSendingProtocol p = new LineSendingProtocol(List.of(), true);

        assertThatThrownBy(() -> p.response().add(ascii("x"))).isInstanceOf(UnsupportedOperationException.class);
    }
}
