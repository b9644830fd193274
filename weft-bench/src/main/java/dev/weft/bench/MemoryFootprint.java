package dev.weft.bench;

import dev.weft.internet.testing.AccumulatingProtocol;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * Prints the memory an {@link AccumulatingProtocol} takes per byte it holds, heap and direct buffers together, after
 * filling it the way weft's reactor does (64 KiB reads through {@code getBuffer}/{@code bufferUpdated}):
 *
 * <pre>
 * java -Xmx3g -cp weft-bench/target/benchmarks.jar dev.weft.bench.MemoryFootprint 1K 64K 1M 64M 1G
 * </pre>
 *
 * <p>A measurement tool, not a benchmark. Accumulation only ever adds chunks, so the memory right after the fill is the
 * peak. Both counts are taken after the collector has freed everything unreachable (a full collection, then a wait for
 * the JDK's cleaner to free unreachable direct buffers): the heap as the memory bean counts it, the direct memory as
 * the JDK's {@code direct} buffer pool counts it (the capacity of the live direct buffers). Each line gives both, and
 * their sum divided by the bytes held (1.0 would be no overhead at all).
 */
public final class MemoryFootprint {
    private static final BufferPoolMXBean DIRECT = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
            .filter(pool -> pool.getName().equals("direct"))
            .findFirst()
            .orElseThrow();

    private MemoryFootprint() {}

    /**
     * Measures each size given, in bytes with an optional K, M or G suffix (binary units).
     *
     * @param args the sizes
     * @throws InterruptedException if interrupted while waiting for the collector
     */
    public static void main(String[] args) throws InterruptedException {
        int read = 65536;
        byte[] source = new byte[read];
        for (String arg : args) {
            long held = parseSize(arg);
            settle();
            long heapBefore = heapUsed();
            long directBefore = DIRECT.getMemoryUsed();
            AccumulatingProtocol protocol = new AccumulatingProtocol();
            long left = held;
            while (left > 0) {
                ByteBuffer buffer = protocol.getBuffer(read);
                int n = (int) Math.min(Math.min(read, buffer.remaining()), left);
                buffer.put(source, 0, n);
                protocol.bufferUpdated(n);
                left -= n;
            }
            settle();
            long heap = heapUsed() - heapBefore;
            long direct = DIRECT.getMemoryUsed() - directBefore;
            System.out.printf(
                    "held %s (%d bytes): heap %.1f KiB, direct %.1f KiB, ratio %.4f%n",
                    arg, protocol.dataSize(), heap / 1024.0, direct / 1024.0, (heap + direct) / (double) held);
        }
    }

    /**
     * Collects garbage until the direct memory in use stops falling: the JDK frees an unreachable direct buffer on its
     * cleaner thread some time after the collection that found it.
     */
    private static void settle() throws InterruptedException {
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 50; i++) {
            System.gc();
            Thread.sleep(20);
            long now = DIRECT.getMemoryUsed();
            if (now == last) {
                return;
            }
            last = now;
        }
    }

    private static long parseSize(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        int shift = t.endsWith("K") ? 10 : t.endsWith("M") ? 20 : t.endsWith("G") ? 30 : 0;
        String digits = shift == 0 ? t : t.substring(0, t.length() - 1);
        return Long.parseLong(digits) << shift;
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
