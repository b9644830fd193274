package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class OneLineTest {
    @Test
    void joinsEveryKindOfLineBreakAsTheRegularExpressionDoes() {
        String[] breaks = {"\n", "\r", "\r\n", "\u000B", "\f", "\u0085", "\u2028", "\u2029"};
        for (String lineBreak : breaks) {
            String message = " Connection was closed cleanly." + lineBreak + "\t next " + lineBreak;
            assertThat(Problems.oneLine(message))
                    .as("a message with U+%04X", (int) lineBreak.charAt(0))
                    .isEqualTo(message.strip().replaceAll("\\s*\\R\\s*", " "))
                    .doesNotContain(lineBreak);
        }
    }

    @Test
    void onlyStripsAMessageOfOneLine() {
        assertThat(Problems.oneLine(" \tConnection was closed cleanly.  ")).isEqualTo("Connection was closed cleanly.");
        assertThat(Problems.oneLine("a\tb  c")).isEqualTo("a\tb  c");
        assertThat(Problems.oneLine(" \n ")).isEqualTo("failed");
    }
}
