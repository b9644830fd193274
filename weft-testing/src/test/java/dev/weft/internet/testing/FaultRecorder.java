package dev.weft.internet.testing;

import dev.weft.defer.Failure;
import dev.weft.internet.IHalfCloseableProtocol;
import dev.weft.internet.Protocol;
import dev.weft.internet.task.Clock;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Records each read (its size and time), the end of stream and the close, for the fault tests. */
class FaultRecorder extends Protocol {
    final Clock clock;
    final List<String> events = new ArrayList<>();
    final List<Integer> reads = new ArrayList<>();
    final ByteArrayOutputStream data = new ByteArrayOutputStream();
    byte[] greeting = new byte[0];
    boolean closeAfterGreeting;
    boolean echo;

    @Nullable
    Failure lost;

    FaultRecorder(Clock clock) {
        this.clock = clock;
    }

    FaultRecorder greeting(byte[] bytes) {
        this.greeting = bytes;
        return this;
    }

    @Override
    public void connectionMade() {
        if (greeting.length > 0) {
            transport().write(greeting);
        }
        if (closeAfterGreeting) {
            transport().loseConnection();
        }
    }

    @Override
    public void dataReceived(byte[] bytes) {
        reads.add(bytes.length);
        data.writeBytes(bytes);
        if (echo) {
            transport().write(bytes.clone());
        }
        events.add(Math.round(clock.seconds() * 1000) + "ms read " + bytes.length);
    }

    @Override
    public void connectionLost(Failure reason) {
        lost = reason;
        events.add(
                Math.round(clock.seconds() * 1000) + "ms lost " + reason.type().getSimpleName());
    }

    byte[] bytes() {
        return data.toByteArray();
    }

    /** The same, half-closeable: it logs the peer's end of stream and stays open. */
    static final class HalfCloseable extends FaultRecorder implements IHalfCloseableProtocol {
        HalfCloseable(Clock clock) {
            super(clock);
        }

        @Override
        public void readConnectionLost() {
            events.add(Math.round(clock.seconds() * 1000) + "ms read-end");
        }

        @Override
        public void writeConnectionLost() {
            events.add(Math.round(clock.seconds() * 1000) + "ms write-end");
        }
    }
}
