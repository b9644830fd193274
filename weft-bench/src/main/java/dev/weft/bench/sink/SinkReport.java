package dev.weft.bench.sink;

import dev.weft.internal.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Turns the raw records of {@code run-sink-bench.sh} into a Markdown report (medians with ranges: throughput, peak RSS,
 * CPU, ratios to the best Netty variant and to {@code c-accum}) and an SVG chart ({@link SvgChart}).
 *
 * <pre>
 * java -cp weft-bench/target/benchmarks.jar dev.weft.bench.sink.SinkReport raw.jsonl [more.jsonl...] out.md out.svg
 * </pre>
 *
 * <p>Runs on the calling thread.
 */
public final class SinkReport {
    private final List<SinkRun> runs;
    private final Set<String> servers = new LinkedHashSet<>();
    private final Map<String, SinkRun> workloads = new LinkedHashMap<>();

    /**
     * Creates a report over {@code runs}.
     *
     * @param runs the cases, in the order they ran
     */
    SinkReport(List<SinkRun> runs) {
        this.runs = List.copyOf(runs);
        for (SinkRun r : runs) {
            servers.add(r.server());
            workloads.putIfAbsent(r.workload(), r);
        }
    }

    /**
     * Reads the raw files and writes the Markdown report and the chart.
     *
     * @param args one or more raw {@code .jsonl} files, then the Markdown path, then the SVG path
     * @throws IOException if a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: SinkReport raw.jsonl [more.jsonl...] out.md out.svg");
            System.exit(2);
        }
        List<SinkRun> runs = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        for (int i = 0; i < args.length - 2; i++) {
            sources.add(args[i]);
            for (String line : Files.readAllLines(Path.of(args[i]), StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                if (!(Json.parse(line) instanceof Map<?, ?> record)) {
                    throw new IllegalArgumentException("not a JSON object: " + line);
                }
                runs.add(SinkRun.of(record));
            }
        }
        SinkReport report = new SinkReport(runs);
        Files.writeString(Path.of(args[args.length - 2]), report.markdown(sources), StandardCharsets.UTF_8);
        Files.writeString(Path.of(args[args.length - 1]), report.svg(), StandardCharsets.UTF_8);
    }

    /** Returns the passing runs' figure {@code f} for one server and workload, summarised. */
    Spread spread(String server, String workload, ToDoubleFunction<SinkRun> f) {
        List<Double> values = new ArrayList<>();
        for (SinkRun r : runs) {
            if (r.ok() && r.server().equals(server) && r.workload().equals(workload)) {
                double v = f.applyAsDouble(r);
                if (v >= 0 && !Double.isNaN(v)) {
                    values.add(v);
                }
            }
        }
        return Spread.of(values);
    }

    /** Returns the headline figure (MB/s or connections/s) of one cell. */
    Spread headline(String server, String workload) {
        return spread(server, workload, SinkRun::headline);
    }

    Set<String> servers() {
        return servers;
    }

    Map<String, SinkRun> workloads() {
        return workloads;
    }

    /** Describes a workload in words, e.g. {@code 1 × 1 GiB, 64 KiB writes}. */
    static String describe(SinkRun w) {
        String[] p = w.spec().split(":");
        String s = p[0] + " × " + bytes(SinkRun.size(p[1])) + ", " + bytes(SinkRun.size(p[2])) + " writes";
        if (SinkRun.size(p[3]) > 1) {
            s += ", " + p[3] + " at once";
        }
        return p.length > 4 ? s + ", " + p[4] : s;
    }

    static String unit(SinkRun w) {
        return w.rateWorkload() ? "conn/s" : "MB/s";
    }

    private static String bytes(long n) {
        if (n >= 1L << 30 && n % (1L << 30) == 0) {
            return (n >> 30) + " GiB";
        }
        if (n >= 1L << 20 && n % (1L << 20) == 0) {
            return (n >> 20) + " MiB";
        }
        if (n >= 1L << 10 && n % (1L << 10) == 0) {
            return (n >> 10) + " KiB";
        }
        return n + " B";
    }

    String markdown(List<String> sources) {
        StringBuilder md = new StringBuilder();
        md.append("# Accumulating-sink benchmark\n\n");
        md.append("Raw records: ")
                .append(String.join(", ", sources))
                .append(". Cells: median [min–max] of the ")
                .append("passing runs; MB = 10^6 bytes; the server's clock (first accept to the last connection ")
                .append("checked). Workloads:\n\n");
        for (Map.Entry<String, SinkRun> w : workloads.entrySet()) {
            md.append("- **")
                    .append(w.getKey())
                    .append("** `")
                    .append(w.getValue().spec())
                    .append("`: ")
                    .append(describe(w.getValue()))
                    .append("; held at most ")
                    .append(bytes(w.getValue().heldBytes()))
                    .append('\n');
        }
        table(
                md,
                "Throughput",
                w -> unit(w),
                (s, w) -> headline(s, w.workload()).show());
        table(
                md,
                "Receiving alone (the check's time taken out)",
                w -> unit(w),
                (s, w) -> spread(s, w.workload(), SinkRun::receiveHeadline).show());
        table(md, "Peak RSS, MiB (÷ bytes held, where that is 1 MiB or more)", w -> "MiB", (s, w) -> {
            Spread rss = spread(s, w.workload(), r -> r.peakRssKb() / 1024);
            if (rss.count() == 0 || w.heldBytes() < (1 << 20)) {
                return Spread.num(rss.median());
            }
            double ratio = rss.median() * 1048576.0 / w.heldBytes();
            return Spread.num(rss.median()) + " (" + String.format(Locale.ROOT, "%.2f", ratio) + ")";
        });
        table(
                md,
                "Server CPU seconds (user + system)",
                w -> "s",
                (s, w) -> spread(s, w.workload(), SinkRun::cpuSeconds).show());
        table(md, "Runs passed / run", w -> "", (s, w) -> {
            long all = runs.stream()
                    .filter(r -> r.server().equals(s) && r.workload().equals(w.workload()))
                    .count();
            long ok = runs.stream()
                    .filter(r -> r.ok() && r.server().equals(s) && r.workload().equals(w.workload()))
                    .count();
            return ok + "/" + all;
        });
        ratios(md);
        List<SinkRun> failed = runs.stream().filter(r -> !r.ok()).toList();
        if (!failed.isEmpty()) {
            md.append("\n## Failed runs\n\n");
            for (SinkRun r : failed) {
                md.append("- ")
                        .append(r.server())
                        .append(' ')
                        .append(r.workload())
                        .append(": ")
                        .append(r.reason())
                        .append('\n');
            }
        }
        return md.toString();
    }

    private interface CellText {
        String text(String server, SinkRun workload);
    }

    private void table(
            StringBuilder md, String title, java.util.function.Function<SinkRun, String> unit, CellText cell) {
        md.append("\n## ").append(title).append("\n\n| server |");
        for (Map.Entry<String, SinkRun> w : workloads.entrySet()) {
            String u = unit.apply(w.getValue());
            md.append(' ').append(w.getKey()).append(u.isEmpty() ? "" : " " + u).append(" |");
        }
        md.append("\n|---|").append("---|".repeat(workloads.size())).append('\n');
        for (String s : servers) {
            md.append("| ").append(s).append(" |");
            for (SinkRun w : workloads.values()) {
                md.append(' ').append(cell.text(s, w)).append(" |");
            }
            md.append('\n');
        }
    }

    private void ratios(StringBuilder md) {
        if (!servers.contains("weft")) {
            return;
        }
        md.append("\n## Ratios of medians: weft / other\n\n| other |");
        workloads.keySet().forEach(w -> md.append(' ').append(w).append(" |"));
        md.append("\n|---|").append("---|".repeat(workloads.size())).append('\n');
        md.append("| best Netty variant (per workload; default flags) |");
        for (String w : workloads.keySet()) {
            double best = Double.NaN;
            String who = "";
            for (String s : servers) {
                double m = headline(s, w).median();
                if (s.startsWith("netty") && !s.contains("+") && !Double.isNaN(m) && (Double.isNaN(best) || m > best)) {
                    best = m;
                    who = s.substring("netty-".length());
                }
            }
            md.append(' ')
                    .append(ratio(headline("weft", w).median(), best))
                    .append(who.isEmpty() ? "" : " (" + who + ")")
                    .append(" |");
        }
        md.append('\n');
        for (String s : servers) {
            if (s.equals("weft")) {
                continue;
            }
            md.append("| ").append(s).append(" |");
            for (String w : workloads.keySet()) {
                md.append(' ')
                        .append(ratio(
                                headline("weft", w).median(), headline(s, w).median()))
                        .append(" |");
            }
            md.append('\n');
        }
    }

    private static String ratio(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) || b == 0 ? "–" : String.format(Locale.ROOT, "%.2f", a / b);
    }

    String svg() {
        return new SvgChart(this).render();
    }
}
