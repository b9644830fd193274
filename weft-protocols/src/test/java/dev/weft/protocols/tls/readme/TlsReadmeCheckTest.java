package dev.weft.protocols.tls.readme;

import dev.weft.protocols.readme.ReadmeBlocks;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Keeps the README's TLS section honest: its Java blocks must be code that {@link TlsReadmeExampleTest} runs. */
final class TlsReadmeCheckTest {
    @Test
    void everyJavaBlockOfTheTlsSectionIsCodeOfTheExampleTest() throws IOException {
        ReadmeBlocks.assertEveryJavaBlockIsIn(
                Path.of("../README.md"),
                "\n## TLS",
                "\n## ",
                Path.of("src/test/java/dev/weft/protocols/tls/readme/TlsReadmeExampleTest.java"));
    }
}
