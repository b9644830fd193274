package dev.weft.internet.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.application.ClientService;
import dev.weft.internet.ClientFactory;
import dev.weft.internet.Protocol;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.endpoints.Endpoints;
import dev.weft.internet.endpoints.IStreamClientEndpoint;
import java.text.MessageFormat;
import java.util.List;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** The line {@link ClientService} logs when it schedules a retry: the delay to the millisecond, no float noise. */
final class ClientServiceRetryLogTest {
    private static final int PORT = 4000;

    private static String text(LogRecord r) {
        return MessageFormat.format(r.getMessage(), r.getParameters());
    }

    @Test
    void theRetryLineShowsEachDelayToTheMillisecond() {
        MemoryReactorClock reactor = new MemoryReactorClock();
        ConnectionCompleter completer = new ConnectionCompleter(reactor);
        reactor.listenTCP(PORT, ServerFactory.forProtocol(Protocol::new));
        IStreamClientEndpoint endpoint = Endpoints.clientFromString(reactor, "tcp:host=127.0.0.1:port=" + PORT);
        // 0.1 + 0.2 is 0.30000000000000004 in binary; 1.5 ^ 4 is 5.0625; then whole seconds.
        double[] delays = {0.1 + 0.2, 2.25, 5.0625, 60.0, 0.0004};
        ClientService service = new ClientService(
                endpoint, ClientFactory.forProtocol(Protocol::new), n -> delays[n - 1], reactor, null);
        try (LogCapture log = new LogCapture(ClientService.class.getName())) {
            service.startService();
            for (double delay : delays) {
                completer.failOnce();
                reactor.advance(delay);
            }

            List<String> lines = log.records().stream()
                    .map(ClientServiceRetryLogTest::text)
                    .filter(line -> line.startsWith("Scheduling retry"))
                    .toList();
            assertThat(lines)
                    .containsExactly(
                            "Scheduling retry 1 to connect " + endpoint + " in 0.3 seconds.",
                            "Scheduling retry 2 to connect " + endpoint + " in 2.25 seconds.",
                            "Scheduling retry 3 to connect " + endpoint + " in 5.063 seconds.",
                            "Scheduling retry 4 to connect " + endpoint + " in 60 seconds.",
                            "Scheduling retry 5 to connect " + endpoint + " in 0 seconds.");
        }
    }
}
