package dev.weft.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Case 9, through the real {@code ./weft} and through {@code java -jar} without the launcher: file
 * names are bytes, whatever the locale. A name that is not UTF-8 ({@code caf\xe9}, as a Latin-1 system
 * writes "café") is used byte for byte by {@code send}, {@code sink --out}, {@code tap --record},
 * {@code dump} and {@code replay}, and shown as {@code caf\xe9}; a UTF-8 name works with {@code LANG}
 * unset.
 */
final class FileNamesProcessTest {
    /** Without any locale: the JVM's file-name encoding is then ASCII. */
    private static final String NO_LOCALE = "env -u LANG -u LC_ALL -u LC_CTYPE ";

    private static final String LAUNCHER = "./weft";
    private static final String JAR = "java -jar weft-cli/target/weft.jar";

    @TempDir
    Path dir;

    @Test
    void aNameThatIsNotUtf8WorksInEveryCommandThroughTheLauncher() throws Exception {
        everyCommandTakes(NO_LOCALE + LAUNCHER);
    }

    @Test
    void aNameThatIsNotUtf8WorksInEveryCommandWithoutTheLauncherOrALocale() throws Exception {
        everyCommandTakes(NO_LOCALE + JAR);
    }

    private void everyCommandTakes(String weft) throws Exception {
        Path latin1 = Path.of(URI.create(dir.toUri() + "caf%E9"));
        Files.writeString(latin1, "hello\n");
        String name = quoted(dir) + "/$'caf\\xe9'"; // bash writes the byte E9
        String shown = dir + "/caf\\xe9"; // and weft shows it so

        try (WeftProcess sink = WeftProcess.shell(weft + " sink --listen tcp:0 --expect 2 --out " + name + ".out")) {
            int port = sink.port();
            WeftProcess send = WeftProcess.shell(weft + " send tcp:host=127.0.0.1:port=" + port + " " + name);
            assertThat(send.awaitExit()).as(send.err.text()).isZero();

            try (WeftProcess tap = WeftProcess.shell(weft + " tap --listen tcp:0 --to tcp:host=127.0.0.1:port=" + port
                    + " --record " + name + ".cap --expect 1")) {
                int tapPort = tap.port();
                tap.out.awaitContains("when the tap stops)");
                assertThat(tap.lines().get(0))
                        .endsWith("recording to " + shown + ".cap.part (renamed to " + shown
                                + ".cap when the tap stops)");
                WeftProcess viaTap = WeftProcess.shell(weft + " send tcp:host=127.0.0.1:port=" + tapPort + " " + name);
                assertThat(viaTap.awaitExit()).as(viaTap.err.text()).isZero();
                assertThat(tap.awaitExit()).as(tap.err.text()).isZero();
                assertThat(tap.lines()).last().asString().endsWith(" records in " + shown + ".cap");
            }
            assertThat(sink.awaitExit()).as(sink.err.text()).isZero();
            List<String> reports = sink.lines().subList(1, 3);
            assertThat(reports)
                    .allMatch(l -> l.matches("#[12] 127\\.0\\.0\\.1:\\d+ 6 bytes in .* clean -> "
                            + java.util.regex.Pattern.quote(shown + ".out/") + "[12]-127\\.0\\.0\\.1_\\d+\\.bin"));
        }
        // On disk, the names are the bytes given: caf\xe9.out (with both connections) and caf\xe9.cap.
        assertThat(rawNames(dir)).containsExactlyInAnyOrder("caf%E9", "caf%E9.out", "caf%E9.cap");
        Path out = Path.of(URI.create(dir.toUri() + "caf%E9.out"));
        try (Stream<Path> saved = Files.list(out)) {
            assertThat(saved.map(p -> readString(p))).containsExactly("hello\n", "hello\n");
        }

        WeftProcess dump = WeftProcess.shell(weft + " dump " + name + ".cap");
        assertThat(dump.awaitExit()).as(dump.err.text()).isZero();
        assertThat(dump.out.text()).contains("#1 c>s 6 bytes \"hello\\n\"");

        try (WeftProcess server = WeftProcess.start("sink", "--listen", "tcp:0", "--expect", "1")) {
            WeftProcess replay =
                    WeftProcess.shell(weft + " replay " + name + ".cap --to tcp:host=127.0.0.1:port=" + server.port());
            assertThat(replay.awaitExit()).as(replay.err.text()).isZero();
            assertThat(replay.lines().get(0)).startsWith("#1 matches: sent 6 bytes");
            assertThat(server.awaitExit()).isZero();
        }

        WeftProcess missing = WeftProcess.shell(weft + " dump " + name + ".missing");
        assertThat(missing.awaitExit()).isEqualTo(1);
        assertThat(missing.err.text())
                .isEqualTo("weft dump: cannot read " + shown + ".missing: no such file; give a capture written by"
                        + " 'weft tap --record'\n");
    }

    /** A UTF-8 name works, and is printed as UTF-8, with no locale, with a UTF-8 one, and without the launcher. */
    @Test
    void aUtf8NameWorksWhateverTheLocale() throws Exception {
        Path cafe = Path.of(URI.create(dir.toUri() + "caf%C3%A9.txt"));
        Files.writeString(cafe, "crème\n", UTF_8);
        String name = quoted(dir) + "/café.txt";
        for (String weft :
                List.of(NO_LOCALE + LAUNCHER, "env -u LC_ALL -u LC_CTYPE LANG=C.UTF-8 " + LAUNCHER, NO_LOCALE + JAR)) {
            try (WeftProcess sink = WeftProcess.start("sink", "--listen", "tcp:0", "--expect", "1")) {
                WeftProcess send =
                        WeftProcess.shell(weft + " send tcp:host=127.0.0.1:port=" + sink.port() + " " + name);
                assertThat(send.awaitExit()).as(weft + ": " + send.err.text()).isZero();
                assertThat(sink.awaitExit()).isZero();
                assertThat(sink.lines().get(1)).as(weft).contains(" 7 bytes in ");
            }
            WeftProcess missing = WeftProcess.shell(weft + " send tcp:host=127.0.0.1:port=9 " + name + ".missing");
            assertThat(missing.awaitExit()).isEqualTo(1);
            assertThat(missing.err.text())
                    .as(weft)
                    .startsWith("weft send: cannot read " + dir + "/café.txt.missing: no such file;");
        }
    }

    /** JSON stays UTF-8: a byte of a name that is not UTF-8 is written as the text \xHH. */
    @Test
    void jsonShowsSuchANameEscaped() throws Exception {
        try (WeftProcess sink = WeftProcess.shell(
                NO_LOCALE + LAUNCHER + " sink --listen tcp:0 --json --expect 1 --out " + quoted(dir) + "/$'o\\xe9'")) {
            Clients.exchange(sink.port(), "x".getBytes(UTF_8));
            assertThat(sink.awaitExit()).as(sink.err.text()).isZero();
            assertThat(sink.lines().get(1)).contains("\"file\":\"" + dir + "/o\\\\xe9/1-127.0.0.1_");
        }
        assertThat(rawNames(dir)).containsExactly("o%E9");
    }

    /** Endpoints are text: a UNIX socket path that is not UTF-8 is refused with one line, shown as it is. */
    @Test
    void anEndpointThatIsNotUtf8IsRefusedWithOneLine() throws Exception {
        WeftProcess sink =
                WeftProcess.shell(NO_LOCALE + LAUNCHER + " sink --listen unix:" + quoted(dir) + "/$'s\\xe9'");
        assertThat(sink.awaitExit()).isEqualTo(2);
        assertThat(sink.err.text())
                .hasLineCount(1)
                .startsWith("weft sink: bad endpoint 'unix:" + dir + "/s\\xe9' for --listen: it is not valid UTF-8");
    }

    private static String quoted(Path path) {
        return "'" + path.toString().replace("'", "'\\''") + "'";
    }

    /** The names in {@code directory} as the bytes they are, percent-encoded as in a file URI. */
    private static List<String> rawNames(Path directory) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> {
                        String uri = p.toUri().getRawPath();
                        String trimmed = uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
                        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
                    })
                    .toList();
        }
    }

    private static String readString(Path p) {
        try {
            return Files.readString(p, UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
