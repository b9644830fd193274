package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import org.junit.jupiter.api.Test;

/** Standard output tells a reader gone away (a closed pipe) from the other write failures, in any locale. */
final class StandardOutputTest {
    private static OutputStream failing(String message) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException(message);
            }
        };
    }

    @Test
    void aBrokenPipeIsAReaderGoneWhateverTheDescriptor() {
        StandardOutput out = new StandardOutput(failing("Broken pipe"), () -> false);
        out.println("x");
        assertThat(out.readerGone()).isTrue();
    }

    @Test
    void anyFailureOnAPipeIsAReaderGoneInAnotherLanguage() {
        StandardOutput out = new StandardOutput(failing("Relais brisé (pipe)"), () -> true);
        out.println("x");
        assertThat(out.readerGone()).isTrue();
    }

    @Test
    void aFullDiskIsNot() {
        StandardOutput out = new StandardOutput(failing("No space left on device"), () -> false);
        out.println("x");
        assertThat(out.checkError()).isTrue();
        assertThat(out.readerGone()).isFalse();
    }

    @Test
    void nothingFailedIsNot() {
        StandardOutput out = new StandardOutput(OutputStream.nullOutputStream(), () -> true);
        out.println("x");
        assertThat(out.readerGone()).isFalse();
    }
}
