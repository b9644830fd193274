package dev.weft.protocols.basic;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.testing.StringTransport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class NetstringReceiverChunkingTest {
    /** Collects netstrings. */
    static final class Strings extends NetstringReceiver {
        final List<String> strings = new ArrayList<>();

        @Override
        public void stringReceived(byte[] string) {
            strings.add(new String(string, US_ASCII));
        }
    }

    static Strings connected() {
        Strings s = new Strings();
        s.makeConnection(new StringTransport());
        return s;
    }

    @Test
    void netstringsArriveIntactHoweverSplit() {
        byte[] input = "5:hello,0:,12:hello, world,1:,,10:0123456789,".getBytes(US_ASCII);
        Feed.everySplit(input, NetstringReceiverChunkingTest::connected, (split, s) -> {
            assertThat(s.strings).containsExactly("hello", "", "hello, world", ",", "0123456789");
            assertThat(s.isBrokenPeer()).isFalse();
            assertThat(s.parseError()).isNull();
        });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "01:a,|leading zero",
                "x:a,|does not start with a length",
                "3:abcX|not followed by ','",
                "3;abc,|expected ':'",
                "100000:|above the maximum 99999",
                "99999999999999999999999999:|above the maximum 99999",
                "'12\r'|expected ':'",
            })
    void malformedInputAfterGoodStringsClosesTheConnectionHoweverSplit(String bad, String message) {
        byte[] input = ("2:ok,0:," + bad).getBytes(US_ASCII);
        Feed.everySplit(input, NetstringReceiverChunkingTest::connected, (split, s) -> {
            assertThat(s.strings).containsExactly("ok", "");
            assertThat(s.isBrokenPeer()).isTrue();
            assertThat(s.parseError()).isNotNull();
            assertThat(s.parseError().getMessage()).contains(message);
            assertThat(((StringTransport) s.transport()).isDisconnecting()).isTrue();
        });
    }

    @Test
    void aLengthFollowedByOneNewlineWaitsAsPythonsDollarDoes() {
        Strings s = connected();
        s.dataReceived("12\n".getBytes(US_ASCII));
        assertThat(s.isBrokenPeer()).isFalse();
        s.dataReceived("x".getBytes(US_ASCII));
        assertThat(s.isBrokenPeer()).isTrue();
        assertThat(s.parseError().getMessage()).contains("expected ':'");
    }

    @Test
    void sendStringWritesTheNetstringFormat() {
        Strings s = connected();
        s.sendString("hello, world".getBytes(US_ASCII));
        s.sendString(new byte[0]);
        assertThat(((StringTransport) s.transport()).value()).asString(US_ASCII).isEqualTo("12:hello, world,0:,");
    }
}
