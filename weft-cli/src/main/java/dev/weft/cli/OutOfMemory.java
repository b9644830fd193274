package dev.weft.cli;

/**
 * Words for a command that ran out of Java heap, shared by {@code import}, {@code replay} and {@code dump}: the heap it
 * had, and the {@code -Xmx} to give it through {@code WEFT_JAVA_OPTS}.
 */
final class OutOfMemory {
    private OutOfMemory() {}

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
