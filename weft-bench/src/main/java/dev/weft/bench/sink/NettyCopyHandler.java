package dev.weft.bench.sink;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.Arrays;

/**
 * Accumulates one connection the way a Java developer would first write it on Netty: copies every read {@link ByteBuf}
 * into one {@code byte[]} grown by doubling, and releases the read buffer.
 *
 * <p>Confined to the channel's event loop.
 */
final class NettyCopyHandler extends ChannelInboundHandlerAdapter {
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final SinkStats stats;
    private byte[] data = new byte[4096];
    private int size;
    private long reads;

    NettyCopyHandler(SinkStats stats) {
        this.stats = stats;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        stats.accepted();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        try {
            reads++;
            int n = buf.readableBytes();
            if (n > data.length - size) {
                long needed = (long) size + n;
                if (needed > MAX_ARRAY) {
                    throw new IllegalStateException("a connection sent more than " + MAX_ARRAY + " bytes");
                }
                data = Arrays.copyOf(data, (int) Math.min(MAX_ARRAY, Math.max(needed, 2L * data.length)));
            }
            buf.getBytes(buf.readerIndex(), data, size, n);
            size += n;
        } finally {
            buf.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        long start = System.nanoTime();
        CrcCheck check = new CrcCheck();
        check.update(data, 0, size);
        boolean ok = check.ok();
        long checkNanos = System.nanoTime() - start;
        data = new byte[0];
        stats.closed(size, ok, reads, checkNanos);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
