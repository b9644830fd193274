package dev.weft.bench.sink;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Runs a sink server under the benchmark's process contract: reads {@code PORT} and {@code EXPECT} from the
 * environment, starts the server, prints {@code READY}, waits for the final JSON line, prints it and exits 0 ({@code
 * System.exit}, so shutdown hooks such as a JFR dump run).
 *
 * <p>Runs on the process's main thread.
 */
final class SinkMain {
    /** What the harness passes through the environment. */
    record Env(int port, long expect) {
        /** Returns the integer environment variable {@code name}, or {@code fallback} if unset. */
        int intOr(String name, int fallback) {
            String v = System.getenv(name);
            return v == null || v.isBlank() ? fallback : Integer.parseInt(v.trim());
        }
    }

    /** Starts a server. */
    interface Starter<S> {
        /** Starts the server for {@code env}. */
        S start(Env env) throws Exception;
    }

    private SinkMain() {}

    static <S> void run(Starter<S> starter, Function<S, CompletableFuture<String>> result) throws Exception {
        Env env = new Env(Integer.parseInt(required("PORT")), Long.parseLong(required("EXPECT")));
        S sink = starter.start(env);
        System.out.println("READY");
        System.out.flush();
        String line = result.apply(sink).get();
        System.out.println(line);
        System.out.flush();
        System.exit(0);
    }

    private static String required(String name) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            System.err.println(name + " must be set (the sink benchmark's contract: PORT=<port> EXPECT=<connections>)");
            System.exit(2);
        }
        return v.trim();
    }
}
