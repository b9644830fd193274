package dev.weft.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Runs {@code weft manpage}: prints a man page (roff, section 1) generated from the command model,
 * one section per command with every option, so it never disagrees with {@code --help}.
 */
@Command(
        name = "manpage",
        mixinStandardHelpOptions = true,
        versionProvider = WeftCommand.Version.class,
        header = "Print weft's man page (roff).",
        footerHeading = "%nExamples:%n",
        footer = {
            "  weft manpage | man -l -",
            "  weft manpage > ~/.local/share/man/man1/weft.1",
        })
final class ManPageCommand implements Callable<Integer> {
    private final CliContext context;

    @CommandLine.Spec
    @org.jspecify.annotations.Nullable
    CommandSpec spec;

    ManPageCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        CommandSpec root =
                java.util.Objects.requireNonNull(spec).commandLine().getParent().getCommandSpec();
        StringBuilder page = new StringBuilder();
        String version = new WeftCommand.Version().getVersion()[0];
        page.append(".TH WEFT 1 \"\" \"").append(roff(version)).append("\" \"User Commands\"\n");
        // No hyphenation (option, class and endpoint words must stay whole), ragged right.
        page.append(".nh\n.ad l\n");
        page.append(".SH NAME\nweft \\- ")
                .append(roff(String.join(" ", root.usageMessage().header())))
                .append('\n');
        page.append(".SH SYNOPSIS\n.B weft\n[\\fB\\-\\-debug\\fR] \\fICOMMAND\\fR [\\fIOPTIONS\\fR]\n");
        page.append(".SH DESCRIPTION\n")
                .append(roff(String.join(" ", root.usageMessage().description())))
                .append('\n');
        footer(page, root.usageMessage().footer());
        for (Map.Entry<String, CommandLine> sub : root.subcommands().entrySet()) {
            CommandSpec spec = sub.getValue().getCommandSpec();
            page.append(".SH \"WEFT ")
                    .append(sub.getKey().toUpperCase(java.util.Locale.ROOT))
                    .append("\"\n");
            page.append(roff(String.join(" ", spec.usageMessage().header()))).append('\n');
            String synopsis = new CommandLine.Help(spec, CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF))
                    .synopsis(0)
                    .replaceAll("\\s+", " ")
                    .strip();
            page.append(".PP\n").append(roff(synopsis)).append('\n');
            String description = String.join(" ", spec.usageMessage().description());
            if (!description.isBlank()) {
                page.append(".PP\n").append(roff(description)).append('\n');
            }
            for (PositionalParamSpec p : spec.positionalParameters()) {
                page.append(".TP\n\\fI")
                        .append(roff(p.paramLabel()))
                        .append("\\fR\n")
                        .append(roff(String.join(" ", p.description())))
                        .append('\n');
            }
            for (OptionSpec o : spec.options()) {
                page.append(".TP\n\\fB")
                        .append(roff(String.join(", ", o.names())))
                        .append("\\fR");
                if (o.arity().max() > 0) {
                    page.append(" \\fI").append(roff(o.paramLabel())).append("\\fR");
                }
                page.append('\n')
                        .append(roff(String.join(" ", o.description())))
                        .append('\n');
            }
            footer(page, spec.usageMessage().footer());
        }
        page.append(
                ".SH EXIT STATUS\n0 success; 1 a runtime failure; 2 a command line that cannot be run as written; 130"
                        + " (SIGINT) or 143 (SIGTERM) a sink or tap \\-\\-expect N stopped by the signal before N"
                        + " connections were reported.\n");
        context.out.print(page);
        context.out.flush();
        return 0; // a failed write of the output is WeftCli's to report, with exit 1
    }

    /**
     * Appends a footer: its indented lines (examples) as they are, in no-fill blocks; the others as
     * filled paragraphs, so that a man page of any width folds them instead of cutting them.
     */
    private static void footer(StringBuilder page, String[] lines) {
        if (lines.length == 0) {
            return;
        }
        page.append(".PP\nExamples:\n");
        boolean examples = false; // in a no-fill block
        boolean newParagraph = false; // after a blank line
        for (String line : lines) {
            if (line.isBlank()) {
                page.append(examples ? ".fi\n" : "");
                examples = false;
                newParagraph = true;
                continue;
            }
            boolean example = line.startsWith(" ");
            if (example && !examples) {
                page.append(newParagraph ? ".PP\n.nf\n" : ".nf\n");
            } else if (!example && (examples || newParagraph)) {
                page.append(examples ? ".fi\n.PP\n" : ".PP\n");
            }
            examples = example;
            newParagraph = false;
            page.append(roff(example ? line : line.strip())).append('\n');
        }
        page.append(examples ? ".fi\n" : "");
    }

    /** Escapes text for roff: backslashes, hyphens, and a leading dot or quote; drops picocli's default-value variable. */
    static String roff(String text) {
        String escaped =
                text.replace("${DEFAULT-VALUE}", "").replace("\\", "\\e").replace("-", "\\-");
        return escaped.replaceAll("(?m)^([.'])", "\\\\&$1");
    }
}
