package dev.weft.protocols.basic;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.internet.testing.StringTransport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class LineReceiverBadInputTest {
    /** Collects lines and over-long reports. */
    static final class Lines extends LineReceiver {
        final List<String> lines = new ArrayList<>();
        final List<String> tooLong = new ArrayList<>();

        @Override
        public void lineReceived(byte[] line) {
            lines.add(new String(line, US_ASCII));
        }

        @Override
        public void lineLengthExceeded(byte[] line) {
            tooLong.add(new String(line, US_ASCII));
            super.lineLengthExceeded(line);
        }
    }

    static Lines connected(int maxLength) {
        Lines lines = new Lines();
        lines.setMaxLength(maxLength);
        lines.makeConnection(new StringTransport());
        return lines;
    }

    @Test
    void anOverLongLineGoesToLineLengthExceededWithEverythingAfterItAndClosesHoweverSplit() {
        byte[] input = "one\r\ntwo\r\nthis-is-too-long\r\nlater\r\n".getBytes(US_ASCII);
        Feed.everySplit(input, () -> connected(8), (split, lines) -> {
            assertThat(lines.lines).startsWith("one", "two");
            // Nothing the peer sent is lost: the report holds the bad line and all that followed it
            // in the buffer (when the rest had not arrived yet, it is parsed as it comes, as Twisted
            // does after loseConnection: one line per read).
            assertThat(lines.tooLong).isNotEmpty();
            assertThat("this-is-too-long\r\nlater\r\n").startsWith(lines.tooLong.get(0));
            assertThat(lines.tooLong.get(0)).startsWith("this-is-t");
            assertThat(((StringTransport) lines.transport()).isDisconnecting()).isTrue();
        });
    }

    @Test
    void aLineAtTheLimitIsDeliveredAndMaxLengthIntMaxDoesNotOverflow() {
        Lines lines = connected(Integer.MAX_VALUE);
        lines.dataReceived("abc".getBytes(US_ASCII));
        lines.dataReceived("\r\n".getBytes(US_ASCII));
        assertThat(lines.lines).containsExactly("abc");
        Lines exact = connected(3);
        exact.dataReceived("abc\r\nabcd\r\n".getBytes(US_ASCII));
        assertThat(exact.lines).containsExactly("abc");
        assertThat(exact.tooLong).containsExactly("abcd\r\n");
    }

    @Test
    void anEmptyDelimiterAndANegativeLimitAreRefusedWithTheReason() {
        Lines lines = new Lines();
        assertThatThrownBy(() -> lines.setDelimiter(new byte[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> lines.setMaxLength(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    @Test
    void rawModeWithoutAnOverrideSaysWhatToOverride() {
        Lines lines = connected(100);
        lines.setRawMode();
        assertThatThrownBy(() -> lines.dataReceived("x".getBytes(US_ASCII)))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("override rawDataReceived");
    }

    @Test
    void int8SendStringRefusesAStringThePrefixCannotCarry() {
        Int8StringReceiver receiver = new Int8StringReceiver() {
            @Override
            public void stringReceived(byte[] string) {}
        };
        StringTransport transport = new StringTransport();
        receiver.makeConnection(transport);
        receiver.sendString(new byte[255]);
        assertThatThrownBy(() -> receiver.sendString(new byte[256]))
                .isInstanceOf(StringTooLongError.class)
                .hasMessageContaining("256 bytes")
                .hasMessageContaining("maximum is 255");
        assertThat(transport.value()).hasSize(256);
    }
}
