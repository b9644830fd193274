package dev.weft.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Case 19's man page, rendered by the system's {@code man} (man-db) and {@code groff} as a user's
 * {@code weft manpage | man -l -} would: no warnings, and every command and option of the command
 * model named. Skipped, with the reason, where man or groff is not installed (CI installs both).
 */
final class ManPageProcessTest {
    @TempDir
    Path dir;

    @Test
    void manRendersThePageWithoutWarningsAndItNamesEveryCommandAndOption() throws Exception {
        assumeTrue(onPath("man"), "man (Debian package man-db) is not installed: the man page cannot be rendered");
        assumeTrue(onPath("groff"), "groff (Debian package groff-base) is not installed");
        WeftProcess manpage = WeftProcess.run("manpage");
        assertThat(manpage.awaitExit()).as(manpage.err.text()).isZero();
        Path page = dir.resolve("weft.1");
        Files.write(page, manpage.out.bytes());

        // man's own check (man --warnings), at the width man uses when its output is not a terminal.
        Rendered man = render("man", "--warnings", "-l", page.toString());
        assertThat(man.err).as("man --warnings").isEmpty();
        assertThat(man.exit).isZero();
        // Every warning groff knows (-ww), not only man's selection.
        Rendered groff = render("groff", "-man", "-Tutf8", "-ww", "-z", page.toString());
        assertThat(groff.err).as("groff -ww").isEmpty();
        assertThat(groff.exit).isZero();

        List<String> lines = man.out.lines().map(String::strip).toList();
        assertThat(lines).contains("NAME", "SYNOPSIS", "DESCRIPTION", "EXIT STATUS");
        CommandSpec root = model();
        assertThat(root.subcommands()).isNotEmpty();
        for (Map.Entry<String, CommandLine> command : root.subcommands().entrySet()) {
            String name = command.getKey();
            CommandSpec spec = command.getValue().getCommandSpec();
            assertThat(lines).as("the section of " + name).contains("WEFT " + name.toUpperCase(Locale.ROOT));
            assertThat(lines).as("the synopsis of " + name).anyMatch(l -> l.startsWith("weft " + name + " "));
            for (OptionSpec option : spec.options()) {
                String tag = String.join(", ", option.names());
                assertThat(lines)
                        .as("weft " + name + " " + tag)
                        .anyMatch(l -> l.equals(tag) || l.startsWith(tag + " "));
            }
            for (PositionalParamSpec parameter : spec.positionalParameters()) {
                assertThat(lines)
                        .as("weft " + name + " " + parameter.paramLabel())
                        .anyMatch(l -> l.equals(parameter.paramLabel()) || l.startsWith(parameter.paramLabel() + " "));
            }
        }
        // The examples stay as written, one per line, not folded into a paragraph.
        assertThat(lines).contains("weft dump c.weftcap                          # read a capture as text");
    }

    private static CommandSpec model() {
        PrintStream discard = new PrintStream(java.io.OutputStream.nullOutputStream(), true, UTF_8);
        CliContext context = new CliContext(
                new ByteArrayInputStream(new byte[0]), discard, discard, false, new Interrupter(), address -> {});
        return WeftCli.commandLine(context, new String[] {"manpage"}).getCommandSpec();
    }

    private record Rendered(int exit, String out, String err) {}

    private Rendered render(String... command) throws Exception {
        Path out = dir.resolve("rendered.txt");
        Path err = dir.resolve("rendered.err");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().put("MANWIDTH", "80");
        builder.environment().put("LC_ALL", "C.UTF-8");
        builder.environment().remove("MANPAGER");
        builder.environment().remove("PAGER");
        Process process = builder.start();
        assertThat(process.waitFor(WeftProcess.TIMEOUT_SECONDS, TimeUnit.SECONDS))
                .as(String.join(" ", command) + " exited")
                .isTrue();
        return new Rendered(process.exitValue(), Files.readString(out, UTF_8), Files.readString(err, UTF_8));
    }

    static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        for (String entry : (path == null ? "/usr/bin:/bin" : path).split(":")) {
            if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, tool))) {
                return true;
            }
        }
        return false;
    }
}
