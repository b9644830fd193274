package dev.weft.protocols.basic.readme;

import dev.weft.protocols.readme.ReadmeBlocks;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Keeps the repository README's "Framing" section honest: its Java blocks are code that runs. */
final class FramingReadmeCheckTest {
    @Test
    void everyJavaBlockOfTheFramingSectionIsCodeOfFramingReadmeExampleTest() throws IOException {
        ReadmeBlocks.assertEveryJavaBlockIsIn(
                Path.of("../README.md"),
                "## Framing",
                "\n## ",
                Path.of("src/test/java/dev/weft/protocols/basic/readme/FramingReadmeExampleTest.java"));
    }
}
