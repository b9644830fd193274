package dev.weft.bench.sink;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * Counts a sink server's connections and produces the benchmark contract's final JSON line once the expected number of
 * connections has ended.
 *
 * <p>The line is {@code {"connections":n,"bytes":b,"seconds":t,"crc_ok":bool,...}}: {@code seconds} runs from the first
 * {@link #accepted()} to the last {@link #closed}, which a server calls after it checked the connection's bytes. Extra
 * fields: {@code verified}, {@code verify_seconds}, {@code reads}, {@code server}, and {@code peak_rss_kb} (the
 * process's {@code VmHWM}, -1 where {@code /proc} is missing), {@code gc_count}, {@code gc_millis} and {@code
 * cpu_seconds} (the whole process's CPU time, start-up included).
 *
 * <p>Thread-safe: a multi-threaded server may report from any thread.
 */
public final class SinkStats {
    private final String server;
    private final long expect;
    private final CompletableFuture<String> line = new CompletableFuture<>();
    private long firstAccept = -1;
    private long closed;
    private long bytes;
    private long reads;
    private long verifyNanos;
    private boolean allOk = true;

    /**
     * Creates the counters for one server run.
     *
     * @param server the name printed in the {@code server} field
     * @param expect how many connections end the run, at least 1
     * @throws IllegalArgumentException if {@code expect} is below 1
     */
    public SinkStats(String server, long expect) {
        if (expect < 1) {
            throw new IllegalArgumentException("expect must be at least 1 connection, got " + expect);
        }
        this.server = server;
        this.expect = expect;
    }

    /** Records that a connection was accepted; the first call starts the clock. */
    public synchronized void accepted() {
        if (firstAccept < 0) {
            firstAccept = System.nanoTime();
        }
    }

    /**
     * Records that a connection ended and was checked; the {@code expect}-th call completes {@link #line()}.
     *
     * @param size how many bytes the connection accumulated
     * @param ok whether they passed the check
     * @param readCalls how many reads (or data deliveries) the connection took
     * @param checkNanos how long the check took
     */
    public synchronized void closed(long size, boolean ok, long readCalls, long checkNanos) {
        long now = System.nanoTime();
        bytes += size;
        allOk &= ok;
        reads += readCalls;
        verifyNanos += checkNanos;
        if (++closed == expect) {
            double seconds = (now - (firstAccept < 0 ? now : firstAccept)) / 1e9;
            line.complete(json(seconds));
        }
    }

    /**
     * Returns the final JSON line, completed on the thread that reports the last connection.
     *
     * @return a future of the line (without a line terminator)
     */
    public CompletableFuture<String> line() {
        return line;
    }

    private String json(double seconds) {
        long gcCount = 0;
        long gcMillis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcCount += Math.max(0, gc.getCollectionCount());
            gcMillis += Math.max(0, gc.getCollectionTime());
        }
        return String.format(
                Locale.ROOT,
                "{\"connections\":%d,\"bytes\":%d,\"seconds\":%.6f,\"crc_ok\":%b,\"verified\":true,"
                        + "\"verify_seconds\":%.6f,\"reads\":%d,\"server\":\"%s\",\"peak_rss_kb\":%d,"
                        + "\"gc_count\":%d,\"gc_millis\":%d,\"cpu_seconds\":%.3f}",
                closed,
                bytes,
                seconds,
                allOk,
                verifyNanos / 1e9,
                reads,
                server,
                peakRssKb(),
                gcCount,
                gcMillis,
                cpuSeconds());
    }

    /**
     * Returns the CPU time this process used so far (all threads, user and system).
     *
     * @return seconds, or -1 where the JVM does not tell
     */
    public static double cpuSeconds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long nanos = os.getProcessCpuTime();
            return nanos < 0 ? -1 : nanos / 1e9;
        }
        return -1;
    }

    /**
     * Reads this process's peak resident set size ({@code VmHWM} in {@code /proc/self/status}).
     *
     * @return kibibytes, or -1 where it cannot be read
     */
    public static long peakRssKb() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
                if (l.startsWith("VmHWM:")) {
                    return Long.parseLong(l.substring(6).replace("kB", "").trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
