package dev.weft.internet.testing.capture;

import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.weft.defer.Failure;
import dev.weft.internet.IHalfCloseableProtocol;
import dev.weft.internet.IReactorTime;
import dev.weft.internet.Protocol;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A line server for replay tests: answers each {@code \n}-terminated line in upper case (after
 * {@code delay} seconds on {@code clock}, when one is given), and on the client's half-close writes
 * {@code "bye\n"} and closes. Logs the callbacks it gets.
 */
class UpperLineServer extends Protocol implements IHalfCloseableProtocol {
    final List<String> log = new ArrayList<>();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final @Nullable IReactorTime clock;
    private final double delay;

    UpperLineServer() {
        this(null, 0);
    }

    UpperLineServer(@Nullable IReactorTime clock, double delay) {
        this.clock = clock;
        this.delay = delay;
    }

    @Override
    public void dataReceived(byte[] data) {
        for (byte b : data) {
            if (b != '\n') {
                line.write(b);
                continue;
            }
            byte[] answer = (line.toString(US_ASCII).toUpperCase(Locale.ROOT) + "\n").getBytes(US_ASCII);
            line.reset();
            if (clock == null) {
                transport().write(answer);
            } else {
                clock.callLater(delay, () -> transport().write(answer));
            }
        }
    }

    @Override
    public void readConnectionLost() {
        log.add("read-lost");
        transport().write("bye\n".getBytes(US_ASCII));
        transport().loseConnection();
    }

    @Override
    public void writeConnectionLost() {
        log.add("write-lost");
    }

    @Override
    public void connectionLost(Failure reason) {
        log.add("lost " + reason.type().getSimpleName());
    }
}
