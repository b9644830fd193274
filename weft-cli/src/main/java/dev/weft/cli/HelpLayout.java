package dev.weft.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Lays out the footer of every command's help (its examples) to the help's width, which follows the terminal's.
 * picocli wraps a long footer line at the width into column 0, so an example's comment or its end would land under
 * the commands, unindented. Here an example line (one that starts with a blank) that does not fit keeps its
 * indentation: its {@code # comment} moves to a line of its own, aligned under the comment column if it fits there,
 * and a command still too long is cut between words with a shell continuation ({@code \}), never inside quotes.
 * Other lines (prose) are filled to the width, as picocli fills them. Pure; thread-safe.
 */
final class HelpLayout {
    /** How much deeper than its example a continued command or a comment that fits nowhere else is indented. */
    static final int CONTINUATION_INDENT = 4;

    /** A comment: a {@code #} after two blanks or more, then a blank. */
    private static final Pattern COMMENT = Pattern.compile(" {2,}(?=# )");

    private HelpLayout() {}

    /** Lays out the footers of {@code cli} and of each command under it. */
    static void install(CommandLine cli) {
        cli.getHelpSectionMap()
                .put(
                        CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER,
                        help -> footer(
                                help.commandSpec().usageMessage().footer(),
                                help.commandSpec().usageMessage().width()));
        for (CommandLine sub : cli.getSubcommands().values()) {
            install(sub);
        }
    }

    /** Returns the footer {@code lines} laid out to {@code width} columns, each line ended by a line break. */
    static String footer(String[] lines, int width) {
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            List<String> laid = line.startsWith(" ") ? example(line, width) : fill(line, 0, "", width);
            for (String l : laid) {
                out.append(l.stripTrailing()).append(System.lineSeparator());
            }
        }
        return out.toString();
    }

    /** Lays out one example line: as it is if it fits, else its command and then its comment, each indented. */
    static List<String> example(String line, int width) {
        List<String> out = new ArrayList<>();
        if (line.length() <= width) {
            out.add(line);
            return out;
        }
        int indent = line.length() - line.stripLeading().length();
        Matcher m = COMMENT.matcher(line);
        boolean commented = m.find(indent);
        String command = commented ? line.substring(0, m.start()) : line;
        out.addAll(command(command, indent, width));
        if (commented) {
            String comment = line.substring(m.end());
            int column = m.end() + comment.length() <= width ? m.end() : indent + CONTINUATION_INDENT;
            out.addAll(fill(comment.substring(2), column, "# ", width));
        }
        return out;
    }

    /** Cuts a command that does not fit between its words, each line but the last ending with a continuation. */
    private static List<String> command(String command, int indent, int width) {
        List<String> out = new ArrayList<>();
        if (command.length() <= width) {
            out.add(command);
            return out;
        }
        StringBuilder current = new StringBuilder(" ".repeat(indent));
        boolean empty = true;
        for (String word : words(command.substring(indent))) {
            // Room for the word, and for " \" after it unless it is the last.
            if (!empty && current.length() + 1 + word.length() + 2 > width) {
                out.add(current.append(" \\").toString());
                current = new StringBuilder(" ".repeat(indent + CONTINUATION_INDENT));
                empty = true;
            }
            current.append(empty ? "" : " ").append(word);
            empty = false;
        }
        out.add(current.toString());
        return out;
    }

    /** Splits a shell command at its blanks, keeping a quoted part ('...' or "...") in one word. */
    private static List<String> words(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (quote == 0 && c == ' ') {
                if (word.length() > 0) {
                    words.add(word.toString());
                    word.setLength(0);
                }
                continue;
            }
            if (quote == 0 && (c == '\'' || c == '"')) {
                quote = c;
            } else if (c == quote) {
                quote = 0;
            }
            word.append(c);
        }
        if (word.length() > 0) {
            words.add(word.toString());
        }
        return words;
    }

    /**
     * Fills {@code text} into lines starting at {@code column}, each beginning with {@code prefix} ({@code "# "} for a
     * comment), words kept whole.
     */
    private static List<String> fill(String text, int column, String prefix, int width) {
        List<String> out = new ArrayList<>();
        String start = " ".repeat(column) + prefix;
        StringBuilder current = new StringBuilder(start);
        for (String word : text.strip().split(" +")) {
            if (current.length() > start.length() && current.length() + 1 + word.length() > width) {
                out.add(current.toString());
                current = new StringBuilder(start);
            }
            current.append(current.length() > start.length() ? " " : "").append(word);
        }
        out.add(current.toString());
        return out;
    }
}
