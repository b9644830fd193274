package dev.weft.bench.tls;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.ThreadMXBean;
import dev.weft.internet.nio.ReactorThread;
import dev.weft.internet.testing.TestCertificate;
import dev.weft.internet.testing.TestCertificates;
import dev.weft.protocols.tls.DelegatedTasks;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Where a TLS 1.3 handshake's CPU goes on weft's server: the engine's delegated task (its CPU and
 * wall time, measured around it), the reactor thread's own work (user and kernel), the compilers'
 * time (the JVM's estimate, all compiler threads) and the collector's pauses, and what the reactor
 * thread and the tasks allocate (inline, the reactor's figures include the task's); per handshake,
 * with the tasks on the reactor's pool ({@code offload}, weft's default on endpoints) or inline. The clients are
 * {@code openssl s_time -new -tls1_3} processes, as in {@link TlsBench}'s HS workloads; each round
 * after the first is printed.
 *
 * <pre>
 * java -cp weft-bench/target/benchmarks.jar dev.weft.bench.tls.TlsHandshakeCpu offload 2 8 [rounds]
 * </pre>
 *
 * <p>A measurement tool, not a benchmark (Linux: the reactor thread's user and kernel time come
 * from {@code /proc}).
 */
public final class TlsHandshakeCpu {
    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    private TlsHandshakeCpu() {}

    public static void main(String[] args) throws Exception {
        boolean offload = !args[0].equals("inline");
        int clients = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        TestCertificate cert = TestCertificates.selfSigned("localhost", "127.0.0.1");
        AtomicLong taskCpu = new AtomicLong();
        AtomicLong taskWall = new AtomicLong();
        AtomicLong taskAlloc = new AtomicLong();
        Executor measured = task -> {
            long alloc = THREADS.getCurrentThreadAllocatedBytes();
            long cpu = THREADS.getCurrentThreadCpuTime();
            long wall = System.nanoTime();
            task.run();
            taskWall.addAndGet(System.nanoTime() - wall);
            taskCpu.addAndGet(THREADS.getCurrentThreadCpuTime() - cpu);
            taskAlloc.addAndGet(THREADS.getCurrentThreadAllocatedBytes() - alloc);
        };
        long[] reactorId = new long[1];
        String[] reactorTask = new String[1];
        Function<ReactorThread, DelegatedTasks> tasks = rt -> {
            reactorId[0] = rt.call(() -> Thread.currentThread().getId());
            reactorTask[0] = rt.call(() -> Files.readSymbolicLink(Path.of("/proc/thread-self"))
                    .getFileName()
                    .toString());
            return offload
                    ? DelegatedTasks.on(
                            task -> rt.reactor().callInThread(() -> measured.execute(task)),
                            rt.reactor()::callFromThread)
                    : DelegatedTasks.on(measured, Runnable::run);
        };
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (TlsServers.Server server = TlsServers.weft(cert, tasks, false)) {
            for (int round = 0; round < rounds; round++) {
                taskCpu.set(0);
                taskWall.set(0);
                taskAlloc.set(0);
                server.counts().reset();
                long gc0 = gcMillis();
                long jit0 = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
                long[] ticks0 = userSysTicks(reactorTask[0]);
                long alloc0 = THREADS.getThreadAllocatedBytes(reactorId[0]);
                long process0 = os.getProcessCpuTime();
                double rate = TlsBench.handshakes(server.port(), clients, seconds);
                double n = server.counts().closed.get();
                long[] ticks1 = userSysTicks(reactorTask[0]);
                if (round == 0) {
                    continue; // the JIT's first round
                }
                System.out.printf(
                        Locale.ROOT,
                        "%s, %d clients, round %d: %.0f handshakes/s; per handshake: process CPU %.0f us, reactor"
                                + " user %.0f + kernel %.0f us, task CPU %.0f us (wall %.0f), JIT %.0f us, GC pauses"
                                + " %.0f us; allocated: reactor %.0f KB, tasks %.0f KB%n",
                        offload ? "offload" : "inline",
                        clients,
                        round,
                        rate,
                        (os.getProcessCpuTime() - process0) / 1e3 / n,
                        (ticks1[0] - ticks0[0]) * 1e4 / n,
                        (ticks1[1] - ticks0[1]) * 1e4 / n,
                        taskCpu.get() / 1e3 / n,
                        taskWall.get() / 1e3 / n,
                        (ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jit0) * 1e3 / n,
                        (gcMillis() - gc0) * 1e3 / n,
                        (THREADS.getThreadAllocatedBytes(reactorId[0]) - alloc0) / 1024.0 / n,
                        taskAlloc.get() / 1024.0 / n);
            }
        }
    }

    /** The user and kernel time of one thread, in clock ticks (1/100 s), from {@code /proc/self/task}. */
    private static long[] userSysTicks(String task) throws Exception {
        String stat = Files.readString(Path.of("/proc/self/task/" + task + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12])};
    }

    private static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += gc.getCollectionTime();
        }
        return total;
    }
}
