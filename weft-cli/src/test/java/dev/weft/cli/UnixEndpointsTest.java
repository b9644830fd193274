package dev.weft.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.UNIXAddress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands over {@code unix:PATH} endpoints: {@code send --split} and {@code replay} (which ask for
 * {@code TCP_NODELAY} on TCP only), and the messages for a path where no server listens or no socket can be made.
 */
final class UnixEndpointsTest {
    @TempDir
    Path dir;

    /** A UNIX-domain server that accepts one connection, reads it to its end, and completes with what it read. */
    private static CompletableFuture<byte[]> readOne(ServerSocketChannel server) {
        return CompletableFuture.supplyAsync(() -> {
            try (SocketChannel peer = server.accept()) {
                return readToEnd(peer);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static byte[] readToEnd(SocketChannel channel) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        while (channel.read(buffer.clear()) >= 0) {
            all.write(buffer.array(), 0, buffer.position());
        }
        return all.toByteArray();
    }

    private static ServerSocketChannel listen(Path socket) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        return server;
    }

    /** Leaves a socket file that nothing listens on, as a server killed before it could remove it does. */
    private static Path staleSocket(Path socket) throws IOException {
        listen(socket).close();
        assertThat(socket).exists();
        return socket;
    }

    @Test
    void sendSplitOneByteAtATimeOverAUnixSocketDeliversEveryByte() throws Exception {
        Path socket = dir.resolve("split.sock");
        try (ServerSocketChannel server = listen(socket)) {
            CompletableFuture<byte[]> received = readOne(server);

            CliRun send = CliRun.run("abc".getBytes(US_ASCII), "send", "--split", "1", "unix:" + socket);

            assertThat(send.awaitExit()).as(send.err.text()).isZero();
            assertThat(received.get(60, TimeUnit.SECONDS)).asString(US_ASCII).isEqualTo("abc");
        }
    }

    @Test
    void aReplayListeningOnAUnixSocketPlaysTheRecordedServer() throws Exception {
        Path capture = ReplayCommandTest.capture(
                dir.resolve("get.weftcap"), "c", "GET a\n", "c-end", "s", "VALUE 1\n", "s-end");
        Path socket = dir.resolve("replay.sock");

        try (CliRun replay = CliRun.start("replay", capture.toString(), "--listen", "unix:" + socket)) {
            assertThat(replay.listening.get(60, TimeUnit.SECONDS)).isEqualTo(new UNIXAddress(socket.toString()));
            try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                client.write(ByteBuffer.wrap("GET a\n".getBytes(US_ASCII)));
                client.shutdownOutput();
                assertThat(readToEnd(client)).asString(US_ASCII).isEqualTo("VALUE 1\n");
            }

            assertThat(replay.awaitExit()).as(replay.err.text()).isZero();
            assertThat(replay.lines().get(1)).isEqualTo("#1 matches: sent 8 bytes, received 6 bytes (c>s) as recorded");
        }
    }

    @Test
    void aReplayToAUnixSocketPlaysTheRecordedClient() throws Exception {
        Path capture = ReplayCommandTest.capture(
                dir.resolve("get.weftcap"), "c", "GET a\n", "c-end", "s", "VALUE 1\n", "s-end");
        Path socket = dir.resolve("server.sock");
        try (ServerSocketChannel server = listen(socket)) {
            CompletableFuture<String> request = CompletableFuture.supplyAsync(() -> {
                try (SocketChannel peer = server.accept()) {
                    byte[] got = readToEnd(peer); // the replayed client ends its side after the request
                    peer.write(ByteBuffer.wrap("VALUE 1\n".getBytes(US_ASCII)));
                    return new String(got, US_ASCII);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });

            CliRun replay = CliRun.run("replay", capture.toString(), "--to", "unix:" + socket);

            assertThat(replay.awaitExit()).as(replay.err.text()).isZero();
            assertThat(request.get(60, TimeUnit.SECONDS)).isEqualTo("GET a\n");
            assertThat(replay.lines().get(0)).isEqualTo("#1 matches: sent 6 bytes, received 8 bytes (s>c) as recorded");
        }
    }

    @Test
    void sendToASocketFileNothingListensOnSaysItIsLeftOver() throws Exception {
        Path socket = staleSocket(dir.resolve("stale.sock"));

        CliRun send = CliRun.run("send", "unix:" + socket);

        assertThat(send.oneErrorLine(1))
                .isEqualTo("weft send: cannot connect to unix:" + socket + ": nothing listens on this socket file"
                        + " (left over from a server that stopped?); start the server or check the path");
    }

    @Test
    void sendToAPlainFileOrADirectorySaysWhatIsThere() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.txt"), "not a socket");

        assertThat(CliRun.run("send", "unix:" + file).oneErrorLine(1))
                .isEqualTo("weft send: cannot connect to unix:" + file + ": it is a regular file, not a socket;"
                        + " check the path");
        assertThat(CliRun.run("send", "unix:" + dir).oneErrorLine(1))
                .isEqualTo("weft send: cannot connect to unix:" + dir + ": it is a directory, not a socket; give the"
                        + " path of the server's socket file");
        assertThat(Files.readString(file)).isEqualTo("not a socket");
    }

    @Test
    void sendToAMissingSocketFileSaysSoOnce() throws Exception {
        Path missing = dir.resolve("missing.sock");

        assertThat(CliRun.run("send", "unix:" + missing).oneErrorLine(1))
                .isEqualTo("weft send: cannot connect to unix:" + missing + ": no socket file there; start the server"
                        + " first, or check the path");
    }

    @Test
    void listeningOnALeftOverSocketFileSaysWhatToDo() throws Exception {
        Path socket = staleSocket(dir.resolve("taken.sock"));

        CliRun sink = CliRun.run("sink", "--listen", "unix:" + socket);

        assertThat(sink.oneErrorLine(1))
                .isEqualTo("weft sink: cannot listen on unix:" + socket + " (--listen): the socket file exists:"
                        + " another server listens there, or one left it behind; remove it if none does");
    }

    @Test
    void listeningWhereAPlainFileADirectoryOrNoDirectoryIsSaysWhatIsThere() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.txt"), "not a socket");
        Path nowhere = dir.resolve("none").resolve("s.sock");

        assertThat(CliRun.run("sink", "--listen", "unix:" + file).oneErrorLine(1))
                .isEqualTo("weft sink: cannot listen on unix:" + file + " (--listen): it is a regular file, not a"
                        + " socket; choose another path");
        assertThat(CliRun.run("sink", "--listen", "unix:" + dir).oneErrorLine(1))
                .isEqualTo("weft sink: cannot listen on unix:" + dir + " (--listen): it is a directory; give the path"
                        + " of a socket file inside it, e.g. " + dir.resolve("weft.sock"));
        assertThat(CliRun.run("sink", "--listen", "unix:" + nowhere).oneErrorLine(1))
                .isEqualTo("weft sink: cannot listen on unix:" + nowhere + " (--listen): the directory "
                        + nowhere.getParent() + " does not exist; create it or choose another path");
        assertThat(Files.readString(file)).isEqualTo("not a socket");
    }
}
