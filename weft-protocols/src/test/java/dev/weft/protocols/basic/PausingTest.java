package dev.weft.protocols.basic;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.IAddress;
import dev.weft.internet.IProducer;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.ITransport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class PausingTest {
    /** A transport that is not the producer of what it reads (Twisted would fail on pauseProducing). */
    static final class PlainTransport implements ITransport {
        final List<String> calls = new ArrayList<>();

        @Override
        public void write(byte[] data) {
            calls.add("write " + new String(data, US_ASCII).strip());
        }

        @Override
        public void writeSequence(Iterable<byte[]> data) {
            data.forEach(this::write);
        }

        @Override
        public void loseConnection() {
            calls.add("loseConnection");
        }

        @Override
        public void abortConnection() {
            calls.add("abortConnection");
        }

        @Override
        public IAddress getPeer() {
            return IPv4Address.tcp("127.0.0.1", 2);
        }

        @Override
        public IAddress getHost() {
            return IPv4Address.tcp("127.0.0.1", 1);
        }

        @Override
        public void registerProducer(IProducer producer, boolean streaming) {}

        @Override
        public void unregisterProducer() {}
    }

    /** Echoes lines. */
    static final class Echo extends LineReceiver {
        @Override
        public void lineReceived(byte[] line) {
            sendLine(line);
        }
    }

    @Test
    void onATransportThatIsNotAProducerPausingHoldsLinesBackAndResumingDeliversThem() {
        Echo echo = new Echo();
        PlainTransport transport = new PlainTransport();
        echo.makeConnection(transport);

        echo.pauseProducing();
        echo.dataReceived("a\r\nb\r\n".getBytes(US_ASCII));
        assertThat(transport.calls).isEmpty();
        assertThat(echo.isPaused()).isTrue();

        echo.resumeProducing();
        assertThat(transport.calls).containsExactly("write a", "write b");
        assertThat(transport.isDisconnecting()).isFalse();
    }
}
