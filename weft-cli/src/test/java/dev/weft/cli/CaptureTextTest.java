package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The escaping and hex dump of {@code weft dump}, against the plain definitions they are written for. */
class CaptureTextTest {
    @Test
    void everyByteValueIsQuotedAsTheDefinitionSays() {
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        assertThat(CaptureText.quote(all, all.length)).isEqualTo(referenceQuote(all, all.length));
        assertThat(CaptureText.quote(new byte[] {0, 0x7f, (byte) 0xff, 'a'}, 4)).isEqualTo("\"\\x00\\x7f\\xffa\"");
    }

    @Test
    void theHexDumpOfEveryByteValueMatchesHexdumpC() {
        byte[] all = new byte[256 + 5];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        assertThat(CaptureText.hexDump(all)).isEqualTo(referenceHexDump(all));
        assertThat(CaptureText.hexDump(all).get(1))
                .isEqualTo("    00000010  10 11 12 13 14 15 16 17  18 19 1a 1b 1c 1d 1e 1f  |................|");
    }

    @Property(tries = 300)
    void quoteAndHexDumpAgreeWithTheirDefinitions(@ForAll byte[] bytes) {
        assertThat(CaptureText.quote(bytes, bytes.length)).isEqualTo(referenceQuote(bytes, bytes.length));
        assertThat(CaptureText.hexDump(bytes)).isEqualTo(referenceHexDump(bytes));
    }

    private static String referenceQuote(byte[] bytes, int n) {
        StringBuilder text = new StringBuilder("\"");
        for (int i = 0; i < n; i++) {
            int b = bytes[i] & 0xFF;
            String escaped = switch (b) {
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                case '"' -> "\\\"";
                case '\\' -> "\\\\";
                default -> b >= 0x20 && b < 0x7F ? String.valueOf((char) b) : String.format(Locale.ROOT, "\\x%02x", b);
            };
            text.append(escaped);
        }
        return text.append('"').toString();
    }

    private static List<String> referenceHexDump(byte[] bytes) {
        List<String> lines = new ArrayList<>();
        for (int offset = 0; offset < bytes.length; offset += 16) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "    %08x  ", offset));
            StringBuilder chars = new StringBuilder();
            for (int i = 0; i < 16; i++) {
                if (i == 8) {
                    line.append(' ');
                }
                if (offset + i < bytes.length) {
                    int b = bytes[offset + i] & 0xFF;
                    line.append(String.format(Locale.ROOT, "%02x ", b));
                    chars.append(b >= 0x20 && b < 0x7F ? (char) b : '.');
                } else {
                    line.append("   ");
                }
            }
            lines.add(line.append(" |").append(chars).append('|').toString());
        }
        return lines;
    }
}
