package dev.weft.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Runs {@code weft help [COMMAND]}: the usage of the command, or of {@code weft}; an unknown command
 * gets the same line as {@code weft COMMAND} does, and exit code 2, and so does anything after the
 * command. It is not a picocli {@code helpCommand}: picocli stops reading the arguments of one after
 * its first, and would silently ignore {@code extra} in {@code weft help sink extra}.
 */
@Command(
        name = "help",
        header = "Show the usage of weft or of one of its commands.",
        mixinStandardHelpOptions = true,
        versionProvider = WeftCommand.Version.class)
final class HelpCommand implements Callable<Integer> {
    private final CliContext context;

    @CommandLine.Spec
    CommandLine.Model.@org.jspecify.annotations.Nullable CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "COMMAND", description = "The command to describe.")
    @org.jspecify.annotations.Nullable
    String command;

    /** What follows the command, or an unknown option: kept here, so that it is refused rather than ignored. */
    @CommandLine.Unmatched
    List<String> unmatched = new ArrayList<>();

    HelpCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (!unmatched.isEmpty()) {
            String first = unmatched.get(0);
            String example = "weft help " + (command == null ? "sink" : command);
            throw CliFailure.usage(
                    first.startsWith("-")
                            ? "unknown option '" + first + "': help takes a command name and nothing else; write e.g. "
                                    + example
                            : "unexpected argument '" + first + "': help describes one command; write " + example);
        }
        CommandLine parent =
                java.util.Objects.requireNonNull(spec).commandLine().getParent();
        if (command == null) {
            parent.usage(context.out);
            return 0;
        }
        CommandLine sub = parent.getSubcommands().get(command);
        if (sub == null) {
            context.err.println("weft: "
                    + Problems.unknownCommand(command, parent.getSubcommands().keySet()) + " (see 'weft --help')");
            return CliFailure.USAGE;
        }
        sub.usage(context.out);
        return 0;
    }
}
