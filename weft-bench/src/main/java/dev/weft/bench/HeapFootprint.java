package dev.weft.bench;

import dev.weft.internet.testing.AccumulatingProtocol;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;

/**
 * Prints the heap an {@link AccumulatingProtocol} occupies per byte it holds, after filling it the way
 * weft's reactor does (64 KiB reads through {@code getBuffer}/{@code bufferUpdated}) and a full GC:
 *
 * <pre>
 * java -Xmx3g -cp weft-bench/target/benchmarks.jar dev.weft.bench.HeapFootprint 1 64 1024   # MiB held
 * </pre>
 *
 * <p>A measurement tool, not a benchmark: the ratio is heap used after the fill divided by the bytes
 * held (1.0 would be no overhead at all).
 */
public final class HeapFootprint {
    private HeapFootprint() {}

    /**
     * Measures each size given in MiB.
     *
     * @param args sizes in MiB
     */
    public static void main(String[] args) {
        int read = 65536;
        byte[] source = new byte[read];
        for (String arg : args) {
            long held = Long.parseLong(arg) << 20;
            System.gc();
            long before = heapUsed();
            AccumulatingProtocol protocol = new AccumulatingProtocol();
            long left = held;
            while (left > 0) {
                ByteBuffer buffer = protocol.getBuffer(read);
                int n = (int) Math.min(Math.min(read, buffer.remaining()), left);
                buffer.put(source, 0, n);
                protocol.bufferUpdated(n);
                left -= n;
            }
            System.gc();
            long used = heapUsed() - before;
            System.out.printf(
                    "held %d MiB (%d bytes), heap used %.1f MiB, ratio %.4f%n",
                    held >> 20, protocol.dataSize(), used / 1048576.0, used / (double) held);
        }
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
