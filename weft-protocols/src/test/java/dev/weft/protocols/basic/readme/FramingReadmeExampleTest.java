package dev.weft.protocols.basic.readme;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.testing.Chunking;
import dev.weft.internet.testing.StringTransport;
import dev.weft.protocols.basic.Int32StringReceiver;
import dev.weft.protocols.basic.LineReceiver;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The code of the README's "Framing" section, run; {@link FramingReadmeCheckTest} keeps them equal. */
final class FramingReadmeExampleTest {
    /** Answers each line with the line in upper case; "QUIT" closes the connection. */
    static final class Shout extends LineReceiver {
        @Override
        public void lineReceived(byte[] line) {
            String text = new String(line, US_ASCII);
            if (text.equals("QUIT")) {
                transport().loseConnection();
                return;
            }
            sendLine(text.toUpperCase().getBytes(US_ASCII));
        }
    }

    @Test
    void shoutAnswersEveryLineHoweverTheBytesArrive() {
        byte[] input = "hello\r\nweft\r\nQUIT\r\n".getBytes(US_ASCII);

        Chunking.forEach(
                input,
                () -> {
                    Shout shout = new Shout();
                    shout.makeConnection(new StringTransport());
                    return shout;
                },
                (split, shout) -> {
                    StringTransport transport = (StringTransport) shout.transport();
                    assertThat(transport.value()).asString(US_ASCII).isEqualTo("HELLO\r\nWEFT\r\n");
                    assertThat(transport.isDisconnecting()).isTrue();
                });
    }

    /** Collects length-prefixed messages and acknowledges each with its length. */
    static final class Collector extends Int32StringReceiver {
        final List<String> messages = new ArrayList<>();

        @Override
        public void stringReceived(byte[] string) {
            messages.add(new String(string, US_ASCII));
            sendString(Integer.toString(string.length).getBytes(US_ASCII));
        }

        @Override
        public void lengthLimitExceeded(long length) {
            sendString(("too long: " + length).getBytes(US_ASCII));
            transport().loseConnection();
        }
    }

    @Test
    void collectorTakesFramesUpToItsLimitAndRefusesTheRest() {
        Collector collector = new Collector();
        collector.setMaxLength(1024);
        StringTransport transport = new StringTransport();
        collector.makeConnection(transport);

        collector.dataReceived(new byte[] {0, 0, 0, 2, 'h', 'i', 0, 0});
        collector.dataReceived(new byte[] {0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});

        assertThat(collector.messages).containsExactly("hi", "");
        assertThat(transport.value())
                .asString(US_ASCII)
                .isEqualTo("\0\0\0\u00012\0\0\0\u00010\0\0\0\u0014too long: 4294967295");
        assertThat(transport.isDisconnecting()).isTrue();
    }
}
