package dev.weft.internet.testing;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.defer.Failure;
import dev.weft.internet.IBufferedProtocol;
import dev.weft.internet.IProtocol;
import dev.weft.internet.ITransport;
import dev.weft.internet.Protocol;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** What the harness delivers after the protocol loses its connection, and its option to stop as a reactor does. */
final class ChunkingDisconnectingTest {
    private static final byte[] INPUT = "QUIT\r\nPING ignored\r\n".getBytes(US_ASCII);

    /** Handles CRLF lines and loses the connection on QUIT; when careful, checks for that after every line. */
    private static final class Quitter extends Protocol {
        private final boolean careful;
        private final StringBuilder buffer = new StringBuilder();
        final List<String> lines = new ArrayList<>();

        Quitter(boolean careful) {
            this.careful = careful;
        }

        @Override
        public void dataReceived(byte[] data) {
            buffer.append(new String(data, US_ASCII));
            for (int end = buffer.indexOf("\r\n"); end >= 0; end = buffer.indexOf("\r\n")) {
                String line = buffer.substring(0, end);
                buffer.delete(0, end + 2);
                lines.add(line);
                if (line.equals("QUIT")) {
                    transport().loseConnection();
                }
                if (careful && transport().isDisconnecting()) {
                    return;
                }
            }
        }
    }

    private static Supplier<Quitter> connected(boolean careful) {
        return () -> {
            Quitter q = new Quitter(careful);
            q.makeConnection(new StringTransport());
            return q;
        };
    }

    @Test
    void byDefaultPiecesKeepComingAfterLoseConnectionSoWholeAndBytewiseDiffer() {
        Quitter whole = connected(true).get();
        Split.whole().deliver(INPUT, whole);
        Quitter bytewise = connected(true).get();
        Split.oneByteAtATime().deliver(INPUT, bytewise);

        assertThat(whole.lines).containsExactly("QUIT");
        assertThat(bytewise.lines).containsExactly("QUIT", "PING ignored");
        assertThatThrownBy(() -> Chunking.forEach(
                        INPUT,
                        connected(true),
                        (split, q) -> assertThat(q.lines).containsExactly("QUIT")))
                .hasMessageContaining("as Split.every(1) failed (replay with Split.every(1).deliver(input, protocol))");
    }

    @Test
    void stoppingWhenDisconnectingEverySplitAgreesForAProtocolThatChecks() {
        Chunking chunking = Chunking.standard().withStopWhenDisconnecting(true);
        List<Split> checked = new ArrayList<>();

        chunking.run(INPUT, connected(true), (split, q) -> {
            assertThat(q.lines).containsExactly("QUIT");
            checked.add(split);
        });

        assertThat(checked)
                .containsExactlyElementsOf(chunking.splits(INPUT.length).toList());
    }

    @Test
    void stoppingWhenDisconnectingStillShowsAProtocolThatDoesNotCheck() {
        Chunking chunking = Chunking.standard().withStopWhenDisconnecting(true);

        assertThatThrownBy(() -> chunking.run(
                        INPUT,
                        connected(false),
                        (split, q) -> assertThat(q.lines).containsExactly("QUIT")))
                .hasMessageContaining("as Split.whole() failed (replay with"
                        + " Split.whole().deliverUntilDisconnecting(input, protocol))")
                .hasMessageContaining("PING ignored");
    }

    @Test
    void deliverUntilDisconnectingStopsAfterAnAbortToo() {
        AccumulatingProtocol p = new AccumulatingProtocol() {
            @Override
            public void dataReceived(byte[] data) {
                super.dataReceived(data);
                transport().abortConnection();
            }
        };
        p.makeConnection(new StringTransport());

        Split.every(3).deliverUntilDisconnecting("abcdefgh".getBytes(US_ASCII), p);

        assertThat(p.data()).asString(US_ASCII).isEqualTo("abc");
    }

    /** A buffered protocol that loses the connection on the first byte it gets, and counts the buffers it lends. */
    private static final class BufferedQuitter extends Protocol implements IBufferedProtocol {
        private final ByteBuffer buffer = ByteBuffer.allocate(16);
        int buffersLent;
        int bytes;

        @Override
        public ByteBuffer getBuffer(int sizeHint) {
            buffersLent++;
            buffer.clear();
            return buffer;
        }

        @Override
        public void bufferUpdated(int nbytes) {
            bytes += nbytes;
            transport().loseConnection();
        }
    }

    @Test
    void deliverUntilDisconnectingMakesNoEmptyReadOnceDisconnecting() {
        BufferedQuitter stopping = new BufferedQuitter();
        stopping.makeConnection(new StringTransport());
        BufferedQuitter feeding = new BufferedQuitter();
        feeding.makeConnection(new StringTransport());

        Split.oneByteAtATime().withEmptyReads().deliverUntilDisconnecting(INPUT, stopping);
        Split.oneByteAtATime().withEmptyReads().deliver(INPUT, feeding);

        assertThat(stopping.bytes).isEqualTo(1);
        assertThat(stopping.buffersLent)
                .as("one empty read, then the read of the first byte")
                .isEqualTo(2);
        assertThat(feeding.bytes).isEqualTo(INPUT.length);
        assertThat(feeding.buffersLent).isEqualTo(2 * INPUT.length + 1);
    }

    @Test
    void deliverUntilDisconnectingNeedsAConnectedBaseProtocol() {
        IProtocol bare = new IProtocol() {
            @Override
            public void makeConnection(ITransport transport) {}

            @Override
            public void connectionMade() {}

            @Override
            public void dataReceived(byte[] data) {
                throw new AssertionError("nothing may be delivered");
            }

            @Override
            public void connectionLost(Failure reason) {}
        };

        assertThatThrownBy(() -> Split.whole().deliverUntilDisconnecting(INPUT, new Quitter(true)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Quitter has not been connected; call makeConnection(transport) first");
        assertThatThrownBy(() -> Split.whole().deliverUntilDisconnecting(INPUT, bare))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a BaseProtocol; use deliver, or extend Protocol");
        assertThatThrownBy(() -> Chunking.standard()
                        .withStopWhenDisconnecting(true)
                        .run(INPUT, () -> new Quitter(true), (split, q) -> {}))
                .hasMessageContaining("call makeConnection(transport) first");
    }

    @Test
    void theOptionIsOffByDefaultAndShownByToString() {
        assertThat(Chunking.standard().toString()).endsWith("emptyReads=true, stopWhenDisconnecting=false]");
        assertThat(Chunking.standard().withStopWhenDisconnecting(true).toString())
                .endsWith("stopWhenDisconnecting=true]");
        assertThat(Chunking.standard()
                        .withStopWhenDisconnecting(true)
                        .withMaxFixedSize(3)
                        .withEmptyReads(false)
                        .toString())
                .as("the other copies keep the option")
                .endsWith("emptyReads=false, stopWhenDisconnecting=true]");
    }
}
