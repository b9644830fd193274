package dev.weft.protocols.tls;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP port held bound and never listening until {@link #close()}: a connect there is refused, and nobody else is
 * given the port meanwhile.
 *
 * <p>A port bound and then released is free only for a moment: test classes run concurrently, other processes run
 * beside them, and a listener on port 0 may be given that port, after which a connect there is accepted instead of
 * refused. The kernel gives port 0 only where no socket is bound, so a held port stays refusing.
 *
 * <p>{@link #toListenOn} sets {@code SO_REUSEADDR}: the reactor's TCP listeners set it too, so one may listen on the
 * port meanwhile (a socket that does not listen does not stop it), and once it stops the port refuses again, still
 * held. A copy of weft-reactor's test class of this name (weft-cli has its own): test sources are not shared
 * between modules.
 */
final class HeldPort implements AutoCloseable {
    private static final int ATTEMPTS = 20;

    private final List<Socket> sockets;

    private HeldPort(List<Socket> sockets) {
        this.sockets = sockets;
    }

    /**
     * Holds one port on each of the given hosts (the same number on all of them, for a name that resolves to
     * several), so that a connect to any of them is refused.
     */
    static HeldPort refusing(String host, String... more) throws IOException {
        return hold(false, host, more);
    }

    /** Holds a port on {@code host} that a reactor's TCP listener may listen on; it refuses when nothing does. */
    static HeldPort toListenOn(String host) throws IOException {
        return hold(true, host);
    }

    private static HeldPort hold(boolean shared, String host, String... more) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            List<Socket> sockets = new ArrayList<>();
            try {
                int port = bind(sockets, shared, host, 0);
                for (String other : more) {
                    bind(sockets, shared, other, port);
                }
                return new HeldPort(sockets);
            } catch (IOException e) {
                // The first port is ours but its number is taken on another host: try another number.
                last = e;
                for (Socket s : sockets) {
                    s.close();
                }
            }
        }
        throw new IOException("could not hold one port on " + host + " and " + List.of(more), last);
    }

    private static int bind(List<Socket> sockets, boolean shared, String host, int port) throws IOException {
        Socket socket = new Socket();
        sockets.add(socket);
        socket.setReuseAddress(shared);
        socket.bind(new InetSocketAddress(host, port));
        return socket.getLocalPort();
    }

    int port() {
        return sockets.get(0).getLocalPort();
    }

    @Override
    public void close() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
    }
}
