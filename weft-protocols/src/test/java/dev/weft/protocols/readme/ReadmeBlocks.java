package dev.weft.protocols.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Keeps a README section honest: each of its Java blocks must be code of a test that runs it. */
public final class ReadmeBlocks {
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

    private ReadmeBlocks() {}

    /**
     * Asserts that the section of {@code readme} from {@code heading} to the next {@code nextHeading} has at
     * least two Java blocks and that each appears in {@code source}, indentation and blank lines aside.
     */
    public static void assertEveryJavaBlockIsIn(Path readme, String heading, String nextHeading, Path source)
            throws IOException {
        String text = Files.readString(readme);
        int start = text.indexOf(heading);
        assertThat(start).as("%s has a section %s", readme, heading.strip()).isNotNegative();
        int end = text.indexOf(nextHeading, start + 1);
        String section = text.substring(start, end < 0 ? text.length() : end);
        String code = normalize(Files.readString(source));
        Matcher block = JAVA_BLOCK.matcher(section);
        int blocks = 0;
        while (block.find()) {
            blocks++;
            assertThat(code)
                    .as("a Java block of %s %s must appear in %s", readme, heading.strip(), source.getFileName())
                    .contains(normalize(block.group(1)));
        }
        assertThat(blocks).as("Java blocks in %s %s", readme, heading.strip()).isGreaterThanOrEqualTo(2);
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
