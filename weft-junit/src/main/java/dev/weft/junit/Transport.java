package dev.weft.junit;

import dev.weft.internet.ClientFactory;
import dev.weft.internet.IAddress;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.IProtocol;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.IPv6Address;
import dev.weft.internet.IReactorTime;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.nio.ReactorThread;
import dev.weft.internet.task.Clock;
import dev.weft.internet.testing.Faults;
import dev.weft.internet.testing.FaultyPump;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The transport one invocation of a {@link TransportTest} runs on: connects a server and a client protocol in memory or
 * over a real socket, the same call either way. Used from the test thread; over a real socket the protocols run on the
 * reactor thread: read them after {@link Conversation#awaitClosed(java.time.Duration)}.
 */
public final class Transport implements AutoCloseable {
    /** Where the bytes go. */
    public enum Kind {
        /** In memory: a {@code FaultyPump} without faults on a {@code Clock} of the invocation's own. */
        MEMORY,
        /** Loopback TCP on a real reactor, port picked by the system. */
        TCP,
        /**
         * Loopback TCP over IPv6 ({@code ::1}) on a real reactor, port picked by the system; not among {@link
         * TransportTest}'s defaults: ask for it, {@code @TransportTest({Kind.TCP, Kind.TCP6})}.
         */
        TCP6,
        /** A UNIX socket in a temporary directory on a real reactor. */
        UNIX;

        String displayName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Kind kind;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private @Nullable ReactorThread reactor;
    private @Nullable Clock memoryClock;

    Transport(Kind kind) {
        this.kind = kind;
    }

    /** Returns which transport this is. */
    public Kind kind() {
        return kind;
    }

    /**
     * Returns the time for the protocols to schedule on ({@code callLater}), the same code on every transport: in
     * memory the {@link Clock} the conversations run on, which {@link Conversation#awaitClosed(java.time.Duration)}
     * moves from one delayed call to the next, so a timeout fires at once and at its exact time; over a socket the
     * running reactor, in real time. One per invocation; call it from the protocols (their callbacks run on the
     * reactor thread over a socket), not from the test body while they run.
     *
     * <pre>{@code
     * transport.connect(Silent::new, () -> new TimingOutClient(transport.clock()));
     * }</pre>
     */
    public IReactorTime clock() {
        if (kind == Kind.MEMORY) {
            return memoryClock();
        }
        return reactor().reactor();
    }

    /**
     * Connects a new server protocol and a new client protocol, each supplier called once.
     * @throws NullPointerException naming the supplier, if one is null or (in memory, where both are called here)
     * returns null
     */
    public <C extends IProtocol, S extends IProtocol> Conversation<C, S> connect(
            Supplier<? extends S> server, Supplier<? extends C> client) {
        Objects.requireNonNull(
                server, "connect(server, client): server is null; give a supplier such as MyServer::new");
        Objects.requireNonNull(
                client, "connect(server, client): client is null; give a supplier such as MyClient::new");
        if (kind == Kind.MEMORY) {
            Clock clock = memoryClock();
            Conversation.Tracked<S> s = new Conversation.Tracked<>(built(server, "server"));
            Conversation.Tracked<C> c = new Conversation.Tracked<>(built(client, "client"));
            FaultyPump<Conversation.Tracked<C>, Conversation.Tracked<S>> pump =
                    FaultyPump.connect(() -> s, () -> c, Faults.none(), clock);
            return Conversation.inMemory(pump, clock);
        }
        ReactorThread rt = reactor();
        Conversation<C, S> conversation = Conversation.overSockets(rt);
        ServerFactory sf = new ServerFactory(() -> conversation.acceptServer(built(server, "server")));
        ClientFactory cf = new ClientFactory(() -> conversation.startClient(built(client, "client")));
        sf.setNoisy(false); // no "Starting factory" / "Stopping factory" lines at every run
        cf.setNoisy(false);
        IListeningPort port;
        if (kind == Kind.TCP || kind == Kind.TCP6) {
            String loopback = kind == Kind.TCP ? "127.0.0.1" : "::1";
            port = rt.call(() -> rt.reactor().listenTCP(0, sf, 50, loopback));
            IAddress host = port.getHost();
            int p = host instanceof IPv6Address six ? six.port() : ((IPv4Address) host).port();
            rt.call(() -> rt.reactor().connectTCP(loopback, p, cf, 30, null));
        } else {
            Path dir = tempDir();
            String path = dir.resolve("t.sock").toString();
            port = rt.call(() -> rt.reactor().listenUNIX(path, sf, 50));
            rt.call(() -> rt.reactor().connectUNIX(path, cf, 30));
            resources.add(() -> {
                Files.deleteIfExists(Path.of(path));
                Files.deleteIfExists(dir);
            });
        }
        conversation.listening(port);
        return conversation;
    }

    /** Stops the reactor and removes socket files. */
    @Override
    public void close() throws Exception {
        ReactorThread rt = reactor;
        reactor = null;
        if (rt != null) {
            rt.close();
        }
        for (AutoCloseable r : resources) {
            r.close();
        }
        resources.clear();
    }

    /** Names the transport: {@code memory}, {@code tcp}, {@code tcp6} or {@code unix}. */
    @Override
    public String toString() {
        return kind.displayName();
    }

    /** Calls {@code supplier}, refusing a null protocol with a message that names {@code side}. */
    private static <P> P built(Supplier<? extends P> supplier, String side) {
        P protocol = supplier.get();
        if (protocol == null) {
            throw new NullPointerException(
                    "connect: the " + side + " supplier returned null; return a new protocol on each call");
        }
        return protocol;
    }

    private Clock memoryClock() {
        Clock c = memoryClock;
        if (c == null) {
            c = new Clock();
            memoryClock = c;
        }
        return c;
    }

    private ReactorThread reactor() {
        ReactorThread rt = reactor;
        if (rt == null) {
            rt = ReactorThread.start();
            reactor = rt;
        }
        return rt;
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("weft-t");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a directory for the UNIX socket", e);
        }
    }
}
