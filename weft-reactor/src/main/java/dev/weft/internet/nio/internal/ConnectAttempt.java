package dev.weft.internet.nio.internal;

import dev.weft.defer.Failure;
import dev.weft.internet.Addresses;
import dev.weft.internet.ConnectBindError;
import dev.weft.internet.ConnectError;
import dev.weft.internet.ConnectTimeoutError;
import dev.weft.internet.UnknownHostError;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.channels.UnsupportedAddressTypeException;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * One attempt of a {@link Connector}: resolves the host (names on a pool thread, literals at once), opens and
 * binds a socket, connects without blocking, and reports success or a {@link ConnectError} to the connector
 * exactly once. The socket is opened on a later turn than the one that started the attempt (as in Twisted),
 * so {@code stopConnecting()} from {@code startedConnecting} never touches a socket. Confined to the reactor
 * thread.
 */
final class ConnectAttempt implements Selectable {
    private final EventLoop loop;
    private final Connector connector;
    private final @Nullable SocketAddress bindAddress;
    private final double timeout;
    private final String destination;
    private final boolean unix;
    /** The destination the errors name: with the address a host name resolved to, once it has. */
    private String tried;

    private @Nullable SocketChannel channel;
    private @Nullable SelectionKey key;
    private @Nullable DelayedCall timeoutCall;
    private boolean done;

    /**
     * Creates an attempt towards {@code destination} ({@code host:port}, or the path when {@code unix}), the
     * text its errors name.
     */
    ConnectAttempt(
            EventLoop loop,
            Connector connector,
            @Nullable SocketAddress bindAddress,
            double timeout,
            String destination,
            boolean unix) {
        this.loop = loop;
        this.connector = connector;
        this.bindAddress = bindAddress;
        this.timeout = timeout;
        this.destination = destination;
        this.unix = unix;
        this.tried = destination;
    }

    void startUnix(String path) {
        begin();
        loop.callLater(0, () -> open(UnixDomainSocketAddress.of(path)));
    }

    void startTcp(String host, int port) {
        begin();
        if (Addresses.isLiteral(host)) {
            InetAddress ip;
            try {
                ip = Addresses.parseLiteral(host);
            } catch (IllegalArgumentException e) {
                loop.callLater(0, () -> fail(unknownHost(e)));
                return;
            }
            loop.callLater(0, () -> open(new InetSocketAddress(ip, port)));
            return;
        }
        try {
            loop.pool().execute(() -> resolve(host, port));
        } catch (RejectedExecutionException e) {
            loop.callLater(0, () -> fail(new ConnectError(e, connecting() + "; the reactor is shutting down")));
        }
    }

    /** Runs on a pool thread: looks the name up and hands the result back to the reactor thread. */
    private void resolve(String host, int port) {
        try {
            InetAddress ip = InetAddress.getByName(host);
            loop.callFromThread(() -> {
                tried = destination + " (" + Addresses.hostOf(ip) + ")";
                open(new InetSocketAddress(ip, port));
            });
        } catch (Exception e) {
            loop.callFromThread(() -> fail(unknownHost(e)));
        }
    }

    private UnknownHostError unknownHost(Exception e) {
        return new UnknownHostError(e, connecting() + ConnectErrors.unknownHostHint());
    }

    private String connecting() {
        return ConnectErrors.connecting(tried);
    }

    private void begin() {
        loop.track(this);
        if (!Double.isInfinite(timeout)) {
            timeoutCall = loop.callLater(
                    timeout,
                    () -> fail(new ConnectTimeoutError(
                            null,
                            connecting() + ", no answer within " + seconds(timeout) + ConnectErrors.noAnswerHint()
                                    + ", or allow a longer timeout")));
        }
    }

    /** Returns a bind address as {@code 127.0.0.1:4000} or {@code [::1]:4000}. */
    private static String text(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            String ip = Addresses.hostOf(inet.getAddress());
            return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }

    /** Returns {@code 30 seconds}, {@code 1 second} or {@code 0.2 seconds}. */
    private static String seconds(double value) {
        String number = value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
        return number + (value == 1 ? " second" : " seconds");
    }

    private void open(SocketAddress address) {
        if (done) {
            return;
        }
        try {
            openAndConnect(address);
        } catch (RuntimeException e) {
            if (done) {
                throw e;
            }
            // Whatever the JDK throws ends this attempt with an error, not a log line and a wait for the timeout.
            fail(new ConnectError(e, connecting()));
        }
    }

    private void openAndConnect(SocketAddress address) {
        SocketAddress local = bindAddress;
        String mismatch = local == null ? null : familyMismatch(local, address);
        if (local != null && mismatch != null) {
            fail(new ConnectBindError(null, "binding to " + text(local) + " before " + connecting() + mismatch));
            return;
        }
        SocketChannel ch;
        try {
            ch = SocketChannel.open(family(address));
            channel = ch;
            ch.configureBlocking(false);
        } catch (IOException e) {
            fail(ConnectErrors.of(e, tried, unix));
            return;
        }
        if (local != null) {
            try {
                ch.bind(local);
            } catch (IOException | UnsupportedAddressTypeException e) {
                fail(new ConnectBindError(
                        e,
                        "binding to " + text(local) + " before " + connecting()
                                + "; choose a free local port (0 picks one) or an address of this machine"));
                return;
            }
        }
        boolean connected;
        try {
            connected = ch.connect(address);
            key = loop.register(ch, connected ? 0 : SelectionKey.OP_CONNECT, this);
        } catch (IOException | UnresolvedAddressException e) {
            fail(ConnectErrors.of(e, tried, unix));
            return;
        }
        if (connected) {
            succeed();
        }
    }

    /**
     * Returns why {@code local} cannot be bound before connecting to {@code remote} (one IPv4, the other IPv6:
     * a socket has one family), or null when both are of one family.
     */
    private static @Nullable String familyMismatch(SocketAddress local, SocketAddress remote) {
        if (!(local instanceof InetSocketAddress from) || !(remote instanceof InetSocketAddress to)) {
            return null;
        }
        boolean localSix = from.getAddress() instanceof Inet6Address;
        boolean remoteSix = to.getAddress() instanceof Inet6Address;
        if (from.getAddress() == null || localSix == remoteSix) {
            return null;
        }
        return localSix
                ? "; the bind address is IPv6 and the destination IPv4 (a socket has one family), so bind an IPv4"
                        + " address such as 127.0.0.1 (0.0.0.0 for any) or connect to an IPv6 address"
                : "; the bind address is IPv4 and the destination IPv6 (a socket has one family), so bind an IPv6"
                        + " address such as [::1] ([::] for any) or connect to an IPv4 address";
    }

    private static ProtocolFamily family(SocketAddress address) {
        if (address instanceof UnixDomainSocketAddress) {
            return StandardProtocolFamily.UNIX;
        }
        return ((InetSocketAddress) address).getAddress() instanceof Inet6Address
                ? StandardProtocolFamily.INET6
                : StandardProtocolFamily.INET;
    }

    @Override
    public void ready(SelectionKey selected) {
        SocketChannel ch = channel;
        if (done || ch == null) {
            return;
        }
        try {
            if (ch.finishConnect()) {
                succeed();
            }
        } catch (IOException e) {
            fail(ConnectErrors.of(e, tried, unix));
        }
    }

    private void succeed() {
        done = true;
        cancelTimeout();
        loop.untrack(this);
        SocketChannel ch = channel;
        SelectionKey k = key;
        if (ch == null || k == null) {
            throw new IllegalStateException("connect attempt " + this + " succeeded with no channel or key");
        }
        connector.attemptSucceeded(this, ch, k);
    }

    /** Ends the attempt with {@code error}, closing its socket, and tells the connector; once ended, does nothing. */
    void fail(ConnectError error) {
        if (done) {
            return;
        }
        done = true;
        cancelTimeout();
        SelectionKey k = key;
        if (k != null) {
            k.cancel();
        }
        SocketChannel ch = channel;
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                Faults.ioProblem("closing a failed connect attempt", e);
            }
        }
        loop.untrack(this);
        connector.attemptFailed(this, new Failure(error));
    }

    private void cancelTimeout() {
        DelayedCall t = timeoutCall;
        if (t != null && t.active()) {
            t.cancel();
        }
        timeoutCall = null;
    }

    @Override
    public void reactorStopping() {
        fail(new ConnectError(null, connecting() + "; the reactor stopped before the connection was made"));
    }

    @Override
    public void internalFailure(Throwable error) {
        fail(new ConnectError(error, connecting()));
    }

    @Override
    public String toString() {
        return "connect attempt of " + connector;
    }
}
