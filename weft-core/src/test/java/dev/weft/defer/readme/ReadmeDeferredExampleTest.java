package dev.weft.defer.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Deferred;
import dev.weft.defer.TimeoutError;
import dev.weft.internet.task.Clock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Deferred example of the repository's README.md, run as a test, and a check that the README still shows it. */
final class ReadmeDeferredExampleTest {

    @Test
    void readmeDeferredExampleBehavesAsTheReadmeSays() {
        // readme:deferred
        List<String> seen = new ArrayList<>();
        Clock clock = new Clock();
        Deferred<Integer> d = new Deferred<>();
        d.addCallback(n -> n * 2) // 21 -> 42
                .addCallback(n -> {
                    if (n > 40) throw new IllegalArgumentException("too big: " + n);
                    return n;
                })
                .addErrback(f -> {
                    f.trap(IllegalArgumentException.class); // anything else passes on
                    return -1; // recovered: back on the success path
                })
                .addCallback(n -> seen.add("result " + n));
        d.callback(21); // the chain runs now, on this thread
        // seen == ["result -1"]

        Deferred<String> slow = new Deferred<>();
        slow.addTimeout(5, clock)
                .addErrback(f -> seen.add("timed out: " + f.type().getSimpleName()));
        clock.advance(5); // slow is cancelled, and its CancelledError becomes a TimeoutError
        // readme:end

        assertThat(seen).containsExactly("result -1", "timed out: " + TimeoutError.class.getSimpleName());
        assertThat(slow.currentResult())
                .as("the errback recovered with its own return value")
                .isEqualTo(true);
    }

    @Test
    void repositoryReadmeShowsTheDeferredExample() throws Exception {
        String source = Files.readString(Path.of("src/test/java/dev/weft/defer/readme/ReadmeDeferredExampleTest.java"));
        Matcher marked = Pattern.compile("// readme:deferred\\n(.*?)// readme:end", Pattern.DOTALL)
                .matcher(source);
        assertThat(marked.find()).isTrue();
        String readme = Files.readString(Path.of("../README.md"));
        assertThat(normalize(readme)).contains(normalize(marked.group(1)));
    }

    private static String normalize(String code) {
        StringBuilder out = new StringBuilder();
        for (String line : code.split("\n")) {
            if (!line.isBlank() && !line.strip().startsWith("```")) {
                out.append(line.strip()).append('\n');
            }
        }
        return out.toString();
    }
}
