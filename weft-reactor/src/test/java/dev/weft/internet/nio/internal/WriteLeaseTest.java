package dev.weft.internet.nio.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Who closes a socket that another thread is writing to: the writer, when the reactor thread asked meanwhile. */
final class WriteLeaseTest {
    private ServerSocketChannel server;
    private SocketChannel client;
    private SocketChannel accepted;
    private WriteLease lease;

    @BeforeEach
    void connect() throws IOException {
        server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        client = SocketChannel.open(server.getLocalAddress());
        accepted = server.accept();
        lease = new WriteLease(accepted);
    }

    @AfterEach
    void close() throws IOException {
        client.close();
        accepted.close();
        server.close();
    }

    @Test
    void aCloseAskedDuringAWriteIsLeftToTheWriterWhichClosesWhenItGivesTheLeaseBack() {
        assertThat(lease.take()).isTrue();

        assertThat(lease.closeNowOrLeave())
                .as("the reactor thread does not close it")
                .isFalse();
        assertThat(accepted.isOpen()).isTrue();
        assertThat(lease.closeNowOrLeave()).as("asked again").isFalse();

        lease.give();
        assertThat(accepted.isOpen()).as("closed by the writer").isFalse();
        assertThat(lease.take()).as("no write after the close").isFalse();
    }

    @Test
    void withNoWriteUnderWayTheReactorThreadClosesAndNoWriteStartsAfter() {
        assertThat(lease.take()).isTrue();
        lease.give();
        assertThat(accepted.isOpen()).as("a write alone closes nothing").isTrue();
        assertThat(lease.take()).as("the next write").isTrue();
        lease.give();

        assertThat(lease.closeNowOrLeave()).isTrue();
        assertThat(accepted.isOpen()).as("the caller closes it, not the lease").isTrue();
        assertThat(lease.take()).isFalse();
        assertThat(lease.closeNowOrLeave()).as("asked again").isTrue();
    }
}
