package dev.weft.bench;

import dev.weft.internet.testing.AccumulatingProtocol;
import dev.weft.internet.testing.StringTransport;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Measures what {@link AccumulatingProtocol} costs per byte when a reactor fills it the way weft's does: {@code
 * getBuffer(sizeHint)}, a {@code put} of one read's bytes, {@code bufferUpdated(n)}, repeated until {@code heldBytes}
 * are held; one operation is one connection filled from empty.
 *
 * <p>The primary score is nanoseconds per filled connection; the {@code bytes} line is nanoseconds per byte (JMH
 * divides the time by the bytes counted). The copy of each read is a JVM {@code put} from a hot 64 KiB array, standing
 * in for the kernel's copy. Every chunk after the first is a new direct buffer, which the JDK zeroes when it allocates
 * it: memory the process has not touched before, or memory freed by the collector and given back by {@code malloc}, so
 * the first-touch page faults a real sink pays are in these figures (they were not while every chunk was a heap array,
 * whose memory each iteration reused).
 *
 * <pre>
 * java -jar weft-bench/target/benchmarks.jar AccumulatingProtocolBenchmark                  # all points, ~3 min
 * java -jar weft-bench/target/benchmarks.jar AccumulatingProtocolBenchmark -p heldBytes=1024,1048576
 * </pre>
 *
 * <p>The 1 GiB point holds 1 GiB while the previous connections' chunks may still await collection, so the fork runs
 * with {@code -Xms4g -Xmx4g}, which also sets the direct-memory limit to 4 GiB (the JDK collects when a direct
 * allocation would pass it); a machine with less memory can leave that point out with {@code -p
 * heldBytes=1024,1048576,67108864}.
 *
 * <p>Confined to the JMH worker thread (one thread, {@code Scope.Thread}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 2, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@State(Scope.Thread)
public class AccumulatingProtocolBenchmark {
    /** Bytes per read (per {@code bufferUpdated}): 1, 16, 1 KiB, 64 KiB. */
    @Param({"1", "16", "1024", "65536"})
    public int chunkBytes;

    /** Bytes one connection accumulates before it ends: 1 KiB, 1 MiB, 64 MiB, 1 GiB. */
    @Param({"1024", "1048576", "67108864", "1073741824"})
    public long heldBytes;

    /** The {@code sizeHint} passed to {@code getBuffer}: weft's reactor passes 64 KiB whatever arrives. */
    @Param({"65536"})
    public int sizeHint;

    private final byte[] source = new byte[65536];

    /** Counts the bytes accumulated, so that JMH reports the time per byte. Confined to one thread. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Bytes {
        /** Bytes accumulated in the current iteration. */
        public long bytes;

        /** Starts each iteration's count at zero. */
        @Setup(Level.Iteration)
        public void reset() {
            bytes = 0;
        }
    }

    /** Fills the source with random bytes (their values do not matter to the protocol). */
    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < source.length; i++) {
            source[i] = (byte) random.nextInt(256);
        }
        if (chunkBytes < 1 || chunkBytes > source.length) {
            throw new IllegalArgumentException("chunkBytes must be 1..65536, got " + chunkBytes);
        }
    }

    /**
     * Fills one fresh protocol with {@code heldBytes} in reads of {@code chunkBytes}, counting the bytes; returns the
     * protocol, so the JIT cannot drop the work.
     */
    @Benchmark
    public AccumulatingProtocol fill(Bytes counter) {
        AccumulatingProtocol p = new AccumulatingProtocol();
        p.makeConnection(new StringTransport());
        byte[] src = source;
        int chunk = chunkBytes;
        int hint = sizeHint;
        long left = heldBytes;
        while (left > 0) {
            ByteBuffer b = p.getBuffer(hint);
            int n = (int) Math.min(Math.min(chunk, left), b.remaining());
            b.put(src, 0, n);
            p.bufferUpdated(n);
            left -= n;
        }
        counter.bytes += heldBytes;
        return p;
    }
}
