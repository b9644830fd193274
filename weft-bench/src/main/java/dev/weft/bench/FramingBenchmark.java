package dev.weft.bench;

import dev.weft.internet.testing.StringTransport;
import dev.weft.protocols.basic.Int32StringReceiver;
import dev.weft.protocols.basic.LineReceiver;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LineBasedFrameDecoder;
import java.nio.ByteBuffer;
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
 * weft's framing receivers against Netty 4.2's decoders over the same bytes: {@link LineReceiver} against {@code
 * LineBasedFrameDecoder}, {@link Int32StringReceiver} against {@code LengthFieldBasedFrameDecoder(.., 0, 4, 0, 4)} in
 * an {@code EmbeddedChannel}. One operation feeds one stream of about 256 KiB of frames (at least 8) in reads of {@code
 * readBytes}; the {@code frames} line is frames per second.
 *
 * <p>weft is fed as its reactor feeds it: {@code getBuffer(65536)}, a {@code put} of the read, {@code
 * bufferUpdated(n)}; each frame reaches the callback as a fresh {@code byte[]}. Netty is fed as its epoll transport
 * feeds it: each read is a pooled I/O buffer from {@code PooledByteBufAllocator} passed to {@code writeInbound}; each
 * frame reaches the handler as a retained slice, which the handler releases.
 *
 * <pre>
 * java -jar weft-bench/target/benchmarks.jar FramingBenchmark -prof gc
 * </pre>
 *
 * <p>Confined to the JMH worker thread.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@State(Scope.Thread)
public class FramingBenchmark {
    /** The frames: CR LF lines of 16, 128 or 4096 bytes, or Int32 frames of 16 B, 1 KiB or 64 KiB. */
    @Param({"lines-16", "lines-128", "lines-4096", "int32-16", "int32-1024", "int32-65536"})
    public String cell = "lines-16";

    /** Bytes per read: 64 KiB or 1. */
    @Param({"65536", "1"})
    public int readBytes;

    private FramingInput input;
    private CountingLines weftLines;
    private CountingInt32 weftInt32;
    private EmbeddedChannel netty;
    private final NettyCounter nettyCounter = new NettyCounter();
    private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;

    /** Counts frames, so that JMH reports frames per second. Confined to one thread. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Frames {
        /** Frames delivered in the current iteration. */
        public long frames;

        /** Starts each iteration's count at zero. */
        @Setup(Level.Iteration)
        public void reset() {
            frames = 0;
        }
    }

    /** Builds the input and both receivers. */
    @Setup(Level.Trial)
    public void setUp() {
        input = FramingInput.of(cell, 256 * 1024);
        weftLines = new CountingLines();
        weftLines.makeConnection(new StringTransport());
        weftInt32 = new CountingInt32();
        weftInt32.makeConnection(new StringTransport());
        netty = new EmbeddedChannel(
                FramingInput.isLines(cell)
                        ? new LineBasedFrameDecoder(1 << 20, true, false)
                        : new LengthFieldBasedFrameDecoder(1 << 20, 0, 4, 0, 4),
                nettyCounter);
    }

    /** Closes the Netty channel. */
    @TearDown(Level.Trial)
    public void tearDown() {
        netty.finishAndReleaseAll();
    }

    /** Feeds the stream to weft's receiver; returns the bytes of all frames delivered so far, for the Blackhole. */
    @Benchmark
    public long weft(Frames frames) {
        dev.weft.internet.IBufferedProtocol receiver = FramingInput.isLines(cell) ? weftLines : weftInt32;
        byte[] src = input.bytes;
        for (int off = 0; off < src.length; ) {
            ByteBuffer buffer = receiver.getBuffer(65536);
            int n = Math.min(Math.min(readBytes, buffer.remaining()), src.length - off);
            buffer.put(src, off, n);
            receiver.bufferUpdated(n);
            off += n;
        }
        frames.frames += input.frames;
        return weftLines.bytes + weftInt32.bytes;
    }

    /** Feeds the stream to Netty's decoder; returns the bytes of all frames delivered so far, for the Blackhole. */
    @Benchmark
    public long netty(Frames frames) {
        byte[] src = input.bytes;
        for (int off = 0; off < src.length; ) {
            int n = Math.min(readBytes, src.length - off);
            ByteBuf buf = alloc.ioBuffer(n);
            buf.writeBytes(src, off, n);
            netty.writeInbound(buf);
            off += n;
        }
        frames.frames += input.frames;
        return nettyCounter.bytes;
    }

    /** Counts lines. Confined to the benchmark thread. */
    static final class CountingLines extends LineReceiver {
        long bytes;
        long count;

        CountingLines() {
            setMaxLength(1 << 20);
        }

        @Override
        public void lineReceived(byte[] line) {
            bytes += line.length;
            count++;
        }
    }

    /** Counts strings. Confined to the benchmark thread. */
    static final class CountingInt32 extends Int32StringReceiver {
        long bytes;
        long count;

        CountingInt32() {
            setMaxLength(1 << 20);
        }

        @Override
        public void stringReceived(byte[] string) {
            bytes += string.length;
            count++;
        }
    }

    /** Counts and releases Netty's frames. Confined to the channel's thread. */
    static final class NettyCounter extends ChannelInboundHandlerAdapter {
        long bytes;
        long count;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf frame = (ByteBuf) msg;
            bytes += frame.readableBytes();
            count++;
            frame.release();
        }
    }

    // For the smoke test.
    long weftFrames() {
        return weftLines.count + weftInt32.count;
    }

    long nettyFrames() {
        return nettyCounter.count;
    }
}
