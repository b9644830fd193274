package dev.weft.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Runs {@code weft completion}: prints a bash completion script generated from the command model, so
 * it always knows every command and option. zsh uses it through {@code bashcompinit}.
 */
@Command(
        name = "completion",
        mixinStandardHelpOptions = true,
        versionProvider = WeftCommand.Version.class,
        header = "Print a bash/zsh completion script for weft.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  source <(weft completion)                                   # bash, this shell",
            "  weft completion > ~/.local/share/bash-completion/completions/weft",
            "  autoload -U +X bashcompinit && bashcompinit && source <(weft completion)   # zsh",
        })
final class CompletionCommand implements Callable<Integer> {
    private final CliContext context;

    @CommandLine.Spec
    CommandLine.Model.@org.jspecify.annotations.Nullable CommandSpec spec;

    CompletionCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        CommandLine root = java.util.Objects.requireNonNull(spec).commandLine().getParent();
        context.out.print(AutoComplete.bash("weft", root));
        context.out.flush();
        return 0; // a failed write of the output is WeftCli's to report, with exit 1
    }
}
