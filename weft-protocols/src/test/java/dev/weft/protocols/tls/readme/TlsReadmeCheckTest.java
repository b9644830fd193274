package dev.weft.protocols.tls.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Keeps the README's TLS section honest: its Java blocks must be code that {@link TlsReadmeExampleTest} runs. */
final class TlsReadmeCheckTest {
    @Test
    void everyJavaBlockOfTheTlsSectionIsCodeOfTheExampleTest() throws IOException {
        String readme = Files.readString(Path.of("../README.md"));
        int start = readme.indexOf("\n## TLS");
        assertThat(start).as("the README has a TLS section").isNotNegative();
        int end = readme.indexOf("\n## ", start + 1);
        String section = readme.substring(start, end < 0 ? readme.length() : end);
        String example = normalize(
                Files.readString(Path.of("src/test/java/dev/weft/protocols/tls/readme/TlsReadmeExampleTest.java")));
        Matcher block = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(section);
        int blocks = 0;
        while (block.find()) {
            blocks++;
            assertThat(example)
                    .as("README TLS block must appear in TlsReadmeExampleTest")
                    .contains(normalize(block.group(1)));
        }
        assertThat(blocks).isGreaterThanOrEqualTo(2);
    }

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
