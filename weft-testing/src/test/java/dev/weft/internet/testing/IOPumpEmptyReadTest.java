package dev.weft.internet.testing;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Failure;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link IOPump#setEmptyReads(boolean)}: reads that return nothing, before each delivery and the end of stream. */
final class IOPumpEmptyReadTest {
    /** Logs its buffer-path calls and its close. */
    private static final class Logging extends AccumulatingProtocol {
        final List<String> log = new ArrayList<>();

        @Override
        public ByteBuffer getBuffer(int sizeHint) {
            log.add("get(" + sizeHint + ")");
            return super.getBuffer(sizeHint);
        }

        @Override
        public void bufferUpdated(int nbytes) {
            log.add("updated(" + nbytes + ")");
            super.bufferUpdated(nbytes);
        }

        @Override
        public void connectionLost(Failure reason) {
            log.add("lost");
            super.connectionLost(reason);
        }
    }

    @Test
    void withEmptyReadsABufferedProtocolIsLentABufferForNothingBeforeEachDeliveryAndTheEnd() {
        ConnectedPair<AccumulatingProtocol, Logging> pair =
                IOPump.connectedServerAndClient(Logging::new, AccumulatingProtocol::new);
        pair.pump().setEmptyReads(true);

        pair.client().transport().write("hello".getBytes(US_ASCII));
        pair.pump().flush();
        pair.client().transport().write(" again".getBytes(US_ASCII));
        pair.client().transport().loseConnection();
        pair.pump().flush();

        assertThat(pair.server().log)
                .containsExactly("get(1)", "get(5)", "updated(5)", "get(1)", "get(6)", "updated(6)", "get(1)", "lost");
        assertThat(pair.server().data()).asString(US_ASCII).isEqualTo("hello again");
        assertThat(pair.client().isClosed()).isTrue();
    }

    @Test
    void withEmptyReadsAResetIsLearntFromAReadThatReturnsNothing() {
        ConnectedPair<AccumulatingProtocol, Logging> pair =
                IOPump.connectedServerAndClient(Logging::new, AccumulatingProtocol::new);
        pair.pump().setEmptyReads(true);

        pair.client().transport().abortConnection();
        pair.pump().flush();

        assertThat(pair.server().log).containsExactly("get(1)", "lost");
        assertThat(pair.server().dataSize()).isZero();
    }

    @Test
    void withoutEmptyReadsEveryGetBufferIsFollowedByAnUpdate() {
        ConnectedPair<AccumulatingProtocol, Logging> pair =
                IOPump.connectedServerAndClient(Logging::new, AccumulatingProtocol::new);

        pair.client().transport().write("hello".getBytes(US_ASCII));
        pair.client().transport().loseConnection();
        pair.pump().flush();

        assertThat(pair.server().log).containsExactly("get(5)", "updated(5)", "lost");
    }
}
