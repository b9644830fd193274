package dev.weft.bench.tls;

import dev.weft.internet.testing.TestCertificate;
import dev.weft.internet.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TLS sink throughput and handshakes per second, weft against Netty's {@code SslHandler} (JDK
 * provider), in one JVM, TLS 1.3 with {@value TlsServers#CIPHER} and an ECDSA P-256 certificate.
 * The clients are {@code openssl} processes, the same for both servers: {@code s_client} fed from
 * {@code /dev/zero} (throughput; it sends close_notify at end of input) and {@code s_time -new}
 * (full handshakes; {@code HSn} runs n of them at once, {@code HS} is {@code HS4}). Each case runs
 * {@code rounds} times alternating the servers, after uncounted warm-up runs (one of each server;
 * for handshakes, repeated until each server's CPU per handshake is steady within 5 % and the JIT
 * compiles for under 2 % of a run, at most 24),
 * and prints one line per run and the medians.
 *
 * <pre>
 * java [-Dservers=weft,netty,...] [-Dworkloads=W1,W2,HS2,HS4,HS8] -cp weft-bench/target/benchmarks.jar \
 *     dev.weft.bench.tls.TlsBench [rounds] [w1MiB] [w2Conns] [w2MiB] [hsSeconds]
 * </pre>
 *
 * <p>Servers: {@code weft} (delegated tasks on the reactor's pool, its default; a buffered protocol
 * that TLS decrypts into), {@code weft-array} (the same with a {@code dataReceived} protocol: a new
 * array per record), {@code weft-inline-tasks}, {@code netty} (tasks on the event loop, Netty's
 * default) and {@code netty-offload-tasks} (a pool of the same size as weft's).
 */
public final class TlsBench {
    /** The size of weft's reactor pool ({@code NioReactor}'s default), which runs weft's delegated tasks. */
    private static final int WEFT_POOL = 10;

    private TlsBench() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        long w1 = (args.length > 1 ? Long.parseLong(args[1]) : 1024) << 20;
        int w2Conns = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        long w2 = (args.length > 3 ? Long.parseLong(args[3]) : 64) << 20;
        int hsSeconds = args.length > 4 ? Integer.parseInt(args[4]) : 10;
        TestCertificate cert = TestCertificates.selfSigned("localhost", "127.0.0.1");
        Path dir = Files.createTempDirectory("weft-tls-bench");
        System.out.printf(
                Locale.ROOT,
                "# %s, %d cores, load %s%n",
                System.getProperty("java.vm.version"),
                Runtime.getRuntime().availableProcessors(),
                Files.readString(Path.of("/proc/loadavg")).strip());
        List<String> servers = List.of(System.getProperty("servers", "weft,netty,weft-inline-tasks,netty-offload-tasks")
                .split(","));
        for (String workload :
                System.getProperty("workloads", "W1,W2,HS2,HS4,HS8").split(",")) {
            java.util.Map<String, List<Double>> results = new java.util.LinkedHashMap<>();
            java.util.Map<String, List<Double>> cpus = new java.util.LinkedHashMap<>();
            // Short runs of each server first, not counted: the JIT compiles the JDK's TLS and crypto
            // code (which both servers share) there, not in whichever server's first counted run. A
            // handshake workload repeats them, servers alternating, until each server's run is steady:
            // its CPU per handshake within 5 % of its previous run, and the JIT compiling for less than
            // 2 % of the run's time (at most 24 runs each). On a 2-core VM shared with eight clients, C2
            // is still compiling the TLS stack and the server's own loop tens of seconds in, at a pace
            // too steady for the CPU test alone to see: its time was then counted in one server's runs.
            java.util.Map<String, Double> lastCpu = new java.util.HashMap<>();
            java.util.Set<String> steady = new java.util.HashSet<>();
            for (int warm = 0; warm < (workload.startsWith("HS") ? 24 : 1) && steady.size() < servers.size(); warm++) {
                for (String name : servers) {
                    try (TlsServers.Server s = start(name, cert)) {
                        long cpu0 = processCpuNanos();
                        long jit0 = compileMillis();
                        switch (workload) {
                            case "W1" -> throughput(s, 1, w1 / 8);
                            case "W2" -> throughput(s, w2Conns, w2 / 8);
                            default -> {
                                int secs = Math.max(2, hsSeconds / 2);
                                double rate = handshakes(s, clients(workload), secs);
                                double perHandshake = (processCpuNanos() - cpu0) / 1e3 / (rate * secs);
                                long jit = compileMillis() - jit0;
                                System.out.printf(
                                        Locale.ROOT,
                                        "%s %s warm-up %d: %.1f handshakes/s, server CPU %.0f us per handshake, JIT %d ms%n",
                                        workload,
                                        name,
                                        warm + 1,
                                        rate,
                                        perHandshake,
                                        jit);
                                Double before = lastCpu.put(name, perHandshake);
                                if (before != null
                                        && Math.abs(perHandshake - before) <= 0.05 * before
                                        && jit < 0.02 * secs * 1000) {
                                    steady.add(name);
                                }
                            }
                        }
                    }
                }
            }
            if (!lastCpu.isEmpty()) {
                System.out.printf(Locale.ROOT, "%s warm-up: %s steady of %s%n", workload, steady, servers);
            }
            for (int r = 0; r < rounds; r++) {
                for (String name : (r % 2 == 0 ? servers : reversed(servers))) {
                    try (TlsServers.Server s = start(name, cert)) {
                        long cpu0 = processCpuNanos();
                        long jit0 = compileMillis();
                        double v = switch (workload) {
                            case "W1" -> throughput(s, 1, w1);
                            case "W2" -> throughput(s, w2Conns, w2);
                            default -> handshakes(s, clients(workload), hsSeconds);
                        };
                        double cpu = (processCpuNanos() - cpu0) / 1e3;
                        double units = switch (workload) {
                            case "W1" -> w1 / 1e6;
                            case "W2" -> w2Conns * w2 / 1e6;
                            default -> v * hsSeconds;
                        };
                        results.computeIfAbsent(name, k -> new ArrayList<>()).add(v);
                        cpus.computeIfAbsent(name, k -> new ArrayList<>()).add(cpu / units);
                        System.out.printf(
                                Locale.ROOT,
                                "%s %s run %d: %.1f %s, server CPU %.0f us per %s, JIT %d ms%n",
                                workload,
                                name,
                                r + 1,
                                v,
                                workload.startsWith("HS") ? "handshakes/s" : "MB/s",
                                cpu / units,
                                workload.startsWith("HS") ? "handshake" : "MB",
                                compileMillis() - jit0);
                    }
                }
            }
            StringBuilder line = new StringBuilder(workload + " median:");
            results.forEach(
                    (name, values) -> line.append(String.format(Locale.ROOT, " %s %.1f,", name, median(values))));
            ratio(line, results, "weft", "netty");
            ratio(line, results, "weft-inline-tasks", "netty");
            ratio(line, results, "weft", "netty-offload-tasks");
            System.out.println(line);
            pairs(workload, results, "weft", "netty");
            StringBuilder cpuLine =
                    new StringBuilder(workload + " median server CPU (us per unit, the JVM's whole process):");
            cpus.forEach(
                    (name, values) -> cpuLine.append(String.format(Locale.ROOT, " %s %.0f,", name, median(values))));
            System.out.println(cpuLine);
        }
        Files.deleteIfExists(dir);
    }

    private static TlsServers.Server start(String name, TestCertificate cert) throws Exception {
        return switch (name) {
            case "weft" -> TlsServers.weft(cert, true, true);
            case "weft-array" -> TlsServers.weft(cert, true, false);
            case "weft-inline-tasks" -> TlsServers.weft(cert, false, true);
            case "netty-offload-tasks" -> TlsServers.netty(cert, WEFT_POOL);
            default -> TlsServers.netty(cert, 0);
        };
    }

    /** The JIT's compiling time so far, all compiler threads (the JVM's elapsed-time estimate), in ms. */
    private static long compileMillis() {
        return java.lang.management.ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    }

    /** The CPU time of this JVM so far (every thread: servers, JIT, GC; not the openssl clients). */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Appends a/b of the medians, when both servers ran. */
    private static void ratio(StringBuilder line, java.util.Map<String, List<Double>> results, String a, String b) {
        if (results.containsKey(a) && results.containsKey(b)) {
            line.append(
                    String.format(Locale.ROOT, " %s/%s %.2f", a, b, median(results.get(a)) / median(results.get(b))));
        }
    }

    /**
     * Prints each round's {@code a}/{@code b} ratio, their median and how many are at least 1: the
     * two runs of a round are next to each other in time, so a drift of the machine's speed over the
     * rounds moves both.
     */
    private static void pairs(String workload, java.util.Map<String, List<Double>> results, String a, String b) {
        List<Double> as = results.get(a);
        List<Double> bs = results.get(b);
        if (as == null || bs == null) {
            return;
        }
        List<Double> ratios = new ArrayList<>();
        StringBuilder line = new StringBuilder(workload + " pairs " + a + "/" + b + ":");
        for (int i = 0; i < Math.min(as.size(), bs.size()); i++) {
            double r = as.get(i) / bs.get(i);
            ratios.add(r);
            line.append(String.format(Locale.ROOT, " %.2f", r));
        }
        long atLeastOne = ratios.stream().filter(r -> r >= 1.0).count();
        line.append(String.format(
                Locale.ROOT, ", median %.2f, %d of %d at least 1", median(ratios), atLeastOne, ratios.size()));
        System.out.println(line);
    }

    private static List<String> reversed(List<String> l) {
        List<String> r = new ArrayList<>(l);
        java.util.Collections.reverse(r);
        return r;
    }

    private static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        s.sort(null);
        return s.size() % 2 == 1 ? s.get(s.size() / 2) : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
    }

    /** Runs {@code conns} s_client processes at once, each sending {@code bytes}; MB/s at the server. */
    static double throughput(TlsServers.Server s, int conns, long bytes) throws Exception {
        s.counts().reset();
        List<Process> clients = new ArrayList<>();
        for (int i = 0; i < conns; i++) {
            String cmd = "head -c " + bytes + " /dev/zero | openssl s_client -connect 127.0.0.1:" + s.port()
                    + " -tls1_3 -ciphersuites " + TlsServers.CIPHER + " -quiet -no_ign_eof";
            clients.add(new ProcessBuilder("sh", "-c", cmd)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start());
        }
        for (Process p : clients) {
            p.waitFor();
        }
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (s.counts().closed.get() < conns && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        long total = s.counts().bytes.get();
        if (total != conns * bytes) {
            throw new IllegalStateException("the server received " + total + " bytes, expected " + conns * bytes);
        }
        double seconds = (s.counts().lastCloseNanos - s.counts().firstConnectNanos) / 1e9;
        return total / seconds / 1e6;
    }

    private static final Pattern S_TIME = Pattern.compile("(\\d+) connections in (\\d+) real seconds");

    /** {@return the number of {@code s_time} clients of a handshake workload: HS2 → 2; HS → 4} */
    static int clients(String workload) {
        if (!workload.startsWith("HS")) {
            throw new IllegalArgumentException("unknown workload " + workload + ": use W1, W2, HS or HSn (n clients)");
        }
        return workload.length() == 2 ? 4 : Integer.parseInt(workload.substring(2));
    }

    /** Runs {@code n} {@code openssl s_time -new} processes for {@code seconds}; full handshakes per second. */
    static double handshakes(TlsServers.Server s, int n, int seconds) throws Exception {
        return handshakes(s.port(), n, seconds);
    }

    /** Runs {@code n} {@code openssl s_time -new} processes against {@code port}; full handshakes per second. */
    static double handshakes(int port, int n, int seconds) throws Exception {
        List<Process> clients = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            clients.add(new ProcessBuilder(
                            "openssl",
                            "s_time",
                            "-connect",
                            "127.0.0.1:" + port,
                            "-new",
                            "-time",
                            Integer.toString(seconds),
                            "-tls1_3",
                            "-ciphersuites",
                            TlsServers.CIPHER)
                    .redirectErrorStream(true)
                    .start());
        }
        double rate = 0;
        for (Process p : clients) {
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            Matcher m = S_TIME.matcher(out);
            if (!m.find()) {
                throw new IllegalStateException("s_time printed no rate: " + out);
            }
            rate += Double.parseDouble(m.group(1)) / Double.parseDouble(m.group(2));
        }
        return rate;
    }
}
