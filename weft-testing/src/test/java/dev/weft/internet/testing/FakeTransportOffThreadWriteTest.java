package dev.weft.internet.testing;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.internet.IOffThreadWrite;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fake's {@link IOffThreadWrite}, which a TLS layer's worker uses as it does the reactor's TCP transport. */
final class FakeTransportOffThreadWriteTest {
    private final List<String> log = new ArrayList<>();
    private final ProbeProtocol server = new ProbeProtocol("S", log);
    private final ProbeProtocol client = new ProbeProtocol("C", log);
    private final IOPump pump = IOPump.connect(new FakeTransport(server, true), new FakeTransport(client, false));

    @Test
    void offUnlessAllowed() {
        assertThat(pump.serverIO().offThreadWriter()).isNull();
    }

    @Test
    void takesAtMostTheAllowedBytesInOrderAndThePeerGetsThemFirst() {
        pump.serverIO().allowOffThreadWrites(3);
        IOffThreadWrite.Writer w = pump.serverIO().offThreadWriter();
        assertThat(w).isNotNull();
        ByteBuffer ab = buffer("ab");
        ByteBuffer cd = buffer("cd");

        assertThat(w.write(new ByteBuffer[] {ab, cd})).isEqualTo(3);
        assertThat(ab.hasRemaining()).isFalse();
        assertThat(cd.remaining()).as("what the socket did not take").isEqualTo(1);
        pump.serverIO().write(new byte[] {cd.get()});
        pump.flush();

        assertThat(client.received()).isEqualTo("abcd");
        assertThat(pump.serverIO().offThreadWrites()).isEqualTo(1);
    }

    @Test
    void noWriterWhileBytesAreQueuedOrAfterTheClose() {
        pump.serverIO().allowOffThreadWrites(Long.MAX_VALUE);
        IOffThreadWrite.Writer early = pump.serverIO().offThreadWriter();
        assertThat(early).isNotNull();

        pump.serverIO().write("queued".getBytes(US_ASCII));
        assertThat(pump.serverIO().offThreadWriter()).as("bytes are queued").isNull();
        pump.flush();
        assertThat(pump.serverIO().offThreadWriter()).isNotNull();

        pump.serverIO().loseConnection();
        assertThat(pump.serverIO().offThreadWriter()).as("closing").isNull();
        assertThat(early.write(new ByteBuffer[] {buffer("late")})).isZero();
        pump.flush();
        assertThat(client.received()).isEqualTo("queued");
    }

    @Test
    void aNegativeAllowanceIsRefused() {
        assertThatThrownBy(() -> pump.serverIO().allowOffThreadWrites(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxBytesPerWrite must be 0 or more, not -1");
    }

    private static ByteBuffer buffer(String s) {
        return ByteBuffer.wrap(s.getBytes(US_ASCII));
    }
}
