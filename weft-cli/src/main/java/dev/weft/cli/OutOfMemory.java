package dev.weft.cli;

/**
 * Words for a command that ran out of Java heap, shared by {@code import}, {@code replay} and {@code dump}: the heap it
 * had, and the {@code -Xmx} to give it through {@code WEFT_JAVA_OPTS}.
 *
 * <p>It also keeps a reserve of heap for a process that runs out: {@link #reserve()} sets a few MB aside at start,
 * {@link #release()} lets them go at the first {@link OutOfMemoryError}, on any thread, so that what comes next (the
 * reactor thread ending, the command saying why in one line, the JVM exiting) finds the heap it needs instead of
 * failing again, or hanging with every thread out of heap.
 */
final class OutOfMemory {
    /** The most heap set aside: some hundred KB let a command print its line and exit; a few MB leave a margin. */
    static final int MAX_RESERVE = 4 << 20;

    /** The heap set aside, until the first OutOfMemoryError. */
    private static volatile byte @org.jspecify.annotations.Nullable [] reserve;

    private OutOfMemory() {}

    /** Sets aside a sixteenth of the heap, at most {@value #MAX_RESERVE} bytes; once per process. */
    static void reserve() {
        if (reserve == null) {
            reserve = new byte[(int) Math.min(MAX_RESERVE, Runtime.getRuntime().maxMemory() / 16)];
        }
    }

    /** Lets the reserve go; allocates nothing, so it works with the heap exhausted. Thread-safe. */
    static void release() {
        reserve = null;
    }

    /** {@return whether the reserve is still held} */
    static boolean reserved() {
        return reserve != null;
    }

    /** {@return the Java heap's limit, in MB} */
    static long heapMb() {
        return Runtime.getRuntime().maxMemory() >> 20;
    }

    /**
     * {@return "give Java more, e.g. WEFT_JAVA_OPTS=-XmxNm weft COMMAND ...": twice the heap, at least 256 MB and at
     * least {@code neededMb}}
     */
    static String advice(String command, long neededMb) {
        long mb = Math.max(256, Math.max(heapMb() * 2, neededMb));
        return "give Java more, e.g. WEFT_JAVA_OPTS=-Xmx" + mb + "m weft " + command + " ...";
    }
}
