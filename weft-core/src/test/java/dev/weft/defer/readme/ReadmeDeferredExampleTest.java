package dev.weft.defer.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Deferred;
import dev.weft.defer.TimeoutError;
import dev.weft.internet.task.Clock;
import dev.weft.internet.task.Tasks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Deferred examples of the repository's README.md, run as a test, and a check that the README still shows them. */
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
    void readmeDeferringExampleBehavesAsTheReadmeSays() {
        Clock clock = new Clock();
        // readme:deferring
        Deferred<Integer> id = new Deferred<>();
        Deferred<String> name = id.addCallbackDeferring( // the chain waits for the Deferred<String> returned
                n -> Tasks.deferLater(clock, 2, () -> "user " + n)); // runs the call 2 seconds later
        id.callback(7);
        clock.advance(2); // name's result is now "user 7"
        // readme:end

        assertThat(name.currentResult()).isEqualTo("user 7");
    }

    @Test
    void repositoryReadmeShowsTheDeferredExamples() throws Exception {
        String source = Files.readString(Path.of("src/test/java/dev/weft/defer/readme/ReadmeDeferredExampleTest.java"));
        Matcher marked = Pattern.compile("// readme:(deferred|deferring)\\n(.*?)// readme:end", Pattern.DOTALL)
                .matcher(source);
        String readme = normalize(Files.readString(Path.of("../README.md")));
        List<String> shown = new ArrayList<>();
        while (marked.find()) {
            assertThat(readme)
                    .as("README.md shows the %s example", marked.group(1))
                    .contains(normalize(marked.group(2)));
            shown.add(marked.group(1));
        }
        assertThat(shown).containsExactly("deferred", "deferring");
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
