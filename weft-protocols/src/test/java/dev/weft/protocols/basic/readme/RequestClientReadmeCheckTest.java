package dev.weft.protocols.basic.readme;

import dev.weft.protocols.readme.ReadmeBlocks;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Keeps the repository README's "A request/response client" section honest: its Java blocks are code that runs. */
final class RequestClientReadmeCheckTest {
    @Test
    void everyJavaBlockOfTheSectionIsCodeOfRequestClientReadmeExampleTest() throws IOException {
        ReadmeBlocks.assertEveryJavaBlockIsIn(
                Path.of("../README.md"),
                "\n## A request/response client",
                "\n## ",
                Path.of("src/test/java/dev/weft/protocols/basic/readme/RequestClientReadmeExampleTest.java"));
    }
}
