package dev.weft.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** Input the reader cannot hold exactly is refused with the offset, never changed, and never overflows the stack. */
final class JsonBadInputTest {
    @Test
    void deepNestingIsRefusedNotAStackOverflow() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);

        assertThatThrownBy(() -> Json.parse(deep))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("malformed JSON: arrays and objects nested deeper than 512 levels (the most this reader"
                        + " takes) at offset 512");
        assertThat(Json.parse("[".repeat(512) + "]".repeat(512))).isInstanceOf(List.class);
    }

    /** Arrays or objects nested to any depth: read up to 512 levels, refused by name past them. */
    @Property(tries = 40)
    void anyNestingIsReadOrRefusedByName(@ForAll @IntRange(min = 1, max = 50_000) int depth, @ForAll boolean objects) {
        String text = (objects ? "{\"a\":" : "[").repeat(depth) + "0" + (objects ? "}" : "]").repeat(depth);
        if (depth <= 512) {
            assertThat(Json.parse(text)).isNotNull();
        } else {
            assertThatThrownBy(() -> Json.parse(text)).hasMessageContaining("nested deeper than 512 levels");
        }
    }

    @Test
    void numbersBeyondWhatTheReaderHoldsAreRefusedNotRoundedOrInfinite() {
        assertThatThrownBy(() -> Json.parse("1e400"))
                .hasMessage("malformed JSON: number 1e400 is beyond a double's range (about 1.8e308) at offset 0");
        assertThatThrownBy(() -> Json.parse("[-1E400]")).hasMessageContaining("number -1E400 is beyond");
        assertThatThrownBy(() -> Json.parse("9223372036854775808"))
                .hasMessage("malformed JSON: integer 9223372036854775808 does not fit 64 bits (-9223372036854775808 to"
                        + " 9223372036854775807) at offset 0; write it as a string, or with an exponent to read it as a"
                        + " double");
        assertThat(Json.parse("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
    }

    /** Any integer of up to 30 digits reads back exactly, or is refused as beyond 64 bits. */
    @Property(tries = 200)
    void anIntegerReadsExactlyOrIsRefused(
            @ForAll @StringLength(min = 1, max = 30) @CharRange(from = '0', to = '9') String digits,
            @ForAll boolean negative) {
        BigInteger n = new BigInteger(digits);
        n = negative ? n.negate() : n;
        String text = n.toString();
        if (n.bitLength() < 64) {
            assertThat(Json.parse(text)).isEqualTo(n.longValueExact());
        } else {
            assertThatThrownBy(() -> Json.parse(text)).hasMessageContaining("does not fit 64 bits");
        }
    }

    /** Any power of ten reads as the double Java reads, or is refused when no double holds it. */
    @Property(tries = 100)
    void anExponentReadsAsADoubleOrIsRefused(@ForAll @IntRange(min = -1000, max = 1000) int exponent) {
        String text = "1e" + exponent;
        double d = Double.parseDouble(text);
        if (Double.isInfinite(d)) {
            assertThatThrownBy(() -> Json.parse(text)).hasMessageContaining("beyond a double's range");
        } else {
            assertThat(Json.parse(text)).isEqualTo(d);
        }
    }

    @Test
    void numbersOutsideJsonsGrammarAreRefused() {
        for (String n : new String[] {"+1", "01", "1.", ".5", "-", "1e", "1.5e+", "--1", "-01"}) {
            assertThatThrownBy(() -> Json.parse(n))
                    .as(n)
                    .hasMessage("malformed JSON: bad number " + n + " at offset 0");
        }
        assertThat(Json.parse("[0, -0.5, 1E+2, 2e-3]")).isEqualTo(List.of(0L, -0.5, 100.0, 0.002));
    }

    @Test
    void aUnicodeEscapeTakesFourHexDigitsAndNoSign() {
        assertThatThrownBy(() -> Json.parse("\"\\u-001\""))
                .hasMessage("malformed JSON: bad \\u escape: '-001' is not four hex digits at offset 3");
        assertThatThrownBy(() -> Json.parse("\"\\u+fff\"")).hasMessageContaining("'+fff' is not four hex digits");
        assertThat(Json.parse("\"\\u00e9\\u00E9\"")).isEqualTo("éé");
    }

    /** Any four characters after a backslash-u: the character they spell in hex, or a refusal. */
    @Property(tries = 300)
    void anyUnicodeEscapeIsTheCharacterItSpellsOrRefused(
            @ForAll @StringLength(4) @CharRange(from = '+', to = 'g') String digits) {
        String text = "\"\\u" + digits + "\"";
        if (digits.matches("[0-9a-fA-F]{4}")) {
            char c = (char) Integer.parseInt(digits, 16);
            if (Character.isSurrogate(c)) {
                assertThatThrownBy(() -> Json.parse(text)).hasMessageContaining("lone surrogate");
            } else {
                assertThat(Json.parse(text)).isEqualTo(String.valueOf(c));
            }
        } else {
            assertThatThrownBy(() -> Json.parse(text)).hasMessageContaining("is not four hex digits");
        }
    }

    @Test
    void loneSurrogatesAreRefusedAndPairsRead() {
        assertThat(Json.parse("\"\\ud83d\\ude00\"")).isEqualTo("\uD83D\uDE00");
        assertThatThrownBy(() -> Json.parse("\"\\ud800\""))
                .hasMessage("malformed JSON: a lone surrogate \\ud800, not followed by a \\u escape of a low surrogate"
                        + " at offset 1; JSON text must be Unicode: escape a character above U+FFFF as a pair, like"
                        + " \\ud83d\\ude00");
        assertThatThrownBy(() -> Json.parse("\"\\ud800\\u0041\""))
                .hasMessageStartingWith("malformed JSON: a lone surrogate \\ud800, followed by \\u0041, not a low");
        assertThatThrownBy(() -> Json.parse("\"a\\ude00\""))
                .hasMessageStartingWith("malformed JSON: a lone surrogate \\ude00, with no high surrogate before it");
    }

    @Test
    void rawControlCharactersInAStringAreRefused() {
        assertThatThrownBy(() -> Json.parse("\"a\u0001\""))
                .hasMessage("malformed JSON: a raw control character U+0001 in a string at offset 2; write it as"
                        + " \\u0001");
        assertThat(Json.parse("\"a\\u0001\"")).isEqualTo("a\u0001");
    }
}
