package dev.weft.junit.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Keeps weft-testing/README.md (and weft-junit's own) honest: their Java blocks must be code that tests run. */
final class ReadmeCheckTest {
    private static final Path README = Path.of("../weft-testing/README.md");
    private static final Path EXAMPLE = Path.of("src/test/java/dev/weft/junit/readme/ReadmeExampleTest.java");

    @Test
    void everyJavaBlockOfTheReadmeIsCodeOfReadmeExampleTest() throws IOException {
        String readme = Files.readString(README);
        String source = Files.readString(EXAMPLE);
        String example = normalize(source);
        Matcher block = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        List<String> blocks = new ArrayList<>();
        while (block.find()) {
            blocks.add(block.group(1));
        }

        assertThat(readme).contains("## Testing your protocol");
        assertThat(blocks).as("java blocks in README.md").hasSizeGreaterThanOrEqualTo(4);
        for (String code : blocks) {
            assertThat(example)
                    .as("README block must appear in ReadmeExampleTest")
                    .contains(normalize(code));
        }
    }

    @Test
    void theRepositoryReadmesTestingSectionShowsOnlyCodeOfReadmeExampleTest() throws IOException {
        String readme = Files.readString(Path.of("../README.md"));
        int start = readme.indexOf("## Testing your protocol");
        assertThat(start)
                .as("the repository README has a Testing your protocol section")
                .isNotNegative();
        int end = readme.indexOf("\n## ", start + 1);
        String section = readme.substring(start, end < 0 ? readme.length() : end);
        String example = normalize(Files.readString(EXAMPLE));
        Matcher block = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(section);
        int blocks = 0;
        while (block.find()) {
            blocks++;
            assertThat(example)
                    .as("README.md block must appear in ReadmeExampleTest")
                    .contains(normalize(block.group(1)));
        }
        assertThat(blocks)
                .as("java blocks in the Testing your protocol section")
                .isGreaterThanOrEqualTo(3);
    }

    @Test
    void everyJavaBlockOfThisModulesReadmeIsCodeOfJunitReadmeExampleTest() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String example =
                normalize(Files.readString(Path.of("src/test/java/dev/weft/junit/readme/JunitReadmeExampleTest.java")));
        Matcher block = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        int blocks = 0;
        while (block.find()) {
            blocks++;
            assertThat(example)
                    .as("weft-junit/README.md block must appear in JunitReadmeExampleTest")
                    .contains(normalize(block.group(1)));
        }
        assertThat(blocks).as("java blocks in weft-junit/README.md").isGreaterThanOrEqualTo(1);
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
