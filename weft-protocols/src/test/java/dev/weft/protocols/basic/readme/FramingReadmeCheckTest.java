package dev.weft.protocols.basic.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Keeps the repository README's "Framing" section honest: its Java blocks are code that runs. */
final class FramingReadmeCheckTest {
    private static final Path EXAMPLE =
            Path.of("src/test/java/dev/weft/protocols/basic/readme/FramingReadmeExampleTest.java");

    @Test
    void everyJavaBlockOfTheFramingSectionIsCodeOfFramingReadmeExampleTest() throws IOException {
        String readme = Files.readString(Path.of("../README.md"));
        int start = readme.indexOf("## Framing");
        assertThat(start).as("the repository README has a Framing section").isNotNegative();
        int end = readme.indexOf("\n## ", start + 1);
        String section = readme.substring(start, end < 0 ? readme.length() : end);
        String example = normalize(Files.readString(EXAMPLE));
        Matcher block = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(section);
        int blocks = 0;
        while (block.find()) {
            blocks++;
            assertThat(example)
                    .as("README.md Framing block must appear in FramingReadmeExampleTest")
                    .contains(normalize(block.group(1)));
        }
        assertThat(blocks).as("java blocks in the Framing section").isGreaterThanOrEqualTo(2);
    }

    /** Drops indentation and blank lines, so the README may indent its blocks differently. */
    private static String normalize(String code) {
        StringBuilder out = new StringBuilder();
        for (String line : code.split("\n")) {
            if (!line.isBlank()) {
                out.append(line.strip()).append('\n');
            }
        }
        return out.toString();
    }
}
