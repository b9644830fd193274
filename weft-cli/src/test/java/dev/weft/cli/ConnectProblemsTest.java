package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.defer.Failure;
import dev.weft.internet.ConnectBindError;
import dev.weft.internet.ConnectError;
import dev.weft.internet.ConnectTimeoutError;
import dev.weft.internet.Factory;
import dev.weft.internet.NoRouteError;
import dev.weft.internet.Protocol;
import dev.weft.internet.TCPTimedOutError;
import dev.weft.internet.UnknownHostError;
import dev.weft.internet.endpoints.IStreamClientEndpoint;
import dev.weft.internet.nio.internal.ConnectErrors;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the commands say when a connect fails: each branch of {@link Problems#cannotConnect} names the endpoint
 * once, and a connection that was made but whose protocol failed as it started is not called a connect failure.
 */
final class ConnectProblemsTest {
    private static final String TCP = "tcp:host=127.0.0.1:port=9";

    /** The reactor's error for {@code os} failing a connect to 127.0.0.1:9 (ConnectAttempt's own mapping). */
    private static ConnectError reactorError(IOException os) {
        return ConnectErrors.of(os, "127.0.0.1:9", false);
    }

    @Nested
    final class OverTcp {
        @Test
        void refusedSaysNothingListens() {
            assertThat(Problems.cannotConnect(TCP, reactorError(new ConnectException("Connection refused"))))
                    .isEqualTo("cannot connect to " + TCP + ": connection refused: nothing listens there; start the"
                            + " server first, or check the host and port");
        }

        @Test
        void anUnknownHostSaysToCheckItsSpelling() {
            String endpoint = "tcp:host=no.such.host.invalid:port=9";
            assertThat(Problems.cannotConnect(
                            endpoint, new UnknownHostError(null, "connecting to no.such.host.invalid:9")))
                    .isEqualTo("cannot connect to " + endpoint + ": the host name could not be resolved; check its"
                            + " spelling, or use an address like 127.0.0.1");
        }

        @Test
        void bothTimeoutsSayTheHostDidNotAnswer() {
            String why = "cannot connect to " + TCP + ": timed out: the host did not answer; check that it is up and"
                    + " that no firewall drops the traffic";
            assertThat(Problems.cannotConnect(TCP, new ConnectTimeoutError(null, "connecting to 127.0.0.1:9")))
                    .isEqualTo(why);
            assertThat(Problems.cannotConnect(TCP, reactorError(new ConnectException("Connection timed out"))))
                    .isEqualTo(why);
        }

        @Test
        void noRouteSaysToCheckTheNetwork() {
            assertThat(Problems.cannotConnect(TCP, reactorError(new java.net.NoRouteToHostException("No route"))))
                    .isEqualTo("cannot connect to " + TCP + ": no route to host; check the address and the network");
        }

        @Test
        void untypedFailuresAreReadForAMissingFileOrARefusal() {
            assertThat(Problems.cannotConnect(TCP, new IllegalStateException("x", new IOException("No such file"))))
                    .isEqualTo("cannot connect to " + TCP + ": no socket file there; start the server first, or check"
                            + " the path");
            assertThat(Problems.cannotConnect(TCP, new IllegalStateException("the peer refused")))
                    .isEqualTo("cannot connect to " + TCP + ": connection refused: nothing listens there; start the"
                            + " server first, or check the path");
        }

        @Test
        void anOtherReactorErrorGivesWhatTheOsSaidAndNamesTheEndpointOnce() {
            ConnectError error = reactorError(new IOException("Protocol not available"));
            assertThat(error.getMessage()).contains("connecting to 127.0.0.1:9"); // the reactor names it too

            assertThat(Problems.cannotConnect(TCP, error))
                    .isEqualTo("cannot connect to " + TCP + ": Protocol not available");
        }

        @Test
        void aResolvedHostNameIsNamedOnceWithTheAddressTried() {
            String endpoint = "tcp:host=localhost:port=9";
            ConnectError error =
                    ConnectErrors.of(new IOException("Protocol not available"), "localhost:9 (127.0.0.1)", false);

            assertThat(Problems.cannotConnect(endpoint, error))
                    .isEqualTo("cannot connect to " + endpoint + " (tried 127.0.0.1): Protocol not available");
        }

        @Test
        void aBindErrorKeepsTheLocalAddressAndTheAdviceButNotTheDestination() {
            ConnectBindError error = new ConnectBindError(
                    new BindException("Cannot assign requested address"),
                    "binding to 192.0.2.1:0 before connecting to 127.0.0.1:9; choose a free local port (0 picks"
                            + " one) or an address of this machine");

            assertThat(Problems.cannotConnect(TCP, error))
                    .isEqualTo("cannot connect to " + TCP + ": Couldn't bind: Cannot assign requested address: binding"
                            + " to 192.0.2.1:0; choose a free local port (0 picks one) or an address of this machine");
        }

        @Test
        void theReactorStoppingIsSaidWithoutTwistedsBareSummary() {
            ConnectError error = new ConnectError(
                    null, "connecting to 127.0.0.1:9; the reactor stopped before the connection was made");

            assertThat(Problems.cannotConnect(TCP, error))
                    .isEqualTo("cannot connect to " + TCP + ": the reactor stopped before the connection was made");
        }

        @Test
        void anErrorFromElsewhereIsGivenAsItIs() {
            assertThat(Problems.cannotConnect(TCP, new IllegalArgumentException("bad trust roots")))
                    .isEqualTo("cannot connect to " + TCP + ": bad trust roots");
        }
    }

    @Nested
    final class OverUnix {
        @TempDir
        Path dir;

        private String unix(Path path) {
            return "unix:" + path;
        }

        private ConnectError refused(Path path) {
            return ConnectErrors.of(new IOException("Connection refused"), path.toString(), true);
        }

        @Test
        void refusedWithNothingThereSaysThereIsNoSocketFile() {
            Path missing = dir.resolve("missing.sock");
            assertThat(Problems.cannotConnect(unix(missing), refused(missing)))
                    .isEqualTo("cannot connect to " + unix(missing) + ": no socket file there; start the server first,"
                            + " or check the path");
        }

        @Test
        void refusedAtASocketFileSaysItIsLeftOver() throws IOException {
            Path socket = dir.resolve("stale.sock");
            try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                server.bind(UnixDomainSocketAddress.of(socket)); // closing leaves the file behind
            }
            assertThat(Problems.cannotConnect(unix(socket), refused(socket)))
                    .isEqualTo("cannot connect to " + unix(socket) + ": nothing listens on this socket file (left over"
                            + " from a server that stopped?); start the server or check the path");
        }

        @Test
        void refusedAtADirectoryOrAFileSaysWhatIsThere() throws IOException {
            Path file = Files.writeString(dir.resolve("notes.txt"), "text");
            assertThat(Problems.cannotConnect(unix(dir), refused(dir)))
                    .isEqualTo("cannot connect to " + unix(dir) + ": it is a directory, not a socket; give the path of"
                            + " the server's socket file");
            assertThat(Problems.cannotConnect(unix(file), refused(file)))
                    .isEqualTo(
                            "cannot connect to " + unix(file) + ": it is a regular file, not a socket; check the path");
        }

        @Test
        void aMissingFileSaysSoOnce() {
            Path missing = dir.resolve("missing.sock");
            ConnectError error =
                    ConnectErrors.of(new IOException("No such file or directory"), missing.toString(), true);
            assertThat(Problems.cannotConnect(unix(missing), error))
                    .isEqualTo("cannot connect to " + unix(missing) + ": no socket file there; start the server first,"
                            + " or check the path");
        }

        @Test
        void permissionDeniedSaysToCheckThePermissions() {
            Path socket = dir.resolve("private.sock");
            ConnectError error = ConnectErrors.of(new IOException("Permission denied"), socket.toString(), true);
            assertThat(Problems.cannotConnect(unix(socket), error))
                    .isEqualTo("cannot connect to " + unix(socket) + ": permission denied: this user may not use the"
                            + " socket file; check its permissions and its directory's");
        }

        @Test
        void aTimeoutIsSaidAsForTcp() {
            Path socket = dir.resolve("slow.sock");
            assertThat(Problems.cannotConnect(unix(socket), new ConnectTimeoutError(null, "connecting to " + socket)))
                    .isEqualTo("cannot connect to " + unix(socket) + ": timed out: the host did not answer; check that"
                            + " it is up and that no firewall drops the traffic");
            assertThat(Problems.cannotConnect(unix(socket), new TCPTimedOutError(null, "connecting to " + socket)))
                    .startsWith("cannot connect to " + unix(socket) + ": timed out");
            assertThat(Problems.cannotConnect(unix(socket), new NoRouteError(null, "connecting to " + socket)))
                    .startsWith("cannot connect to " + unix(socket) + ": no route to host");
        }

        @Test
        void anOtherErrorGivesWhatTheOsSaidAndNamesThePathOnce() {
            Path socket = dir.resolve("odd.sock");
            ConnectError error =
                    ConnectErrors.of(new IOException("Protocol wrong type for socket"), socket.toString(), true);
            assertThat(Problems.cannotConnect(unix(socket), error))
                    .isEqualTo("cannot connect to " + unix(socket) + ": Protocol wrong type for socket");
        }

        @Test
        void theReactorStoppingNamesThePathOnce() {
            Path socket = dir.resolve("late.sock");
            ConnectError error = new ConnectError(
                    null, "connecting to " + socket + "; the reactor stopped before the connection was made");
            assertThat(Problems.cannotConnect(unix(socket), error))
                    .isEqualTo("cannot connect to " + unix(socket) + ": the reactor stopped before the connection was"
                            + " made");
        }
    }

    /** Connects through a real reactor, as {@code send} and {@code replay} do. */
    @Nested
    final class Connecting {
        /** A protocol whose {@code connectionMade} throws, and that keeps the reason it was closed with. */
        private static final class FailsAsItStarts extends Protocol {
            private final Throwable thrown;
            final CompletableFuture<Failure> lost = new CompletableFuture<>();

            FailsAsItStarts(Throwable thrown) {
                this.thrown = thrown;
            }

            @Override
            public void connectionMade() {
                if (thrown instanceof RuntimeException e) {
                    throw e;
                }
                throw (Error) thrown;
            }

            @Override
            public void connectionLost(Failure reason) {
                lost.complete(reason);
            }
        }

        private CliFailure connectFailure(String shown, FailsAsItStarts protocol) {
            try (ReactorSession session = ReactorSession.start()) {
                IStreamClientEndpoint endpoint = session.client("ENDPOINT", shown);
                Factory factory = Factory.forProtocol(() -> protocol);
                factory.setNoisy(false);
                Throwable[] thrown = new Throwable[1];
                assertThatThrownBy(() -> session.connect(shown, endpoint, factory, protocol, 0))
                        .isInstanceOfSatisfying(CliFailure.class, f -> thrown[0] = f);
                return (CliFailure) thrown[0];
            }
        }

        @Test
        void aProtocolThatThrowsAsItStartsIsNotACannotConnect() throws Exception {
            try (ServerSocket server = new ServerSocket()) {
                server.bind(new InetSocketAddress("127.0.0.1", 0));
                String shown = "tcp:host=127.0.0.1:port=" + server.getLocalPort();
                CompletableFuture<Integer> served = CompletableFuture.supplyAsync(() -> {
                    try (Socket socket = server.accept()) {
                        return socket.getInputStream().read(); // the end of stream: the client closed it
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                FailsAsItStarts protocol = new FailsAsItStarts(new IllegalStateException("no input pump"));

                CliFailure failure = connectFailure(shown, protocol);

                assertThat(failure.getMessage())
                        .isEqualTo("connected to " + shown + ", but the command failed as the connection started, and"
                                + " closed it: IllegalStateException: no input pump");
                assertThat(failure.exitCode()).isEqualTo(CliFailure.RUNTIME);
                assertThat(protocol.lost.get(60, TimeUnit.SECONDS).value()).hasMessage("no input pump");
                assertThat(served.get(60, TimeUnit.SECONDS)).isEqualTo(-1);
            }
        }

        @Test
        void anErrorAsTheConnectionStartsIsSaidTheSameWay() throws Exception {
            try (ServerSocket server = new ServerSocket()) {
                server.bind(new InetSocketAddress("127.0.0.1", 0));
                String shown = "tcp:host=127.0.0.1:port=" + server.getLocalPort();
                // An Error the reactor treats as the callback's failure (an OutOfMemoryError would stop it).
                FailsAsItStarts protocol = new FailsAsItStarts(new NoClassDefFoundError("org/example/Missing"));

                assertThat(connectFailure(shown, protocol).getMessage())
                        .isEqualTo("connected to " + shown + ", but the command failed as the connection started, and"
                                + " closed it: NoClassDefFoundError: org/example/Missing");
            }
        }

        @Test
        void aBindErrorOfTheReactorNamesTheEndpointOnce() throws Exception {
            // 192.0.2.1 (TEST-NET-1) is an address of no machine's interfaces: binding to it fails.
            String shown = "tcp:host=127.0.0.1:port=" + Clients.freePort() + ":bindAddress=192.0.2.1";
            FailsAsItStarts protocol = new FailsAsItStarts(new IllegalStateException("never made"));

            assertThat(connectFailure(shown, protocol).getMessage())
                    .startsWith("cannot connect to " + shown + ": Couldn't bind: ")
                    .contains(": binding to 192.0.2.1:0; choose a free local port")
                    .doesNotContain("connecting to");
        }

        @Test
        void aRefusedConnectIsStillACannotConnect() throws Exception {
            try (Clients.HeldPort nobody = Clients.refusingPort()) {
                String shown = nobody.endpoint();
                FailsAsItStarts protocol = new FailsAsItStarts(new IllegalStateException("never made"));

                assertThat(connectFailure(shown, protocol).getMessage())
                        .isEqualTo("cannot connect to " + shown + ": connection refused: nothing listens there; start"
                                + " the server first, or check the host and port");
            }
        }
    }
}
