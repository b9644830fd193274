package dev.weft.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Random;

/** Plain blocking-socket clients and helpers, independent of the code under test. */
final class Clients {
    private Clients() {}

    /** A finished exchange: the client's local port and what the server sent back. */
    record Exchange(int localPort, byte[] reply) {}

    /** Connects, sends {@code payload}, half-closes, reads until the server closes. */
    static Exchange exchange(int port, byte[] payload) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 30_000);
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(payload);
            out.flush();
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            return new Exchange(socket.getLocalPort(), in.readAllBytes());
        }
    }

    /**
     * Connects, sends {@code payload}, half-closes, reads until the server closes, and tells whether
     * the connection ended with a reset (true, at any of those steps) rather than a clean end of stream (false).
     */
    static boolean exchangeEndsInReset(int port, byte[] payload) throws IOException {
        try (Socket socket = new Socket()) {
            try {
                // The reset may come back before the half-close, the write or even the end of connect (the tap
                // accepts, then resets at once): it counts wherever it lands.
                socket.connect(new InetSocketAddress("127.0.0.1", port), 30_000);
                socket.setSoTimeout(60_000);
                socket.getOutputStream().write(payload);
                socket.shutdownOutput();
                socket.getInputStream().readAllBytes();
                return false;
            } catch (java.net.SocketException e) {
                if (String.valueOf(e.getMessage()).contains("reset")) {
                    return true;
                }
                throw e;
            }
        }
    }

    /** Connects, sends {@code payload}, and resets the connection (SO_LINGER 0) instead of closing it. */
    static int sendAndReset(int port, byte[] payload) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 30_000);
        socket.getOutputStream().write(payload);
        socket.setSoLinger(true, 0);
        int local = socket.getLocalPort();
        socket.close();
        return local;
    }

    /** Returns a port on 127.0.0.1 where nothing listens (it was bound, then released). */
    static int freePort() throws IOException {
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            return server.getLocalPort();
        }
    }

    /**
     * Returns a port on 127.0.0.1 that refuses connections until it is closed: a socket is bound there and never
     * listens. A port from {@link #freePort()} is free only for a moment; the test classes run concurrently, and
     * another test's listener on port 0 may be given it, after which a connect there is no longer refused.
     */
    static HeldPort refusingPort() throws IOException {
        return HeldPort.bind(false);
    }

    /**
     * Returns a port on 127.0.0.1 that a command may listen on (weft's TCP listeners set SO_REUSEADDR) and that no
     * listener on port 0 is given meanwhile: a socket bound there with SO_REUSEADDR, never listening, until it is
     * closed. The kernel picks a port 0 only where no socket is bound, and lets an explicit bind with SO_REUSEADDR share
     * a port with sockets that do not listen.
     */
    static HeldPort portToListenOn() throws IOException {
        return HeldPort.bind(true);
    }

    /** A port held bound and not listening: until something listens there, every connect is refused. */
    record HeldPort(Socket bound) implements AutoCloseable {
        static HeldPort bind(boolean shared) throws IOException {
            Socket bound = new Socket();
            bound.setReuseAddress(shared);
            bound.bind(new InetSocketAddress("127.0.0.1", 0));
            return new HeldPort(bound);
        }

        int port() {
            return bound.getLocalPort();
        }

        /** The port as a TCP endpoint to connect to. */
        String endpoint() {
            return "tcp:host=127.0.0.1:port=" + port();
        }

        @Override
        public void close() throws IOException {
            bound.close();
        }
    }

    static byte[] randomBytes(int n, long seed) {
        byte[] bytes = new byte[n];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
