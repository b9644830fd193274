package dev.weft.cli;

import java.lang.management.ManagementFactory;

/**
 * Explains running out of direct memory (where {@code sink} keeps what connections send) in one line
 * that names the limit and the fix. Thread-safe.
 */
final class DirectMemory {
    private static final String OPTION = "-XX:MaxDirectMemorySize=";

    private DirectMemory() {}

    /** Returns the one-line reason for a connection cut because {@code error} was thrown. */
    static String exhausted(OutOfMemoryError error) {
        return "out of direct memory (the limit is " + Units.size(limit())
                + "): raise it, e.g. WEFT_JAVA_OPTS=" + OPTION + "4g, or cap each connection with --max-bytes"
                + " (only this connection was closed)";
    }

    /** Returns the JVM's direct-memory limit: {@code -XX:MaxDirectMemorySize}, or else the heap's maximum. */
    static long limit() {
        try {
            for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
                if (argument.startsWith(OPTION)) {
                    return Units.parseSize(argument.substring(OPTION.length()));
                }
            }
        } catch (RuntimeException | LinkageError e) {
            // no management support: fall back to the JVM's default rule
        }
        return Runtime.getRuntime().maxMemory();
    }
}
