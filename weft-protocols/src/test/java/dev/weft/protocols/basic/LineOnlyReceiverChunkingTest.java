package dev.weft.protocols.basic;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.testing.StringTransport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class LineOnlyReceiverChunkingTest {
    /** Collects lines ending in LF. */
    static final class Lines extends LineOnlyReceiver {
        final List<String> lines = new ArrayList<>();
        final List<String> tooLong = new ArrayList<>();

        Lines() {
            setDelimiter(new byte[] {'\n'});
        }

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

    @Test
    void anSmtpTranscriptGivesTheSameLinesHoweverSplit() {
        byte[] input = ("EHLO client.example\nMAIL FROM:<a@example.org>\nRCPT TO:<b@example.org>\nDATA\n"
                        + "Subject: hi\n\nbody line\n.\nQUIT\n")
                .getBytes(US_ASCII);
        Feed.everySplit(
                input,
                () -> {
                    Lines lines = new Lines();
                    lines.makeConnection(new StringTransport());
                    return lines;
                },
                (split, lines) -> assertThat(lines.lines)
                        .containsExactly(
                                "EHLO client.example",
                                "MAIL FROM:<a@example.org>",
                                "RCPT TO:<b@example.org>",
                                "DATA",
                                "Subject: hi",
                                "",
                                "body line",
                                ".",
                                "QUIT"));
    }

    @Test
    void aPartialLineOverTheLimitIsReportedAndClosesTheConnectionHoweverSplit() {
        byte[] input = "ok\nthis line has no end".getBytes(US_ASCII);
        Feed.everySplit(
                input,
                () -> {
                    Lines lines = new Lines();
                    lines.setMaxLength(10);
                    lines.makeConnection(new StringTransport());
                    return lines;
                },
                (split, lines) -> {
                    assertThat(lines.lines).containsExactly("ok");
                    assertThat(lines.tooLong).isNotEmpty().allMatch("this line has no end"::startsWith);
                    assertThat(lines.tooLong.get(lines.tooLong.size() - 1)).isEqualTo("this line has no end");
                    assertThat(((StringTransport) lines.transport()).isDisconnecting())
                            .isTrue();
                });
    }

    @Test
    void aLineOfExactlyTheMaximumIsTooLongWhenAReadCutsItsDelimiterAsInTwisted() {
        Lines whole = new Lines();
        whole.setDelimiter("\r\n".getBytes(US_ASCII));
        whole.setMaxLength(3);
        whole.makeConnection(new StringTransport());
        whole.dataReceived("abc\r\n".getBytes(US_ASCII));
        assertThat(whole.lines).containsExactly("abc");
        assertThat(whole.tooLong).isEmpty();

        Lines cut = new Lines();
        cut.setDelimiter("\r\n".getBytes(US_ASCII));
        cut.setMaxLength(3);
        cut.makeConnection(new StringTransport());
        cut.dataReceived("abc\r".getBytes(US_ASCII));
        cut.dataReceived("\n".getBytes(US_ASCII));
        // Twisted 22.4's LineOnlyReceiver does the same: the partial line "abc\r" is over the maximum.
        assertThat(cut.tooLong).containsExactly("abc\r");
        assertThat(((StringTransport) cut.transport()).isDisconnecting()).isTrue();
    }
}
