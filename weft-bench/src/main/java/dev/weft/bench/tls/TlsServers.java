package dev.weft.bench.tls;

import dev.weft.defer.Failure;
import dev.weft.internet.IBufferedProtocol;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.Protocol;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.nio.ReactorThread;
import dev.weft.internet.testing.TestCertificate;
import dev.weft.protocols.tls.DelegatedTasks;
import dev.weft.protocols.tls.KeyAndChain;
import dev.weft.protocols.tls.TLSMemoryBIOFactory;
import dev.weft.protocols.tls.TLSServerOptions;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** The two TLS servers under test: each counts the plaintext bytes it receives and drops them. */
final class TlsServers {
    static final String CIPHER = "TLS_AES_128_GCM_SHA256";

    private TlsServers() {}

    /** What a server saw: bytes, connections closed, and the span from first connect to last close. */
    static final class Counts {
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong closed = new AtomicLong();
        volatile long firstConnectNanos;
        volatile long lastCloseNanos;

        void connected() {
            if (firstConnectNanos == 0) {
                firstConnectNanos = System.nanoTime();
            }
        }

        void closed() {
            lastCloseNanos = System.nanoTime();
            closed.incrementAndGet();
        }

        void reset() {
            bytes.set(0);
            closed.set(0);
            firstConnectNanos = 0;
            lastCloseNanos = 0;
        }
    }

    /** Counts what {@code dataReceived} hands over. */
    private static class ArraySink extends Protocol {
        final Counts counts;

        ArraySink(Counts counts) {
            this.counts = counts;
        }

        @Override
        public void connectionMade() {
            counts.connected();
        }

        @Override
        public void dataReceived(byte[] data) {
            counts.bytes.addAndGet(data.length);
        }

        @Override
        public void connectionLost(Failure reason) {
            counts.closed();
        }
    }

    /** Lends one 64 KiB buffer for every read and counts what is written into it. */
    private static final class BufferedSink extends ArraySink implements IBufferedProtocol {
        /** Made at the first plaintext: a handshake-only connection never needs it. */
        private @Nullable ByteBuffer buffer;

        BufferedSink(Counts counts) {
            super(counts);
        }

        @Override
        public ByteBuffer getBuffer(int sizeHint) {
            ByteBuffer b = buffer;
            if (b == null) {
                b = ByteBuffer.allocate(64 * 1024);
                buffer = b;
            }
            return b.clear();
        }

        @Override
        public void bufferUpdated(int nbytes) {
            counts.bytes.addAndGet(nbytes);
        }
    }

    interface Server extends AutoCloseable {
        int port();

        Counts counts();

        @Override
        void close();
    }

    /**
     * weft's server: delegated tasks on the reactor's pool ({@code offReactorTasks}) or inline; the
     * protocol takes the plaintext into one buffer it lends again and again ({@code buffered}: TLS
     * decrypts each record straight into it, as Netty's handler gets the buffer its SslHandler decrypted
     * into), or as a new array per record through {@code dataReceived}.
     */
    static Server weft(TestCertificate cert, boolean offReactorTasks, boolean buffered) {
        return weft(
                cert,
                rt -> offReactorTasks ? DelegatedTasks.offReactor(rt.reactor()) : DelegatedTasks.inline(),
                buffered);
    }

    /** weft's server, its delegated tasks where {@code tasksFor} says for the reactor thread it is given. */
    static Server weft(TestCertificate cert, Function<ReactorThread, DelegatedTasks> tasksFor, boolean buffered) {
        Counts counts = new Counts();
        ReactorThread rt = ReactorThread.start();
        TLSServerOptions options = TLSServerOptions.of(new KeyAndChain(cert.key(), cert.chain()))
                .withProtocols("TLSv1.3")
                .withCipherSuites(CIPHER);
        DelegatedTasks tasks = tasksFor.apply(rt);
        ServerFactory sink =
                ServerFactory.forProtocol(() -> buffered ? new BufferedSink(counts) : new ArraySink(counts));
        IListeningPort port = rt.call(
                () -> rt.reactor().listenTCP(0, new TLSMemoryBIOFactory(options, sink, tasks), 1024, "127.0.0.1"));
        int number = ((IPv4Address) port.getHost()).port();
        return new Server() {
            @Override
            public int port() {
                return number;
            }

            @Override
            public Counts counts() {
                return counts;
            }

            @Override
            public void close() {
                rt.await(port::stopListening);
                rt.close();
            }
        };
    }

    /**
     * Netty's server; {@code taskPool} threads (a fixed pool, the size of weft's reactor pool) run the
     * engine's delegated tasks when it is above 0, the event loop itself (Netty's default) when 0.
     */
    static Server netty(TestCertificate cert, int taskPool) throws Exception {
        Counts counts = new Counts();
        ExecutorService tasks = taskPool > 0 ? Executors.newFixedThreadPool(taskPool) : null;
        SslContext ssl = SslContextBuilder.forServer(cert.key(), cert.chain().toArray(new X509Certificate[0]))
                .sslProvider(SslProvider.JDK)
                .protocols("TLSv1.3")
                .ciphers(List.of(CIPHER))
                .build();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        Channel server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        counts.connected();
                        ch.pipeline()
                                .addLast(
                                        tasks == null ? ssl.newHandler(ch.alloc()) : ssl.newHandler(ch.alloc(), tasks),
                                        new ChannelInboundHandlerAdapter() {
                                            @Override
                                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                                ByteBuf b = (ByteBuf) msg;
                                                counts.bytes.addAndGet(b.readableBytes());
                                                b.release();
                                            }

                                            @Override
                                            public void channelInactive(ChannelHandlerContext ctx) {
                                                counts.closed();
                                            }

                                            @Override
                                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                                ctx.close();
                                            }
                                        });
                    }
                })
                .bind("127.0.0.1", 0)
                .sync()
                .channel();
        int number = ((InetSocketAddress) server.localAddress()).getPort();
        return new Server() {
            @Override
            public int port() {
                return number;
            }

            @Override
            public Counts counts() {
                return counts;
            }

            @Override
            public void close() {
                server.close().syncUninterruptibly();
                group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
                if (tasks != null) {
                    tasks.shutdownNow();
                }
            }
        };
    }
}
