package dev.weft.bench.sink;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The Netty 4.2 baseline of the sink benchmark: an accumulating sink server on Netty's NIO or native epoll transport,
 * in two variants ({@code copy}: {@link NettyCopyHandler}, {@code composite}: {@link NettyCompositeHandler}), with
 * Netty's defaults otherwise (the adaptive allocator, one event-loop thread for accepts and reads).
 *
 * <pre>
 * PORT=p EXPECT=n java -cp weft-bench/target/benchmarks.jar dev.weft.bench.sink.NettySink epoll composite
 * </pre>
 *
 * <p>Thread-safe: {@link #start} runs on any thread; the handlers run on Netty's event loop.
 */
public final class NettySink implements AutoCloseable {
    private final EventLoopGroup group;
    private final Channel server;
    private final SinkStats stats;

    private NettySink(EventLoopGroup group, Channel server, SinkStats stats) {
        this.group = group;
        this.server = server;
        this.stats = stats;
    }

    /**
     * Starts a sink listening on {@code 127.0.0.1:port}.
     *
     * @param transport {@code nio} or {@code epoll}
     * @param variant {@code copy} or {@code composite}
     * @param port the port, 0 for any free one (see {@link #port()})
     * @param expect how many connections end the run
     * @param threads event-loop threads (the benchmark uses 1)
     * @return the running sink
     * @throws IllegalArgumentException if {@code transport} or {@code variant} is unknown
     * @throws InterruptedException if interrupted while binding
     */
    public static NettySink start(String transport, String variant, int port, long expect, int threads)
            throws InterruptedException {
        SinkStats stats = new SinkStats("netty-" + transport + "-" + variant, expect);
        Function<SinkStats, ChannelHandler> handler = switch (variant) {
            case "copy" -> NettyCopyHandler::new;
            case "composite" -> NettyCompositeHandler::new;
            default -> throw new IllegalArgumentException("variant must be copy or composite, got " + variant);
        };
        IoHandlerFactory io;
        Class<? extends ServerChannel> channelClass;
        switch (transport) {
            case "nio" -> {
                io = NioIoHandler.newFactory();
                channelClass = NioServerSocketChannel.class;
            }
            case "epoll" -> {
                Epoll.ensureAvailability();
                io = EpollIoHandler.newFactory();
                channelClass = EpollServerSocketChannel.class;
            }
            default -> throw new IllegalArgumentException("transport must be nio or epoll, got " + transport);
        }
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, io);
        try {
            Channel server = new ServerBootstrap()
                    .group(group)
                    .channel(channelClass)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(handler.apply(stats));
                        }
                    })
                    .bind("127.0.0.1", port)
                    .sync()
                    .channel();
            return new NettySink(group, server, stats);
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
    }

    /**
     * Returns the port the sink listens on.
     *
     * @return the bound port
     */
    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /**
     * Returns the final JSON line, completed when the expected connections have ended.
     *
     * @return the future line
     */
    public CompletableFuture<String> result() {
        return stats.line();
    }

    /** Closes the listening socket and stops the event loop, waiting for it. */
    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /**
     * Runs the sink under the benchmark contract: listens on {@code $PORT}, prints {@code READY}, prints the JSON line
     * after {@code $EXPECT} connections and exits 0. Environment {@code THREADS} sets the event-loop threads (default
     * 1).
     *
     * @param args {@code nio|epoll copy|composite}
     * @throws Exception if the sink cannot start
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: PORT=p EXPECT=n java -cp benchmarks.jar " + NettySink.class.getName()
                    + " nio|epoll copy|composite");
            System.exit(2);
        }
        SinkMain.run(
                env -> start(args[0], args[1], env.port(), env.expect(), env.intOr("THREADS", 1)), NettySink::result);
    }
}
