package dev.weft.internet.nio;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixSocketFilesTest {
    @TempDir
    Path dir;

    @Test
    void namesWhatIsAtThePath() throws Exception {
        Path socket = dir.resolve("s.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            assertThat(UnixSocketFiles.whatIsAt(socket)).isEqualTo("socket");
        }
        Path file = Files.writeString(dir.resolve("notes.txt"), "x");
        assertThat(UnixSocketFiles.whatIsAt(file)).isEqualTo("regular file");
        assertThat(UnixSocketFiles.whatIsAt(dir)).isEqualTo("directory");
        assertThat(UnixSocketFiles.whatIsAt(dir.resolve("nothing-here"))).isNull();
        Path link = Files.createSymbolicLink(dir.resolve("link"), file);
        assertThat(UnixSocketFiles.whatIsAt(link)).as("links are followed").isEqualTo("regular file");
    }
}
