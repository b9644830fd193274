package dev.weft.junit.readme;

import static dev.weft.internet.testing.DeferredAssertions.successResultOf;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Deferred;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.Protocol;
import dev.weft.internet.testing.AccumulatingProtocol;
import dev.weft.internet.testing.Chunking;
import dev.weft.internet.testing.Split;
import dev.weft.internet.testing.StringTransport;
import dev.weft.internet.testing.StringTransportWithDisconnection;
import dev.weft.junit.ChunkedSource;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * The examples of weft-testing/README.md ("Testing your protocol"), in a package of their own so
 * they import what a user imports. {@link ReadmeCheckTest} checks that every {@code java} block of
 * the README appears in this file, so the examples cannot rot.
 */
final class ReadmeExampleTest {
    /** The protocol under test: answers every line ending in "\n" with the line's length. */
    static final class LineLength extends Protocol {
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        @Override
        public void dataReceived(byte[] data) {
            for (byte b : data) {
                if (b == '\n') {
                    transport().write((line.size() + "\n").getBytes(US_ASCII));
                    line.reset();
                } else {
                    line.write(b);
                }
            }
        }
    }

    @Test
    void answersEachLineWithItsLength() {
        LineLength protocol = new LineLength();
        StringTransport transport = new StringTransport();
        protocol.makeConnection(transport);

        protocol.dataReceived("hello\nweft\n".getBytes(US_ASCII));

        assertThat(transport.value()).asString(US_ASCII).isEqualTo("5\n4\n");
    }

    @Test
    void answersTheSameHoweverTheInputIsSplit() {
        byte[] input = "hello\nweft\n\n".getBytes(US_ASCII);

        Chunking.forEach(
                input,
                () -> {
                    LineLength protocol = new LineLength();
                    protocol.makeConnection(new StringTransport());
                    return protocol;
                },
                (split, protocol) -> assertThat(((StringTransport) protocol.transport()).value())
                        .asString(US_ASCII)
                        .isEqualTo("5\n4\n0\n"));
    }

    @ParameterizedTest
    @ChunkedSource("hello\nweft\n")
    void answersTheSameInEverySplit(Split split, byte[] input) {
        LineLength protocol = new LineLength();
        StringTransport transport = new StringTransport();
        protocol.makeConnection(transport);

        split.deliver(input, protocol);

        assertThat(transport.value()).asString(US_ASCII).isEqualTo("5\n4\n");
    }

    @Test
    void accumulatingProtocolCollectsEveryByteAndReportsTheClose() {
        StringTransportWithDisconnection transport = new StringTransportWithDisconnection();
        AccumulatingProtocol client = transport.connect(new AccumulatingProtocol());
        Deferred<Void> closed = new Deferred<>();
        client.setClosedDeferred(closed);

        client.dataReceived("foo".getBytes(US_ASCII));
        client.dataReceived("bar".getBytes(US_ASCII));
        transport.loseConnection();

        assertThat(client.data()).asString(US_ASCII).isEqualTo("foobar");
        assertThat(successResultOf(closed)).isNull();
        assertThat(client.closedReason().check(ConnectionDone.class)).isNotNull();
    }
}
