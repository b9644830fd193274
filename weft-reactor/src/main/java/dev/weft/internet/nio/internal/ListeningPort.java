package dev.weft.internet.nio.internal;

import dev.weft.defer.Deferred;
import dev.weft.internet.Addresses;
import dev.weft.internet.CannotListenError;
import dev.weft.internet.IAddress;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.IProtocol;
import dev.weft.internet.IProtocolFactory;
import dev.weft.internet.IPv4Address;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Twisted's {@code tcp.Port} and {@code unix.Port}: a listening TCP or UNIX-domain socket.
 *
 * <p>{@link #startListening()} binds (throwing {@link CannotListenError}), calls {@code doStart()}, and
 * accepts up to {@value #ACCEPTS_PER_WAKEUP} connections per wake-up; {@code buildProtocol(peer)} returning
 * null (or throwing, logged) closes the socket. {@link #stopListening()} stops accepting at once; its
 * Deferred fires once the selector has let go of the socket (so the address can be bound again), after {@code
 * doStop()}, and fails with what {@code stopFactory} threw. A UNIX socket's file is deleted if it is still
 * the one this port created. TCP ports set {@code SO_REUSEADDR}, as Twisted does. Confined to the reactor
 * thread.
 */
public final class ListeningPort implements IListeningPort, Selectable {
    /** The most connections accepted per wake-up. */
    public static final int ACCEPTS_PER_WAKEUP = 64;

    private static final double ACCEPT_RETRY_SECONDS = 0.05;

    /** How many IPv4 peers' dotted quads a port keeps ({@link #peerOf}); a power of two. */
    private static final int RECENT_PEERS = 64;

    private final EventLoop loop;
    private final IProtocolFactory factory;
    private final int backlog;
    private final boolean unix;
    private final String iface;
    private final int requestedPort;
    private final @Nullable Set<PosixFilePermission> mode;
    private @Nullable ServerSocketChannel channel;
    private @Nullable SelectionKey key;
    private @Nullable IAddress host;
    private @Nullable Deferred<Void> stopping;
    private int sessions;
    /** The identity (device, inode) of the socket file this port bound, or null. */
    private @Nullable Object socketFileKey;
    /** Whether accept() failed and has not succeeded since: its failures are logged once per episode. */
    private boolean acceptFailing;
    /** The local address of the connection accepted last ({@link #localOf}). */
    private @Nullable SocketAddress lastLocalAddress;
    /** The record made of {@link #lastLocalAddress}, or null before the first connection. */
    private @Nullable IAddress lastLocal;
    /** IPv4 peers seen lately, by the low bits of their address, and their dotted quads ({@link #peerOf}). */
    private final Inet4Address[] recentPeers = new Inet4Address[RECENT_PEERS];

    private final String[] recentPeerHosts = new String[RECENT_PEERS];

    private ListeningPort(
            EventLoop loop,
            IProtocolFactory factory,
            int backlog,
            boolean unix,
            String iface,
            int requestedPort,
            @Nullable Set<PosixFilePermission> mode) {
        this.loop = loop;
        this.factory = factory;
        this.backlog = backlog;
        this.unix = unix;
        this.iface = iface;
        this.requestedPort = requestedPort;
        this.mode = mode;
    }

    /**
     * Creates a TCP port, not listening yet, on {@code port} (0: any free one) of {@code iface} ({@code ""}:
     * all IPv4).
     * @throws IllegalArgumentException if the port is out of range or the backlog is not positive
     */
    public static ListeningPort tcp(EventLoop loop, int port, IProtocolFactory factory, int backlog, String iface) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535 (0 for any free port), not " + port);
        }
        checkBacklog(backlog);
        return new ListeningPort(loop, factory, backlog, false, iface, port, null);
    }

    /**
     * Creates a UNIX-domain port, not listening yet, whose file gets {@code mode} (e.g. {@code 0666}; -1: the
     * umask's).
     * @throws IllegalArgumentException if the path is empty or the backlog is not positive
     */
    public static ListeningPort unix(EventLoop loop, String path, IProtocolFactory factory, int backlog, int mode) {
        if (path.isEmpty()) {
            throw new IllegalArgumentException("a UNIX-domain socket path must not be empty");
        }
        checkBacklog(backlog);
        return new ListeningPort(loop, factory, backlog, true, path, 0, mode < 0 ? null : permissions(mode));
    }

    private static void checkBacklog(int backlog) {
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog must be at least 1, not " + backlog);
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        StringBuilder text = new StringBuilder(9);
        String letters = "rwxrwxrwx";
        for (int bit = 8; bit >= 0; bit--) {
            text.append((mode & (1 << bit)) != 0 ? letters.charAt(8 - bit) : '-');
        }
        return PosixFilePermissions.fromString(text.toString());
    }

    @Override
    public void startListening() {
        loop.checkThread("startListening");
        loop.checkAcceptsSockets("startListening");
        if (channel != null || stopping != null) {
            throw new IllegalStateException("already listening on " + host + "; stopListening() first");
        }
        SocketAddress address = bindAddress();
        ServerSocketChannel ch;
        try {
            ch = ServerSocketChannel.open(family(address));
        } catch (IOException e) {
            throw cannotListen(e);
        }
        try {
            ch.configureBlocking(false);
            if (!unix) {
                ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            }
            ch.bind(address, backlog);
            Set<PosixFilePermission> bits = mode;
            if (bits != null) {
                Files.setPosixFilePermissions(Path.of(iface), bits);
            }
            host = Addresses.of(ch.getLocalAddress());
            if (unix) {
                socketFileKey = fileKey(Path.of(iface));
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(ch, false);
            throw cannotListen(e);
        }
        try {
            factory.doStart();
        } catch (RuntimeException e) {
            closeQuietly(ch, unix);
            throw e;
        }
        try {
            key = loop.register(ch, SelectionKey.OP_ACCEPT, this);
        } catch (ClosedChannelException e) {
            throw new IllegalStateException("the listening socket closed while starting", e);
        }
        channel = ch;
        loop.track(this);
    }

    private CannotListenError cannotListen(Throwable cause) {
        return unix ? UnixListenErrors.of(iface, cause) : new CannotListenError(iface, requestedPort, cause);
    }

    private SocketAddress bindAddress() {
        if (unix) {
            return UnixDomainSocketAddress.of(iface);
        }
        if (iface.isEmpty()) {
            return new InetSocketAddress(requestedPort);
        }
        try {
            InetAddress ip = Addresses.isLiteral(iface) ? Addresses.parseLiteral(iface) : InetAddress.getByName(iface);
            return new InetSocketAddress(ip, requestedPort);
        } catch (UnknownHostException | IllegalArgumentException e) {
            throw cannotListen(e);
        }
    }

    private static ProtocolFamily family(SocketAddress address) {
        if (address instanceof UnixDomainSocketAddress) {
            return StandardProtocolFamily.UNIX;
        }
        InetSocketAddress inet = (InetSocketAddress) address;
        return inet.getAddress() instanceof java.net.Inet6Address
                ? StandardProtocolFamily.INET6
                : StandardProtocolFamily.INET;
    }

    @Override
    public void ready(SelectionKey selected) {
        ServerSocketChannel ch = channel;
        for (int i = 0; i < ACCEPTS_PER_WAKEUP && ch != null && channel == ch; i++) {
            SocketChannel accepted;
            try {
                accepted = ch.accept();
            } catch (IOException e) {
                acceptFailed(selected, e);
                return;
            }
            if (accepted == null) {
                return;
            }
            if (acceptFailing) {
                acceptFailing = false;
                Faults.warn("accepting connections again on " + this);
            }
            loop.accepted();
            accepted(accepted);
        }
    }

    private void acceptFailed(SelectionKey selected, IOException error) {
        // Typically EMFILE/ENFILE: a value, not a crash. Stop accepting for a moment instead of
        // spinning on a ready socket, keep serving the open connections, and say so once per episode.
        if (!acceptFailing) {
            acceptFailing = true;
            Faults.ioProblem(
                    "accept() failed on " + this + "; open connections are served,"
                            + " and accepting resumes once descriptors are free (retrying every "
                            + ACCEPT_RETRY_SECONDS + " s)",
                    error);
        }
        selected.interestOps(0);
        loop.callLater(ACCEPT_RETRY_SECONDS, () -> {
            if (key == selected && selected.isValid()) {
                selected.interestOps(SelectionKey.OP_ACCEPT);
            }
        });
    }

    /**
     * Returns the {@link IAddress} of an accepted socket's local address: the previous one again when
     * it is the same (always, unless the port listens on several addresses), not a new record.
     */
    private IAddress localOf(@Nullable SocketAddress address) {
        IAddress same = lastLocal;
        if (same != null && Objects.equals(address, lastLocalAddress)) {
            return same;
        }
        IAddress local = Addresses.of(address);
        lastLocalAddress = address;
        lastLocal = local;
        return local;
    }

    /**
     * Returns the {@link IAddress} of an accepted socket's peer. A server's peers come back (a test
     * client, a proxy, a load balancer): the dotted quad of an IPv4 peer seen lately is reused, not
     * written again for every connection.
     */
    private IAddress peerOf(@Nullable SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() instanceof Inet4Address ip) {
            int slot = ip.hashCode() & (RECENT_PEERS - 1); // Inet4Address's hash is its address
            String host = recentPeerHosts[slot];
            if (host == null || !ip.equals(recentPeers[slot])) {
                host = ip.getHostAddress();
                recentPeers[slot] = ip;
                recentPeerHosts[slot] = host;
            }
            return IPv4Address.tcp(host, inet.getPort());
        }
        return Addresses.of(address);
    }

    private void accepted(SocketChannel accepted) {
        IAddress peer;
        IAddress local;
        try {
            accepted.configureBlocking(false);
            peer = peerOf(accepted.getRemoteAddress());
            local = localOf(accepted.getLocalAddress());
        } catch (IOException e) {
            Faults.ioProblem("setting up an accepted connection on " + this, e);
            closeQuietly(accepted);
            return;
        }
        int session = sessions++;
        IProtocol protocol;
        try {
            protocol = factory.buildProtocol(peer);
        } catch (Throwable t) {
            Faults.callbackFailed(factoryName() + ".buildProtocol on " + this, t);
            TcpClose.closeUnused(loop, null, accepted, unix);
            return;
        }
        if (protocol == null) {
            TcpClose.closeUnused(loop, null, accepted, unix);
            return;
        }
        Connection connection =
                loop.newConnection(accepted, protocol, local, peer, unix, null, new SessionName(this, session));
        connection.startAccepted();
    }

    @Override
    public Deferred<Void> stopListening() {
        loop.checkThread("stopListening");
        Deferred<Void> inProgress = stopping;
        if (inProgress != null) {
            return inProgress;
        }
        ServerSocketChannel ch = channel;
        if (ch == null) {
            return Deferred.succeed(null);
        }
        channel = null;
        SelectionKey k = key;
        if (k != null) {
            k.cancel();
        }
        closeQuietly(ch);
        Deferred<Void> done = new Deferred<>();
        stopping = done;
        loop.callLater(0, () -> finishStopping(ch, done));
        return done;
    }

    private void finishStopping(ServerSocketChannel ch, Deferred<Void> done) {
        if (stopping != done) {
            return;
        }
        if (ch.isRegistered() && !loop.isShuttingDown()) {
            // The selector releases the socket on its next select; wait for it.
            loop.callLater(0, () -> finishStopping(ch, done));
            return;
        }
        loop.untrack(this);
        finishStoppingNow(done);
    }

    private void finishStoppingNow(Deferred<Void> done) {
        stopping = null;
        deleteSocketFile();
        try {
            factory.doStop();
        } catch (Throwable t) {
            done.errback(t);
            return;
        }
        done.callback(null);
    }

    @Override
    public void reactorStopping() {
        if (channel != null) {
            stopListening();
        }
        Deferred<Void> inProgress = stopping;
        if (inProgress != null) {
            finishStoppingNow(inProgress);
        }
    }

    @Override
    public void internalFailure(Throwable error) {
        stopListening();
    }

    /**
     * Deletes the socket file this port created, and only that one: another process's socket at the same path
     * stays.
     */
    private void deleteSocketFile() {
        Object created = socketFileKey;
        if (unix && created != null) {
            Path path = Path.of(iface);
            try {
                Object now = fileKey(path);
                if (created.equals(now)) {
                    Files.deleteIfExists(path);
                } else if (now != null) {
                    Faults.warn("not deleting " + iface + ": it is no longer the socket " + this + " created");
                }
            } catch (IOException e) {
                Faults.ioProblem("deleting the socket file of " + this, e);
            }
        }
    }

    /** Returns the identity (device and inode) of the file at {@code path}, or null if there is none. */
    private static @Nullable Object fileKey(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    .fileKey();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private void closeQuietly(ServerSocketChannel ch, boolean delete) {
        closeQuietly(ch);
        if (delete) {
            deleteSocketFile();
        }
    }

    private static void closeQuietly(java.nio.channels.Channel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            Faults.ioProblem("closing " + ch, e);
        }
    }

    @Override
    public IAddress getHost() {
        IAddress h = host;
        if (h == null) {
            throw new IllegalStateException("the port has never listened");
        }
        return h;
    }

    /** Tells whether the port accepts connections: between {@link #startListening()} and {@link #stopListening()}. */
    public boolean isListening() {
        return channel != null;
    }

    /** Names an accepted connection, {@code "#3 on 8080"}, when it is printed: not for every connection. */
    private record SessionName(ListeningPort port, int session) {
        @Override
        public String toString() {
            return "#" + session + " on " + port.portText();
        }
    }

    private String portText() {
        IAddress h = host;
        if (unix) {
            return iface;
        }
        if (h instanceof IPv4Address v4) {
            return Integer.toString(v4.port());
        }
        if (h instanceof dev.weft.internet.IPv6Address v6) {
            return Integer.toString(v6.port());
        }
        return String.valueOf(requestedPort);
    }

    private String factoryName() {
        String simple = factory.getClass().getSimpleName();
        return simple.isEmpty() ? factory.getClass().getName() : simple;
    }

    /** Names the port as Twisted does, e.g. {@code "<Echo factory on 8080>"}. */
    @Override
    public String toString() {
        return "<" + factoryName() + " on " + portText() + ">";
    }
}
