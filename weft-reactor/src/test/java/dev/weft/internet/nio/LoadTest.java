package dev.weft.internet.nio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.defer.Deferred;
import dev.weft.defer.Failure;
import dev.weft.internet.ClientFactory;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.ConnectionLost;
import dev.weft.internet.IAddress;
import dev.weft.internet.IConnector;
import dev.weft.internet.IProtocol;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.Protocol;
import dev.weft.internet.ServerFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Load within CI's two cores: thousands of concurrent connections, a storm of short ones, and a
 * reactor stopped with thousands open; afterwards no descriptor is left open and every connectionLost
 * was delivered. Sized to the open-file limit: 5,000 pairs need over 10,000 descriptors.
 */
final class LoadTest {
    private static final int WANTED = 5_000;
    private static final int STORM = 20_000;
    private static final int STORM_IN_FLIGHT = 200;
    private static final int BATCH = 500;

    private static int concurrent;

    @BeforeAll
    static void sizeToTheLimit() throws IOException {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs Linux's /proc to count descriptors");
        long limit = FileDescriptors.softLimit();
        long room = limit - FileDescriptors.open().size() - 256;
        concurrent = (int) Math.min(WANTED, room / 2);
        if (concurrent < WANTED) {
            System.out.println("LoadTest: the open-file limit is " + limit + ", so " + concurrent
                    + " concurrent connections instead of " + WANTED
                    + " (run `ulimit -n 65536` first for the full test)");
        }
        // Load the classes the scenarios use, so that lazily opened JDK files do not count as leaks.
        warmUp();
    }

    private static void warmUp() {
        try (ReactorThread servers = ReactorThread.start();
                ReactorThread clients = ReactorThread.start()) {
            Counting serverSide = new Counting(1);
            int port = listen(servers, serverSide);
            Counting clientSide = new Counting(1);
            clients.execute(() -> clientSide.connect(clients.reactor(), port, 1));
            clients.await(() -> clientSide.allMade);
            clients.execute(
                    () -> clientSide.protocols.forEach(p -> p.transport().loseConnection()));
            clients.await(() -> clientSide.allLost);
            servers.await(() -> serverSide.allLost);
        }
    }

    /** Counts protocols made and lost, firing Deferreds when {@code target} of each is reached. */
    static final class Counting {
        final int target;
        final Deferred<Void> allMade = new Deferred<>();
        final Deferred<Void> allLost = new Deferred<>();
        final List<Protocol> protocols = new ArrayList<>();
        final Map<Class<?>, Integer> reasons = new ConcurrentHashMap<>();
        private final TreeMap<Integer, List<Deferred<Void>>> goals = new TreeMap<>();
        int made;
        int lost;
        int failed;

        Counting(int target) {
            this.target = target;
        }

        /** Returns a Deferred that fires once {@code goal} connections were made or failed. */
        Deferred<Void> settled(int goal) {
            Deferred<Void> d = new Deferred<>();
            goals.computeIfAbsent(goal, g -> new ArrayList<>()).add(d);
            fireGoals();
            return d;
        }

        private void fireGoals() {
            while (!goals.isEmpty() && goals.firstKey() <= made + failed) {
                goals.pollFirstEntry().getValue().forEach(d -> d.callback(null));
            }
        }

        Protocol newProtocol() {
            Protocol p = new Protocol() {
                @Override
                public void connectionMade() {
                    if (++made == target) {
                        allMade.callback(null);
                    }
                    fireGoals();
                }

                @Override
                public void connectionLost(Failure reason) {
                    reasons.merge(reason.type(), 1, Integer::sum);
                    if (++lost == target) {
                        allLost.callback(null);
                    }
                }
            };
            protocols.add(p);
            return p;
        }

        void connect(NioReactor reactor, int port, int count) {
            ClientFactory factory = new ClientFactory() {
                @Override
                public IProtocol buildProtocol(IAddress addr) {
                    return newProtocol();
                }

                @Override
                public void clientConnectionFailed(IConnector connector, Failure reason) {
                    failed++;
                    System.out.println("LoadTest: a connect failed: " + reason);
                    fireGoals();
                }
            };
            factory.setNoisy(false);
            for (int i = 0; i < count; i++) {
                reactor.connectTCP("127.0.0.1", port, factory);
            }
        }
    }

    private static int listen(ReactorThread servers, Counting counting) {
        ServerFactory factory = ServerFactory.forProtocol(counting::newProtocol);
        factory.setNoisy(false);
        return servers.call(() -> ((IPv4Address) servers.reactor()
                        .listenTCP(0, factory, 4096, "127.0.0.1")
                        .getHost())
                .port());
    }

    /** Opens {@code n} connections in batches, waiting for each batch on both sides. */
    private static void openAll(
            ReactorThread servers, ReactorThread clients, Counting serverSide, Counting clientSide, int port, int n) {
        for (int opened = 0; opened < n; opened += BATCH) {
            int batch = Math.min(BATCH, n - opened);
            int goal = opened + batch;
            clients.execute(() -> clientSide.connect(clients.reactor(), port, batch));
            clients.await(() -> clientSide.settled(goal));
            servers.await(() -> serverSide.settled(goal));
        }
    }

    private static void assertNoLeak(TreeMap<Integer, String> before) throws IOException {
        assertThat(FileDescriptors.leaked(before, FileDescriptors.open()))
                .as("descriptors left open")
                .isEmpty();
    }

    @Test
    void thousandsOfConcurrentConnectionsOpenHoldAndCloseLeavingNoDescriptorOpen() throws IOException {
        TreeMap<Integer, String> before = FileDescriptors.open();
        int n = concurrent;
        Counting serverSide = new Counting(n);
        Counting clientSide = new Counting(n);
        try (ReactorThread servers = ReactorThread.start();
                ReactorThread clients = ReactorThread.start()) {
            int port = listen(servers, serverSide);
            openAll(servers, clients, serverSide, clientSide, port, n);
            assertThat(clients.call(() -> clientSide.failed)).isZero();
            assertThat(servers.call(() -> servers.reactor().openSocketCount())).isEqualTo(n + 1);
            assertThat(clients.call(() -> clients.reactor().openSocketCount())).isEqualTo(n);
            assertThat(FileDescriptors.open().size() - before.size()).isGreaterThanOrEqualTo(2 * n);
            clients.execute(
                    () -> clientSide.protocols.forEach(p -> p.transport().loseConnection()));
            clients.await(() -> clientSide.allLost);
            servers.await(() -> serverSide.allLost);
            assertThat(clientSide.reasons).isEqualTo(Map.of(ConnectionDone.class, n));
            assertThat(serverSide.reasons).isEqualTo(Map.of(ConnectionDone.class, n));
        }
        assertNoLeak(before);
    }

    @Test
    void aReactorStoppedWithThousandsOfConnectionsOpenClosesThemAll() throws IOException {
        TreeMap<Integer, String> before = FileDescriptors.open();
        int n = concurrent;
        Counting serverSide = new Counting(n);
        Counting clientSide = new Counting(n);
        try (ReactorThread servers = ReactorThread.start()) {
            int port = listen(servers, serverSide);
            ReactorThread clients = ReactorThread.start();
            try {
                openAll(servers, clients, serverSide, clientSide, port, n);
            } finally {
                clients.close();
            }
            // The client reactor's thread has ended: its protocols' counts are safe to read.
            assertThat(clientSide.lost).isEqualTo(n);
            assertThat(clientSide.reasons).isEqualTo(Map.of(ConnectionLost.class, n));
            servers.await(() -> serverSide.allLost);
            assertThat(servers.call(() -> servers.reactor().openSocketCount())).isEqualTo(1);
        }
        assertNoLeak(before);
    }

    @Test
    void aStormOfTwentyThousandShortConnectionsLeavesNothingBehind() throws IOException {
        TreeMap<Integer, String> before = FileDescriptors.open();
        Counting serverSide = new Counting(STORM);
        ServerFactory closing = ServerFactory.forProtocol(() -> {
            Protocol counted = serverSide.newProtocol();
            return new Protocol() {
                @Override
                public void makeConnection(dev.weft.internet.ITransport transport) {
                    super.makeConnection(transport);
                    counted.makeConnection(transport);
                    transport.write(new byte[] {42});
                    transport.loseConnection();
                }

                @Override
                public void connectionLost(Failure reason) {
                    counted.connectionLost(reason);
                }
            };
        });
        closing.setNoisy(false);
        try (ReactorThread servers = ReactorThread.start();
                ReactorThread clients = ReactorThread.start()) {
            int port = servers.call(() -> ((IPv4Address) servers.reactor()
                            .listenTCP(0, closing, 4096, "127.0.0.1")
                            .getHost())
                    .port());
            Storm storm = new Storm(clients.reactor(), port);
            clients.await(storm::start);
            servers.await(() -> serverSide.allLost);
            assertThat(storm.failed).isZero();
            assertThat(storm.reasons).isEqualTo(Map.of(ConnectionDone.class, STORM));
            assertThat(storm.bytes).isEqualTo(STORM);
            assertThat(serverSide.reasons).isEqualTo(Map.of(ConnectionDone.class, STORM));
        }
        assertNoLeak(before);
    }

    /** Keeps {@value #STORM_IN_FLIGHT} short connections in flight until {@value #STORM} have ended. */
    static final class Storm extends ClientFactory {
        private final NioReactor reactor;
        private final int port;
        private final Deferred<Void> done = new Deferred<>();
        final Map<Class<?>, Integer> reasons =
                new TreeMap<>((a, b) -> a.getName().compareTo(b.getName()));
        int started;
        int ended;
        int failed;
        long bytes;

        Storm(NioReactor reactor, int port) {
            this.reactor = reactor;
            this.port = port;
            setNoisy(false);
        }

        Deferred<Void> start() {
            for (int i = 0; i < STORM_IN_FLIGHT; i++) {
                next();
            }
            return done;
        }

        private void next() {
            if (started < STORM) {
                started++;
                reactor.connectTCP("127.0.0.1", port, this);
            }
        }

        @Override
        public IProtocol buildProtocol(IAddress addr) {
            return new Protocol() {
                @Override
                public void dataReceived(byte[] data) {
                    bytes += data.length;
                }
            };
        }

        @Override
        public void clientConnectionLost(IConnector connector, Failure reason) {
            reasons.merge(reason.type(), 1, Integer::sum);
            end();
        }

        @Override
        public void clientConnectionFailed(IConnector connector, Failure reason) {
            failed++;
            System.out.println("LoadTest storm: a connect failed: " + reason);
            end();
        }

        private void end() {
            ended++;
            if (ended == STORM) {
                done.callback(null);
            } else {
                next();
            }
        }
    }
}
