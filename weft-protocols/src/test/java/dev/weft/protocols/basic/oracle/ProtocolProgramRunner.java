package dev.weft.protocols.basic.oracle;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs protocol programs (the language of {@code shared/tools/protocols-oracle/protocols_oracle.py})
 * on weft's framing receivers and prints their traces in the oracle's format, for its {@code
 * compare}: {@code scripts/protocols-runner PROGRAMS.json > TRACES.json} ({@code -} reads standard
 * input).
 */
public final class ProtocolProgramRunner {
    private ProtocolProgramRunner() {}

    /**
     * Reads programs from the file named by the first argument (or standard input for {@code -}) and
     * prints their traces to standard output.
     *
     * @param args the programs file
     * @throws IOException if the file cannot be read
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ProtocolProgramRunner PROGRAMS.json > TRACES.json");
            System.exit(2);
        }
        String input = args[0].equals("-")
                ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                : Files.readString(Path.of(args[0]), StandardCharsets.UTF_8);
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        out.print(runJson(input));
        out.flush();
    }

    /** Runs every program of a programs file and returns the traces, one result per line. */
    static String runJson(String programsJson) {
        return writeLines(runAll((List<?>) Json.parse(programsJson)));
    }

    static List<Object> runAll(List<?> programs) {
        List<Object> results = new ArrayList<>(programs.size());
        for (Object program : programs) {
            results.add(new ProgramEnv((Map<?, ?>) program).run());
        }
        return results;
    }

    /** Writes a JSON list with one element per line, as the oracle does. */
    static String writeLines(List<?> items) {
        StringBuilder out = new StringBuilder("[\n");
        for (int i = 0; i < items.size(); i++) {
            Json.write(items.get(i), out);
            out.append(i + 1 < items.size() ? ",\n" : "\n");
        }
        return out.append("]\n").toString();
    }
}
