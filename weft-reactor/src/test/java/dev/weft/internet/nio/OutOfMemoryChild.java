package dev.weft.internet.nio;

import dev.weft.defer.Deferred;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.Protocol;
import dev.weft.internet.ServerFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Run by {@link OutOfMemoryProcessTest} in a JVM with a small heap: a protocol keeps every byte it is
 * given, and more, until the reactor thread runs out of heap, while the main thread waits, without a
 * timeout, for a Deferred that never fires, as a test waiting for data would. Prints {@code "waiter got
 * <error class>"} and exits with 3 when the wait ends with an error.
 */
final class OutOfMemoryChild {
    private OutOfMemoryChild() {}

    /** Keeps what it receives, and a megabyte more each time, in a list its factory's creator holds. */
    static final class Hoarder extends Protocol {
        private final List<byte[]> kept;

        Hoarder(List<byte[]> kept) {
            this.kept = kept;
        }

        @Override
        public void dataReceived(byte[] data) {
            while (true) {
                kept.add(data);
                kept.add(new byte[1 << 20]);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        List<byte[]> kept = new ArrayList<>();
        ReactorThread rt = ReactorThread.start();
        int port = rt.call(() -> ((IPv4Address) rt.reactor()
                        .listenTCP(0, ServerFactory.forProtocol(() -> new Hoarder(kept)), 50, "127.0.0.1")
                        .getHost())
                .port());
        try (SocketChannel client = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
            client.write(ByteBuffer.wrap(new byte[] {1}));
            rt.await(() -> new Deferred<Void>());
            System.out.println("waiter returned");
        } catch (Throwable t) {
            kept.clear();
            System.out.println("waiter got " + t.getClass().getName());
            System.exit(3);
        }
    }
}
