package dev.weft.internet.nio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.internet.CannotListenError;
import dev.weft.internet.ConnectError;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.ConnectionRefusedError;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.UNIXAddress;
import dev.weft.internet.testing.AccumulatingServerFactory;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IReactorUNIX: listenUNIX and connectUNIX with the JDK's UNIX-domain socket channels. */
final class UnixSocketTest {
    private final ReactorThread rt = ReactorThread.start();
    private final NioReactor reactor = rt.reactor();

    @TempDir
    Path dir;

    @AfterEach
    void stopReactor() {
        rt.close();
    }

    @Test
    void aUnixConnectionCarriesDataBothWaysAndReportsUnixAddresses() {
        String path = dir.resolve("app.sock").toString();
        TcpPair pair = TcpPair.openUnix(rt, path);
        byte[] up = TcpTransportTest.randomBytes(1, 3 << 20);
        byte[] down = TcpTransportTest.randomBytes(2, 3 << 20);
        rt.await(() -> {
            pair.clientTransport().write(up);
            pair.serverTransport().write(down);
            return dev.weft.defer.DeferredList.gatherResults(java.util.List.of(
                    pair.serverSink().received(up.length), pair.clientSink().received(down.length)));
        });
        rt.execute(() -> {
            assertThat(pair.server.data()).isEqualTo(up);
            assertThat(pair.client.data()).isEqualTo(down);
            assertThat(pair.port.getHost()).isEqualTo(new UNIXAddress(path));
            assertThat(pair.clientTransport().getPeer()).isEqualTo(new UNIXAddress(path));
            assertThat(pair.serverTransport().getHost()).isEqualTo(new UNIXAddress(path));
            assertThat(pair.serverTransport().getPeer()).isEqualTo(new UNIXAddress(null));
            assertThat(pair.clientFactory.peerAddresses()).containsExactly(new UNIXAddress(path));
            assertThat(pair.connector.getDestination()).isEqualTo(new UNIXAddress(path));
            assertThat(pair.clientTransport().getTcpNoDelay()).isFalse();
            assertThatThrownBy(() -> pair.clientTransport().setTcpNoDelay(true))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("UNIX")
                    .hasMessageEndingWith(
                            "; set TCP options only on a connection whose getHost() is not a UNIXAddress");
            pair.clientTransport().loseConnection();
        });
        pair.awaitBothClosed(rt);
        rt.execute(() -> assertThat(pair.server.closedReason().value()).isExactlyInstanceOf(ConnectionDone.class));
    }

    @Test
    void theSocketFileGetsMode0666AndIsDeletedWhenThePortStops() {
        Path path = dir.resolve("mode.sock");
        IListeningPort port = rt.call(() -> reactor.listenUNIX(path.toString(), new AccumulatingServerFactory()));
        assertThat(Files.exists(path)).isTrue();
        assertThat(rt.call(() -> PosixFilePermissions.toString(Files.getPosixFilePermissions(path))))
                .isEqualTo("rw-rw-rw-");
        rt.await(port::stopListening);
        assertThat(Files.exists(path)).isFalse();
    }

    @Test
    void anExplicitModeIsApplied() throws Exception {
        Path path = dir.resolve("private.sock");
        rt.execute(() -> reactor.listenUNIX(path.toString(), new AccumulatingServerFactory(), 50, 0600));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path)))
                .isEqualTo("rw-------");
    }

    @Test
    void listeningWhereAFileExistsThrowsCannotListenErrorAndLeavesTheFile() throws Exception {
        Path path = dir.resolve("taken.sock");
        Files.writeString(path, "not a socket");
        rt.execute(() -> assertThatThrownBy(() -> reactor.listenUNIX(path.toString(), new AccumulatingServerFactory()))
                .isInstanceOf(CannotListenError.class)
                .hasMessage("Couldn't listen on " + path + ": it is a regular file, not a socket; choose another"
                        + " path."));
        assertThat(Files.readString(path)).isEqualTo("not a socket");
    }

    @Test
    void listeningWhereASocketFileIsLeftSaysToRemoveItIfNoServerListens() throws Exception {
        Path path = dir.resolve("left.sock");
        ServerSocketChannel.open(StandardProtocolFamily.UNIX)
                .bind(UnixDomainSocketAddress.of(path))
                .close(); // the file stays, as after a server that was killed
        rt.execute(() -> assertThatThrownBy(() -> reactor.listenUNIX(path.toString(), new AccumulatingServerFactory()))
                .isInstanceOf(CannotListenError.class)
                .hasMessage("Couldn't listen on " + path + ": the socket file exists: another server listens there,"
                        + " or one left it behind; remove it if none does.")
                .satisfies(e -> assertThat(((CannotListenError) e).iface()).isEqualTo(path.toString())));
    }

    @Test
    void listeningOnADirectoryOrInAMissingOneSaysWhatToDo() {
        Path missing = dir.resolve("none").resolve("s.sock");
        rt.execute(() -> {
            assertThatThrownBy(() -> reactor.listenUNIX(dir.toString(), new AccumulatingServerFactory()))
                    .hasMessage("Couldn't listen on " + dir + ": it is a directory; give the path of a socket file"
                            + " inside it, e.g. " + dir.resolve("weft.sock") + ".");
            assertThatThrownBy(() -> reactor.listenUNIX(missing.toString(), new AccumulatingServerFactory()))
                    .hasMessage("Couldn't listen on " + missing + ": the directory " + missing.getParent()
                            + " does not exist; create it or choose another path.");
        });
    }

    @Test
    void connectingToAMissingFileFailsWithAConnectError() {
        OrderFactory factory = new OrderFactory();
        rt.execute(() -> reactor.connectUNIX(dir.resolve("missing.sock").toString(), factory));
        rt.await(() -> factory.stopped);
        rt.execute(() -> {
            assertThat(factory.failReason.value()).isInstanceOf(ConnectError.class);
            assertThat(factory.events)
                    .containsExactly(
                            "startFactory", "startedConnecting", "clientConnectionFailed ConnectError", "stopFactory");
        });
    }

    @Test
    void connectingToASocketFileNobodyListensOnIsRefused() throws Exception {
        Path path = dir.resolve("stale.sock");
        try (ServerSocketChannel stale = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            stale.bind(UnixDomainSocketAddress.of(path));
        }
        OrderFactory factory = new OrderFactory();
        rt.execute(() -> reactor.connectUNIX(path.toString(), factory));
        rt.await(() -> factory.stopped);
        rt.execute(() -> assertThat(factory.failReason.value()).isInstanceOf(ConnectionRefusedError.class));
    }

    @Test
    void shutdownDeletesTheSocketFile() {
        Path path = dir.resolve("shutdown.sock");
        ReactorThread other = ReactorThread.start();
        try {
            other.execute(() -> other.reactor().listenUNIX(path.toString(), new AccumulatingServerFactory()));
            assertThat(Files.exists(path)).isTrue();
        } finally {
            other.close();
        }
        assertThat(Files.exists(path)).isFalse();
    }
}
