package dev.weft.defer.oracle;

import dev.weft.defer.Deferred;
import dev.weft.internal.json.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Runs Deferred programs (the op language of {@code shared/tools/deferred-oracle/deferred_oracle.py})
 * on weft's Deferred and prints the traces in the oracle's format, so that the oracle's {@code compare}
 * can judge them against real Twisted.
 *
 * <p>Usage: {@code DeferredProgramRunner PROGRAMS.json > TRACES.json} ({@code -} reads standard input);
 * {@code scripts/deferred-runner} builds and runs it. The one program-level choice weft makes here:
 * weft's self-return warning, logged through {@link System.Logger}, is captured from {@code
 * java.util.logging} and reported as the oracle's {@code warn} event.
 */
public final class DeferredProgramRunner {
    /** Held strongly: java.util.logging forgets the configuration of loggers nobody references. */
    private static final Logger DEFERRED_LOG = Logger.getLogger(Deferred.class.getName());

    private static final String SELF_RETURN_MARK = "returned the Deferred it was attached to";

    private DeferredProgramRunner() {}

    /**
     * Reads programs from the file named by the first argument (or standard input for {@code -}) and
     * prints their traces to standard output.
     *
     * @param args the programs file
     * @throws IOException if the file cannot be read
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: DeferredProgramRunner PROGRAMS.json > TRACES.json");
            System.exit(2);
        }
        String input = args[0].equals("-")
                ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                : Files.readString(Path.of(args[0]), StandardCharsets.UTF_8);
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        out.print(runJson(input));
        out.flush();
    }

    /**
     * Runs every program of a programs file.
     *
     * @param programsJson the JSON list of programs
     * @return the JSON list of traces, with a final newline, as the oracle prints it
     */
    static String runJson(String programsJson) {
        List<?> programs = (List<?>) Json.parse(programsJson);
        return Json.write(runAll(programs)) + "\n";
    }

    /**
     * Runs programs in order, capturing weft's self-return warnings as the oracle's warn events.
     *
     * @param programs parsed programs
     * @return one result object per program
     */
    static List<Object> runAll(List<?> programs) {
        WarningCapture capture = new WarningCapture(Thread.currentThread().getId());
        boolean useParents = DEFERRED_LOG.getUseParentHandlers();
        DEFERRED_LOG.addHandler(capture);
        DEFERRED_LOG.setUseParentHandlers(false);
        try {
            List<Object> results = new ArrayList<>(programs.size());
            for (Object program : programs) {
                results.add(new ProgramRun((Map<?, ?>) program, capture).run());
            }
            return results;
        } finally {
            DEFERRED_LOG.removeHandler(capture);
            DEFERRED_LOG.setUseParentHandlers(useParents);
        }
    }

    /** Collects the warnings weft logs on the running thread, for one op at a time. */
    static final class WarningCapture extends Handler {
        private final long threadId;
        private final List<Map<String, Object>> pending = new ArrayList<>();

        WarningCapture(long threadId) {
            this.threadId = threadId;
        }

        @Override
        public synchronized void publish(LogRecord record) {
            if (record.getLevel() != Level.WARNING || record.getLongThreadID() != threadId) {
                return;
            }
            String message = String.valueOf(record.getMessage());
            if (message.contains(SELF_RETURN_MARK)) {
                pending.add(Map.of("ev", "warn", "kind", "self_return"));
            } else {
                pending.add(Map.of(
                        "ev", "warn", "kind", "other", "msg", message.substring(0, Math.min(80, message.length()))));
            }
        }

        /** Returns the warnings since the last call, as warn events of op {@code op}. */
        synchronized List<Map<String, Object>> drain(int op) {
            List<Map<String, Object>> events = new ArrayList<>();
            for (Map<String, Object> w : pending) {
                Map<String, Object> event = new java.util.LinkedHashMap<>(w);
                event.put("op", (long) op);
                events.add(event);
            }
            pending.clear();
            return events;
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
