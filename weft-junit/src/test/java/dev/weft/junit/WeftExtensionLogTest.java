package dev.weft.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.weft.defer.Deferred;
import dev.weft.fixture.SinkServer;
import dev.weft.internet.testing.AccumulatingProtocol;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * What a test under {@link WeftExtension} leaves in the log, read by handlers where the console's would be: nothing of
 * the kit's own. The barrier that collects a test's unhandled {@code Deferred} failures used to log its sentinel's
 * failure at SEVERE, with its stack trace, after every test.
 */
class WeftExtensionLogTest {
    /** The cases; run only through EngineTestKit. */
    @ExtendWith({OnlyInTestKit.class, WeftExtension.class})
    static class Cases {
        @Test
        void passes() {}

        @Test
        void passesWithASinkServer(SinkServer server) throws IOException {
            try (Socket s = new Socket("127.0.0.1", server.port())) {
                s.getOutputStream().write(1);
            }
            server.takeConnection(Duration.ofSeconds(30));
        }

        @TransportTest({Transport.Kind.TCP, Transport.Kind.UNIX})
        void talksOverSockets(Transport transport) {
            transport
                    .connect(TransportTestTest.Greeter::new, AccumulatingProtocol::new)
                    .awaitClosed(Duration.ofSeconds(30));
        }

        @Test
        void leavesAnUnhandledFailure() {
            Deferred<Void> d = new Deferred<>();
            d.errback(new IllegalStateException("the test's own unhandled failure"));
        }
    }

    /** Keeps every record that reaches it. */
    private static final class Capture extends Handler {
        final List<LogRecord> records = new CopyOnWriteArrayList<>();

        Capture() {
            setLevel(Level.ALL);
        }

        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}

        List<String> at(Level level) {
            return records.stream()
                    .filter(r -> r.getLevel().intValue() >= level.intValue())
                    .map(r -> r.getLevel() + " " + r.getLoggerName() + ": " + r.getMessage())
                    .toList();
        }
    }

    /** The handlers of one run: on the Deferred logger, ahead of the extension's, and beside the console's. */
    private record Logs(Events events, Capture deferred, Capture root) {}

    private static Logs run(String method, Class<?>... params) {
        Logger deferredLogger = Logger.getLogger(Deferred.class.getName());
        Logger rootLogger = Logger.getLogger("");
        Capture deferred = new Capture();
        Capture root = new Capture();
        deferredLogger.addHandler(deferred);
        rootLogger.addHandler(root);
        try {
            Events events = EngineTestKit.engine("junit-jupiter")
                    .configurationParameter(OnlyInTestKit.KEY, "true")
                    .selectors(selectMethod(Cases.class, method, params))
                    .execute()
                    .testEvents();
            return new Logs(events, deferred, root);
        } finally {
            deferredLogger.removeHandler(deferred);
            rootLogger.removeHandler(root);
        }
    }

    @Test
    void aPassingTestLogsNothingAtSevere() {
        for (int run = 0; run < 3; run++) {
            Logs logs = run("passes");
            logs.events().assertStatistics(s -> s.started(1).succeeded(1));
            assertThat(logs.deferred().at(Level.SEVERE))
                    .as("run %d, Deferred logger", run)
                    .isEmpty();
            assertThat(logs.root().at(Level.SEVERE))
                    .as("run %d, root logger", run)
                    .isEmpty();
        }
    }

    @Test
    void aPassingTestWithASinkServerLogsNothingAtInfoOrAbove() {
        Logs logs = run("passesWithASinkServer", SinkServer.class);
        logs.events().assertStatistics(s -> s.started(1).succeeded(1));
        assertThat(logs.root().at(Level.INFO)).isEmpty();
    }

    @Test
    void aTransportTestOverSocketsLogsNothingAtInfoOrAbove() {
        Logs logs = run("talksOverSockets", Transport.class);
        logs.events().assertStatistics(s -> s.started(2).succeeded(2));
        assertThat(logs.root().at(Level.INFO)).isEmpty();
    }

    @Test
    void theTestsOwnUnhandledFailureIsStillReportedAndLoggedWithoutTheSentinel() {
        Logs logs = run("leavesAnUnhandledFailure");
        logs.events().assertStatistics(s -> s.started(1).failed(1));
        assertThat(logs.root().at(Level.SEVERE))
                .filteredOn(m -> m.contains("Unhandled error in Deferred"))
                .filteredOn(m -> m.contains("the test's own unhandled failure"))
                .hasSize(1);
        assertThat(logs.root().at(Level.ALL)).noneMatch(m -> m.contains("weft-junit sentinel"));
        assertThat(logs.deferred().at(Level.ALL)).noneMatch(m -> m.contains("weft-junit sentinel"));
    }
}
