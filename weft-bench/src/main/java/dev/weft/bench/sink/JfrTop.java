package dev.weft.bench.sink;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording of a sink run (where the time and the allocations go) with the JDK's own {@code
 * jdk.jfr.consumer} API: the top frames of Java and native samples, per thread; the allocation samples by class; GC
 * pauses by cause; compilations.
 *
 * <pre>
 * java -cp weft-bench/target/benchmarks.jar dev.weft.bench.sink.JfrTop recording.jfr [rows]
 * </pre>
 *
 * <p>Runs on the calling thread.
 */
public final class JfrTop {
    private final Map<String, Long> javaTop = new HashMap<>();
    private final Map<String, Long> nativeTop = new HashMap<>();
    private final Map<String, Long> threads = new HashMap<>();
    private final Map<String, Long> allocated = new HashMap<>();
    private final Map<String, Duration> gcByCause = new HashMap<>();
    private final Map<String, Long> gcCount = new HashMap<>();
    private long compilations;
    private Duration compileTime = Duration.ZERO;
    private long javaSamples;
    private long nativeSamples;

    private JfrTop() {}

    /**
     * Prints the summary of one recording on standard output.
     *
     * @param args the {@code .jfr} file, then optionally how many rows per table (default 15)
     * @throws IOException if the file cannot be read
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: JfrTop recording.jfr [rows]");
            System.exit(2);
        }
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        JfrTop top = new JfrTop();
        for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
            top.add(e);
        }
        top.print(rows);
    }

    private void add(RecordedEvent e) {
        switch (e.getEventType().getName()) {
            case "jdk.ExecutionSample" -> {
                javaSamples++;
                count(javaTop, topFrame(e.getStackTrace()));
                count(threads, "java  " + thread(e));
            }
            case "jdk.NativeMethodSample" -> {
                nativeSamples++;
                count(nativeTop, topFrame(e.getStackTrace()));
                count(threads, "native " + thread(e));
            }
            case "jdk.ObjectAllocationSample" ->
                allocated.merge(e.getClass("objectClass").getName(), e.getLong("weight"), Long::sum);
            case "jdk.GarbageCollection" -> {
                String cause = e.getString("name") + " / " + e.getString("cause");
                gcByCause.merge(cause, e.getDuration("sumOfPauses"), Duration::plus);
                count(gcCount, cause);
            }
            case "jdk.Compilation" -> {
                compilations++;
                compileTime = compileTime.plus(e.getDuration());
            }
            default -> {}
        }
    }

    private static String thread(RecordedEvent e) {
        var t = e.getThread("sampledThread");
        return t == null ? "?" : t.getJavaName();
    }

    private static String topFrame(RecordedStackTrace st) {
        if (st == null || st.getFrames().isEmpty()) {
            return "(no stack)";
        }
        RecordedFrame f = st.getFrames().get(0);
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    private static void count(Map<String, Long> m, String key) {
        m.merge(key, 1L, Long::sum);
    }

    private void print(int rows) {
        System.out.printf(Locale.ROOT, "samples: %d Java, %d native%n", javaSamples, nativeSamples);
        table("samples by thread", threads, rows, javaSamples + nativeSamples);
        table("Java samples, top frame", javaTop, rows, javaSamples);
        table("native samples, top frame", nativeTop, rows, nativeSamples);
        long allocTotal = allocated.values().stream().mapToLong(Long::longValue).sum();
        table("allocation samples by class (weight, bytes)", allocated, rows, allocTotal);
        System.out.printf(Locale.ROOT, "%n## GC pauses by cause%n");
        gcByCause.entrySet().stream()
                .sorted(Map.Entry.<String, Duration>comparingByValue().reversed())
                .forEach(en -> System.out.printf(
                        Locale.ROOT,
                        "%8.1f ms %5d x  %s%n",
                        en.getValue().toNanos() / 1e6,
                        gcCount.get(en.getKey()),
                        en.getKey()));
        System.out.printf(
                Locale.ROOT,
                "%n## compilations: %d, %.1f ms in total (recorded ones)%n",
                compilations,
                compileTime.toNanos() / 1e6);
    }

    private static void table(String title, Map<String, Long> m, int rows, long total) {
        System.out.printf(Locale.ROOT, "%n## %s%n", title);
        List<Map.Entry<String, Long>> top = m.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(rows)
                .collect(Collectors.toList());
        for (Map.Entry<String, Long> en : top) {
            System.out.printf(
                    Locale.ROOT,
                    "%6.1f%% %14d  %s%n",
                    total == 0 ? 0 : 100.0 * en.getValue() / total,
                    en.getValue(),
                    en.getKey());
        }
    }
}
