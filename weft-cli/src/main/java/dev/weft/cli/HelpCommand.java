package dev.weft.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Runs {@code weft help [COMMAND]}: the usage of the command, or of {@code weft}; an unknown command
 * gets the same line as {@code weft COMMAND} does, and exit code 2.
 */
@Command(name = "help", header = "Show the usage of weft or of one of its commands.", helpCommand = true)
final class HelpCommand implements Callable<Integer> {
    private final CliContext context;

    @CommandLine.Spec
    CommandLine.Model.@org.jspecify.annotations.Nullable CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "COMMAND", description = "The command to describe.")
    @org.jspecify.annotations.Nullable
    String command;

    HelpCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
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
