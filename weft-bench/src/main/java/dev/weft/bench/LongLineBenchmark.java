package dev.weft.bench;

import dev.weft.internet.testing.StringTransport;
import dev.weft.protocols.basic.LineReceiver;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import java.nio.ByteBuffer;
import java.util.Arrays;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost per byte of one long line fed one byte per read, for lines of 16 KiB to 1 MiB: flat if the receiver never
 * searches the partial line twice, growing with the line if it re-scans (Twisted's {@code LineReceiver} does: {@code
 * delimiter in buffer} after each read). The {@code bytes} line is nanoseconds per byte. weft's {@link LineReceiver}
 * against Netty's {@code LineBasedFrameDecoder}.
 *
 * <pre>
 * java -jar weft-bench/target/benchmarks.jar LongLineBenchmark
 * </pre>
 *
 * <p>Confined to the JMH worker thread.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@State(Scope.Thread)
public class LongLineBenchmark {
    /** The line's length before CR LF: 16 KiB, 64 KiB, 256 KiB, 1 MiB. */
    @Param({"16384", "65536", "262144", "1048576"})
    public int lineBytes;

    private byte[] line;
    private Lines weft;
    private EmbeddedChannel netty;

    /** Counts bytes, so that JMH reports the time per byte. Confined to one thread. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Bytes {
        /** Bytes fed in the current iteration. */
        public long bytes;

        /** Starts each iteration's count at zero. */
        @Setup(Level.Iteration)
        public void reset() {
            bytes = 0;
        }
    }

    /** Builds the line and both receivers. */
    @Setup(Level.Trial)
    public void setUp() {
        line = new byte[lineBytes + 2];
        Arrays.fill(line, (byte) 'x');
        line[lineBytes] = '\r';
        line[lineBytes + 1] = '\n';
        weft = new Lines();
        weft.makeConnection(new StringTransport());
        netty = new EmbeddedChannel(new LineBasedFrameDecoder(2 << 20, true, false));
    }

    /** Closes the Netty channel. */
    @TearDown(Level.Trial)
    public void tearDown() {
        netty.finishAndReleaseAll();
    }

    /** Feeds the line to weft one byte per read; returns the lines received so far. */
    @Benchmark
    public long weft(Bytes bytes) {
        for (byte b : line) {
            ByteBuffer buffer = weft.getBuffer(65536);
            buffer.put(b);
            weft.bufferUpdated(1);
        }
        bytes.bytes += line.length;
        return weft.count;
    }

    /** Feeds the line to Netty one byte per read; returns the lines received so far. */
    @Benchmark
    public int netty(Bytes bytes) {
        for (byte b : line) {
            ByteBuf buf = PooledByteBufAllocator.DEFAULT.ioBuffer(1);
            buf.writeByte(b);
            netty.writeInbound(buf);
        }
        bytes.bytes += line.length;
        int lines = 0;
        ByteBuf frame;
        while ((frame = netty.readInbound()) != null) {
            frame.release();
            lines++;
        }
        return lines;
    }

    /** Counts lines. Confined to the benchmark thread. */
    static final class Lines extends LineReceiver {
        long count;

        Lines() {
            setMaxLength(2 << 20);
        }

        @Override
        public void lineReceived(byte[] received) {
            count++;
        }
    }
}
