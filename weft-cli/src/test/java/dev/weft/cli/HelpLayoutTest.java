package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's help fits its width, and an example never spills into column 0. */
final class HelpLayoutTest {
    private static final CliContext CONTEXT = new CliContext(
            InputStream.nullInputStream(),
            new PrintStream(OutputStream.nullOutputStream()),
            new PrintStream(OutputStream.nullOutputStream()),
            false,
            new Interrupter(),
            address -> {});

    /**
     * At the widths of common terminals, and at the width help has when it is not printed on one, no line of any
     * command's help is longer than the width, and no line of an example block (the indented lines after
     * "Examples:") is followed by one at column 0: prose after examples comes after a blank line.
     */
    @Test
    void everyCommandsHelpFitsItsWidthAndKeepsItsExamplesIndented() {
        CommandLine root = WeftCli.commandLine(CONTEXT, new String[] {"help"});
        List<CommandLine> commands = new ArrayList<>();
        commands.add(root);
        commands.addAll(root.getSubcommands().values());
        assertThat(commands).hasSize(WeftCli.COMMANDS.size() + 1);
        for (int width : new int[] {80, 100, 132}) {
            for (CommandLine command : commands) {
                command.getCommandSpec().usageMessage().autoWidth(false).width(width);
                String name = command.getCommandSpec().qualifiedName() + " at width " + width;
                List<String> lines = command.getUsageMessage(CommandLine.Help.Ansi.OFF)
                        .lines()
                        .toList();
                assertThat(lines)
                        .as(name)
                        .allSatisfy(l ->
                                assertThat(l.length()).as("%s: %s", name, l).isLessThanOrEqualTo(width));
                int examples = lines.indexOf("Examples:");
                if (command.getCommandSpec().usageMessage().footer().length > 0) {
                    assertThat(examples).as(name + " has examples").isPositive();
                }
                for (int i = examples + 2; examples >= 0 && i < lines.size(); i++) {
                    String previous = lines.get(i - 1);
                    String line = lines.get(i);
                    if (previous.startsWith(" ") && !line.isEmpty()) {
                        assertThat(line)
                                .as("%s: the line after %s", name, previous)
                                .startsWith("  ");
                    }
                }
            }
        }
    }

    /** The help of the commands that have no width of their own is laid out too (80 columns, picocli's default). */
    @Test
    void completionsExampleCommentIsNotCutIntoColumnZero() {
        CapturedOutput out = new CapturedOutput();
        int code = WeftCli.run(
                new String[] {"completion", "--help"},
                InputStream.nullInputStream(),
                out.printStream(),
                new PrintStream(OutputStream.nullOutputStream()));

        assertThat(code).isZero();
        assertThat(out.text())
                .contains("\n  autoload -U +X bashcompinit && bashcompinit && source <(weft completion)\n"
                        + "      # zsh\n");
    }

    /** A comment that does not fit moves under the comment column; a command too long is continued, not cut in quotes. */
    @Test
    void exampleLinesKeepTheirIndentationWhenTheyDoNotFit() {
        assertThat(HelpLayout.example("  weft sink --print                 # show the bytes as they arrive", 40))
                .containsExactly("  weft sink --print", "      # show the bytes as they arrive");
        assertThat(HelpLayout.example("  weft a --b c              # short", 40))
                .containsExactly("  weft a --b c              # short");
        assertThat(HelpLayout.example("  weft a   # a b c d e f g h i j k l m n o p", 30))
                .containsExactly("  weft a", "      # a b c d e f g h i j k", "      # l m n o p");
        assertThat(HelpLayout.example("  weft dump --json c.weftcap | jq -c 'select(.event == \"close\")'", 40))
                .containsExactly("  weft dump --json c.weftcap | jq -c \\", "      'select(.event == \"close\")'");
        assertThat(HelpLayout.footer(new String[] {"", "Report line: a b c d e f"}, 14))
                .isEqualTo(String.join(System.lineSeparator(), "", "Report line: a", "b c d e f", ""));
    }
}
