package dev.weft.internet.nio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.defer.CancelledError;
import dev.weft.defer.Deferred;
import dev.weft.defer.Failure;
import dev.weft.internet.CannotListenError;
import dev.weft.internet.ClientFactory;
import dev.weft.internet.ConnectError;
import dev.weft.internet.ConnectionRefusedError;
import dev.weft.internet.Factory;
import dev.weft.internet.IAddress;
import dev.weft.internet.IConnector;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.IProtocol;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.IReactorTCP;
import dev.weft.internet.Protocol;
import dev.weft.internet.UNIXAddress;
import dev.weft.internet.endpoints.Endpoints;
import dev.weft.internet.testing.AccumulatingProtocol;
import dev.weft.internet.testing.AccumulatingServerFactory;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Endpoint strings in Twisted's syntax, parsed and used. */
final class EndpointsTest {

    /** Parsing, checked through a reactor that records what it is asked to do. */
    @Nested
    final class Parsing {
        private final RecordingReactor recording = new RecordingReactor();
        private final Factory factory = Factory.forProtocol(Protocol::new);

        private String server(String description) {
            Endpoints.serverFromString(recording, description).listen(factory);
            return recording.calls.get(recording.calls.size() - 1);
        }

        private String client(String description) {
            Endpoints.clientFromString(recording, description).connect(factory);
            return recording.calls.get(recording.calls.size() - 1);
        }

        @ParameterizedTest
        @CsvSource(
                delimiter = '|',
                value = {
                    "tcp:8000                                   | listenTCP 8000 backlog=50 iface=",
                    "tcp:8000:interface=127.0.0.1               | listenTCP 8000 backlog=50 iface=127.0.0.1",
                    "TCP:port=0:backlog=7                       | listenTCP 0 backlog=7 iface=",
                    "tcp:443:interface=\\:\\:1                  | listenTCP 443 backlog=50 iface=::1",
                    "unix:/run/app.sock                         | listenUNIX /run/app.sock backlog=50",
                    "unix:path=/run/a\\:b.sock:backlog=3        | listenUNIX /run/a:b.sock backlog=3",
                    "unix:address=/run/x=y.sock:lockfile=0      | listenUNIX /run/x=y.sock backlog=50",
                    "unix:/run/back\\\\slash                    | listenUNIX /run/back\\slash backlog=50",
                })
        void serverStringsMeanWhatTwistedsMean(String description, String expected) {
            assertThat(server(description.strip())).isEqualTo(expected.strip());
        }

        @ParameterizedTest
        @CsvSource(
                delimiter = '|',
                value = {
                    "tcp:9000                                   | listenTCP 9000 backlog=50 iface=127.0.0.1",
                    "tcp:port=0:backlog=5                       | listenTCP 0 backlog=5 iface=127.0.0.1",
                    "tcp:9000:interface=0.0.0.0                 | listenTCP 9000 backlog=50 iface=0.0.0.0",
                    "tcp:9000:interface=\\:\\:              | listenTCP 9000 backlog=50 iface=::",
                    "unix:/tmp/x                                | listenUNIX /tmp/x backlog=50",
                })
        void aDefaultInterfaceAppliesOnlyWhenTheStringNamesNone(String description, String expected) {
            Endpoints.serverFromString(recording, description.strip(), "127.0.0.1")
                    .listen(factory);
            assertThat(recording.calls.get(recording.calls.size() - 1)).isEqualTo(expected.strip());
        }

        @ParameterizedTest
        @CsvSource(
                delimiter = '|',
                value = {
                    "tcp:example.org:80                         | connectTCP example.org 80 timeout=30.0 bind=none",
                    "tcp:host=example.org:port=80:timeout=5     | connectTCP example.org 80 timeout=5.0 bind=none",
                    "tcp:example.org:port=80:timeout=2.5        | connectTCP example.org 80 timeout=2.5 bind=none",
                    "tcp:host=\\:\\:1:port=80                   | connectTCP ::1 80 timeout=30.0 bind=none",
                    "tcp:h:1:bindAddress=127.0.0.2              | connectTCP h 1 timeout=30.0 bind=127.0.0.2:0",
                    "unix:/run/app.sock                         | connectUNIX /run/app.sock timeout=30.0",
                    "unix:path=/run/app.sock:timeout=9:checkPID=0 | connectUNIX /run/app.sock timeout=9.0",
                })
        void clientStringsMeanWhatTwistedsMean(String description, String expected) {
            assertThat(client(description.strip())).isEqualTo(expected.strip());
        }

        @ParameterizedTest
        @CsvSource(
                delimiter = '|',
                value = {
                    "''                     | server endpoint description is empty",
                    "tcp                    | has no port; expected e.g. \"tcp:8080\"",
                    "tcp:                   | has no port",
                    "tcp:abc                | port must be an integer in 0..65535, not \"abc\"",
                    "tcp:70000              | port must be in 0..65535, not 70000",
                    "tcp:80:81              | has 2 positional arguments, but a tcp server endpoint takes at most 1 (port)",
                    "tcp:80:port=81         | gives port twice",
                    "tcp:80:bogus=1         | unknown argument \"bogus\"; a tcp server endpoint takes port, interface, backlog",
                    "tcp:80:backlog=x       | backlog must be an integer",
                    "tcp:80:backlog=0       | backlog must be in 1..",
                    "tcp:80:=5              | argument \"=5\" with no name",
                    "tcp:80:interface=a:interface=b | gives \"interface\" twice",
                    "tcp:80\\               | ends with a lone backslash",
                    ":80                    | does not start with an endpoint type",
                    "ssl:443                | unknown server endpoint type \"ssl\" in \"ssl:443\"; expected \"tcp\", \"tcp6\" or \"unix\"",
                    "tcp:80:interface=      | has an empty interface=; give the address to listen on",
                    "TCP:80:interface=[]    | has an empty interface=",
                    "tcp6:80:interface=127.0.0.1 | needs an IPv6 interface",
                    "tcp:80:interface=[::1  | opens a '[' that no ']' closes",
                    "unix:                  | has no socket path; expected e.g. \"unix:/run/app.sock\"",
                    "unix:/p:address=/q     | gives the socket path twice",
                    "unix:/p:mode=999       | mode must be an octal integer in 0..777, not \"999\"",
                    "unix:/p:lockfile=1     | PID lock files are not supported",
                })
        void malformedServerStringsSayWhatIsWrong(String description, String message) {
            assertThatThrownBy(() -> Endpoints.serverFromString(recording, description))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(message.strip())
                    .satisfies(e -> {
                        if (!description.isEmpty() && !description.equals("ssl:443")) {
                            assertThat(e.getMessage()).contains("\"" + description + "\"");
                        }
                    });
        }

        @ParameterizedTest
        @CsvSource(
                delimiter = '|',
                value = {
                    "TCP:9000                      | listenTCP 9000 backlog=4096 iface=127.0.0.1",
                    "Tcp:9000:Interface=0.0.0.0    | unknown argument",
                    "tcp6:9000                     | listenTCP 9000 backlog=4096 iface=::1",
                    "TCP6:0:interface=[::1]        | listenTCP 0 backlog=4096 iface=::1",
                    "tcp6:0:interface=\\:\\:   | listenTCP 0 backlog=4096 iface=::",
                    "tcp:0:interface=[::1]:backlog=9 | listenTCP 0 backlog=9 iface=::1",
                    "unix:/tmp/x                   | listenUNIX /tmp/x backlog=4096",
                })
        void typesAreCaseInsensitiveTcp6AndBracketsWorkAndTheDefaultBacklogApplies(
                String description, String expected) {
            String call;
            try {
                Endpoints.serverFromString(recording, description.strip(), "127.0.0.1", 4096)
                        .listen(factory);
                call = recording.calls.get(recording.calls.size() - 1);
            } catch (IllegalArgumentException e) {
                call = e.getMessage();
            }
            assertThat(call).contains(expected.strip());
        }

        @ParameterizedTest
        @CsvSource(
                delimiter = '|',
                value = {
                    "tcp:host=[::1]:port=80         | connectTCP ::1 80 timeout=30.0 bind=none",
                    "tcp6:host=[::1]:port=80        | connectTCP ::1 80 timeout=30.0 bind=none",
                    "TCP6:[fe80::1%lo]:443          | connectTCP fe80::1%lo 443 timeout=30.0 bind=none",
                    "tcp:[::1]:80:bindAddress=[::1] | connectTCP ::1 80 timeout=30.0 bind=0:0:0:0:0:0:0:1:0",
                })
        void clientHostsMayBeBracketedIpv6Literals(String description, String expected) {
            assertThat(client(description.strip())).isEqualTo(expected.strip());
        }

        @Test
        void theConnectHintOfAnIpv6SinkParsesAsAClientEndpoint() {
            // What weft sink prints for a port on ::1 must work verbatim in weft send.
            assertThat(client("tcp:host=[::1]:port=4000")).isEqualTo("connectTCP ::1 4000 timeout=30.0 bind=none");
            assertThatThrownBy(() -> Endpoints.clientFromString(recording, "tcp:host=:port=80"))
                    .hasMessageContaining("has no host");
        }

        @ParameterizedTest
        @CsvSource(
                delimiter = '|',
                value = {
                    "tcp:example.org                    | has no port; expected e.g. \"tcp:host=example.org:port=80\"",
                    "tcp:port=80                        | has no host",
                    "tcp:h:0                            | port must be in 1..65535, not 0",
                    "tcp:h:80:timeout=-1                | timeout must be a positive number of seconds",
                    "tcp:h:80:timeout=soon              | timeout must be a positive number of seconds, e.g. 30 or 2.5, not \"soon\"",
                    "tcp:h:80:bindAddress=somewhere     | bindAddress must be an IP address literal",
                    "tcp:h:80:x:y                       | has 4 positional arguments, but a tcp client endpoint takes at most 2 (host, port)",
                    "unix:path=/p:checkPID=1            | PID checks are not supported",
                    "udp:h:80                           | unknown client endpoint type \"udp\"",
                })
        void malformedClientStringsSayWhatIsWrong(String description, String message) {
            assertThatThrownBy(() -> Endpoints.clientFromString(recording, description))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(message.strip());
        }

        /**
         * An IPv6 address without brackets is named as such, with the string as it should be written, rather than as
         * what its colons break (a host given twice, too many positional arguments, a bad port).
         */
        @ParameterizedTest
        @CsvSource(
                delimiter = '|',
                value = {
                    "client | tcp:host=::1:port=9              | tcp client endpoint \"tcp:host=::1:port=9\" has the"
                            + " IPv6 address ::1 without brackets, so its colons split it; an IPv6 address needs"
                            + " brackets: tcp:host=[::1]:port=9",
                    "client | tcp6:host=fe80::1:2:port=443     | needs brackets: tcp6:host=[fe80::1:2]:port=443",
                    "client | tcp:port=80:host=2001:db8::7     | needs brackets: tcp:port=80:host=[2001:db8::7]",
                    "client | TCP:host=::ffff:10.0.0.1:port=80 | needs brackets: TCP:host=[::ffff:10.0.0.1]:port=80",
                    "client | tcp:h:80:bindAddress=::1         | needs brackets: tcp:h:80:bindAddress=[::1]",
                    "server | tcp:80:interface=::1             | tcp server endpoint \"tcp:80:interface=::1\" has the"
                            + " IPv6 address ::1 without brackets",
                    "server | tcp6:0:interface=::              | needs brackets: tcp6:0:interface=[::]",
                    "server | tcp6:0:interface=1:2:3:4:5:6:7:8  | needs brackets: tcp6:0:interface=[1:2:3:4:5:6:7:8]",
                })
        void anUnbracketedIpv6AddressIsNamedWithTheBracketsItNeeds(String role, String description, String message) {
            String text = description.strip();
            assertThatThrownBy(() -> {
                        if (role.strip().equals("client")) {
                            Endpoints.clientFromString(recording, text);
                        } else {
                            Endpoints.serverFromString(recording, text);
                        }
                    })
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(message.strip());
        }

        /** Strings whose arguments only look like pieces of an address are read as before. */
        @ParameterizedTest
        @CsvSource(
                delimiter = '|',
                value = {
                    "tcp:80:81                 | has 2 positional arguments",
                    "tcp:80:interface=a:b      | has 2 positional arguments",
                    "unix:/tmp/a::b            | has 3 positional arguments",
                    "unix:ab::cd               | has 3 positional arguments",
                })
        void stringsThatAreNoUnbracketedAddressKeepTheirOwnErrors(String description, String message) {
            assertThatThrownBy(() -> Endpoints.serverFromString(recording, description.strip()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(message.strip())
                    .hasMessageNotContaining("IPv6");
            assertThat(client("tcp:cafe:80")).isEqualTo("connectTCP cafe 80 timeout=30.0 bind=none");
        }

        @Test
        void unixNeedsAReactorThatSupportsIt() {
            IReactorTCP tcpOnly = new IReactorTCP() {
                @Override
                public IListeningPort listenTCP(int port, dev.weft.internet.IProtocolFactory f, int b, String i) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public IConnector connectTCP(
                        String h, int p, ClientFactory f, double t, @Nullable InetSocketAddress b) {
                    throw new UnsupportedOperationException();
                }
            };
            assertThatThrownBy(() -> Endpoints.serverFromString(tcpOnly, "unix:/p"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("IReactorUNIX");
        }
    }

    /** The endpoints at work on a real reactor. */
    @Nested
    final class OnARealReactor {
        private final ReactorThread rt = ReactorThread.start();
        private final NioReactor reactor = rt.reactor();

        @TempDir
        Path dir;

        @AfterEach
        void stopReactor() {
            rt.close();
        }

        @Test
        void aServerAndAClientFromStringsTalk() {
            AccumulatingServerFactory serverFactory = new AccumulatingServerFactory(Sink::new);
            IListeningPort port = rt.await(() -> Endpoints.serverFromString(reactor, "tcp:0:interface=127.0.0.1")
                    .listen(serverFactory));
            int number = ((IPv4Address) port.getHost()).port();
            Deferred<dev.weft.internet.testing.AccumulatingProtocol> serverMade = new Deferred<>();
            rt.execute(() -> serverFactory.setProtocolConnectionMade(serverMade));
            Factory clientFactory = Factory.forProtocol(Sink::new);
            IProtocol client = rt.await(() -> Endpoints.clientFromString(reactor, "tcp:host=127.0.0.1:port=" + number)
                    .connect(clientFactory));
            Sink sink = (Sink) client;
            rt.await(() -> serverMade);
            rt.await(() -> {
                assertThat(sink.isMade()).isTrue();
                serverFactory.lastProtocol().transport().write(new byte[] {1, 2, 3});
                return sink.received(3);
            });
            rt.execute(() -> {
                assertThat(sink.factory()).isSameAs(clientFactory);
                assertThat(clientFactory.numPorts()).isEqualTo(1);
                sink.transport().loseConnection();
            });
        }

        @Test
        void unixEndpointsTalk() {
            String path = dir.resolve("e.sock").toString();
            rt.await(() -> Endpoints.serverFromString(reactor, "unix:" + path + ":mode=600")
                    .listen(new AccumulatingServerFactory()));
            IProtocol client = rt.await(() ->
                    Endpoints.clientFromString(reactor, "unix:path=" + path).connect(Factory.forProtocol(Sink::new)));
            rt.execute(() -> assertThat(((Sink) client).transport().getPeer()).isEqualTo(new UNIXAddress(path)));
        }

        @Test
        void listeningOnAPortInUseFailsTheDeferred() {
            IListeningPort first = rt.await(() -> Endpoints.serverFromString(reactor, "tcp:0:interface=127.0.0.1")
                    .listen(new Factory()));
            int number = ((IPv4Address) first.getHost()).port();
            assertThatThrownBy(() ->
                            rt.await(() -> Endpoints.serverFromString(reactor, "tcp:" + number + ":interface=127.0.0.1")
                                    .listen(new Factory())))
                    .isInstanceOf(CannotListenError.class);
        }

        @Test
        void aRefusedConnectFailsTheDeferredAndStopsTheFactory() throws Exception {
            Factory factory = Factory.forProtocol(Protocol::new);
            try (HeldPort nobody = HeldPort.refusing("127.0.0.1")) {
                assertThatThrownBy(() ->
                                rt.await(() -> Endpoints.clientFromString(reactor, "tcp:127.0.0.1:" + nobody.port())
                                        .connect(factory)))
                        .isInstanceOf(ConnectionRefusedError.class);
            }
            assertThat(rt.call(factory::numPorts)).isZero();
        }

        @Test
        void cancellingTheConnectDeferredStopsTheAttempt() {
            Factory factory = Factory.forProtocol(Protocol::new);
            Failure failure = rt.call(() -> {
                Deferred<IProtocol> d =
                        Endpoints.clientFromString(reactor, "tcp:192.0.2.1:9").connect(factory);
                d.cancel();
                Failure[] seen = new Failure[1];
                d.addErrback(f -> {
                    seen[0] = f;
                    return null;
                });
                return seen[0];
            });
            assertThat(failure.value()).isInstanceOf(CancelledError.class);
            assertThat(rt.call(factory::numPorts)).isZero();
        }

        @Test
        void aFactoryReturningNullFailsTheDeferred() {
            Factory refusing = new Factory() {
                @Override
                public @Nullable IProtocol buildProtocol(IAddress addr) {
                    return null;
                }
            };
            int port =
                    rt.call(() -> ((IPv4Address) reactor.listenTCP(0, new AccumulatingServerFactory(), 50, "127.0.0.1")
                                    .getHost())
                            .port());
            assertThatThrownBy(() -> rt.await(() -> Endpoints.tcpClient(reactor, "127.0.0.1", port, 30, null)
                            .connect(refusing)))
                    .isInstanceOf(ConnectError.class)
                    .hasMessageContaining("returned null");
        }

        /**
         * Twisted closes the connection with the exception, but its endpoint's Deferred never fires
         * (DEVIATIONS.md, "An exception from a client protocol's connectionMade fails the connect's Deferred").
         */
        @Test
        void aConnectionMadeThatThrowsClosesTheConnectionThenFailsTheDeferredWithTheException() {
            AccumulatingServerFactory server = new AccumulatingServerFactory();
            Deferred<AccumulatingProtocol> accepted = new Deferred<>();
            server.setProtocolConnectionMade(accepted);
            int port = rt.call(() ->
                    ((IPv4Address) reactor.listenTCP(0, server, 50, "127.0.0.1").getHost()).port());
            IllegalStateException thrown = new IllegalStateException("not today");
            List<String> events = new ArrayList<>();
            Factory throwing = Factory.forProtocol(() -> new Protocol() {
                @Override
                public void connectionMade() {
                    throw thrown;
                }

                @Override
                public void connectionLost(Failure reason) {
                    events.add("connectionLost " + reason.value().getMessage());
                }
            });

            Deferred<@Nullable Throwable> outcome = new Deferred<>(); // a Failure as a result would fail it
            rt.execute(() -> Endpoints.tcpClient(reactor, "127.0.0.1", port, 30, null)
                    .connect(throwing)
                    .addCallbacks(
                            p -> {
                                outcome.callback(null);
                                return null;
                            },
                            f -> {
                                events.add("errback " + f.value().getMessage());
                                outcome.callback(f.value());
                                return null;
                            }));
            Throwable failure = rt.await(() -> outcome);

            assertThat(failure).isSameAs(thrown);
            assertThat(rt.call(() -> List.copyOf(events)))
                    .containsExactly("connectionLost not today", "errback not today");
            AccumulatingProtocol peer = rt.await(() -> accepted);
            Deferred<Void> closed = new Deferred<>();
            rt.call(() -> {
                if (peer.isClosed()) {
                    closed.callback(null);
                } else {
                    peer.setClosedDeferred(closed);
                }
                return null;
            });
            rt.await(() -> closed); // the server's side of the connection ended too
        }
    }
}
