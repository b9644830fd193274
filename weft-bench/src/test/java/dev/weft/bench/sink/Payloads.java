package dev.weft.bench.sink;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Random;
import java.util.zip.CRC32;

/** Builds connections' content as the load generator does, and sends them over real sockets. */
final class Payloads {
    private Payloads() {}

    /** Returns {@code length} bytes: seed, CRC-32 of bytes 8.., then pseudo-random bytes from {@code seed}. */
    static byte[] connection(int seed, int length) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        CRC32 crc = new CRC32();
        crc.update(b, 8, length - 8);
        ByteBuffer header = ByteBuffer.wrap(b, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        header.putInt(seed).putInt((int) crc.getValue());
        return b;
    }

    /**
     * Connects to {@code 127.0.0.1:port}, writes {@code bytes}, half-closes, and waits until the server
     * closes its side.
     *
     * @return how many bytes the server sent back (a sink sends none)
     */
    static long sendAndAwaitClose(int port, byte[] bytes) throws IOException {
        try (SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
            ByteBuffer out = ByteBuffer.wrap(bytes);
            while (out.hasRemaining()) {
                ch.write(out);
            }
            ch.shutdownOutput();
            ByteBuffer in = ByteBuffer.allocate(256);
            long back = 0;
            for (int n; (n = ch.read(in.clear())) >= 0; ) {
                back += n;
            }
            return back;
        }
    }
}
