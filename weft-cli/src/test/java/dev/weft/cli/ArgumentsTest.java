package dev.weft.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The byte-exact reading of arguments: UTF-8, other bytes kept as lone surrogates. */
final class ArgumentsTest {
    @Test
    void validUtf8IsReadAsText() {
        assertThat(Arguments.decode("café ☕ 𝄞".getBytes(UTF_8))).isEqualTo("café ☕ 𝄞");
        assertThat(Arguments.hasEscapedBytes("café ☕ 𝄞")).isFalse();
    }

    @Test
    void aByteThatIsNotUtf8IsKeptAsALoneSurrogate() {
        String name = Arguments.decode(new byte[] {'c', 'a', 'f', (byte) 0xe9});
        assertThat(name).isEqualTo("caf\uDCE9");
        assertThat(Arguments.hasEscapedBytes(name)).isTrue();
        assertThat(FileNames.show(name)).isEqualTo("caf\\xe9");
        // An encoded surrogate (ED A0 80) is not UTF-8 either: three bytes, three escapes.
        assertThat(Arguments.decode(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80, 'x'}))
                .isEqualTo("\uDCED\uDCA0\uDC80x");
        // A truncated sequence in the middle keeps what follows.
        assertThat(Arguments.decode(new byte[] {'a', (byte) 0xe2, (byte) 0x98, 'b'}))
                .isEqualTo("a\uDCE2\uDC98b");
    }

    @Property
    void everyByteStringComesBackExactly(@ForAll byte[] bytes) {
        String text = Arguments.decode(bytes);
        assertThat(Arguments.bytes(text)).isEqualTo(bytes);
        assertThat(Arguments.hasEscapedBytes(text)).isEqualTo(!validUtf8(bytes));
    }

    private static boolean validUtf8(byte[] bytes) {
        try {
            UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    @Test
    void argumentsThatCannotBeMatchedWithTheProcessCommandLineAreLeftAsTheyAre() {
        // This JVM's command line does not end with these: nothing is replaced.
        String[] args = {"sink", "--listen", "tcp:0", "no such argument \u2603"};
        assertThat(Arguments.recover(args)).isSameAs(args);
    }
}
