package dev.weft.junit;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.weft.fixture.Script;
import dev.weft.fixture.SinkServer;
import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * A test that closes its client and never takes the connection passes {@link WeftExtension}'s open-socket check: the
 * check waits for the client's close to reach the {@code SinkServer}. Before the fix this case failed on most runs
 * ("SinkServer closed with 1 connection(s) still open").
 */
class WeftExtensionSinkCloseTest {
    /** The case; run only through EngineTestKit. */
    @ExtendWith({OnlyInTestKit.class, WeftExtension.class})
    static class Cases {
        @Test
        void closesTheClientAndNeverTakesTheConnection(SinkServer server) throws IOException {
            server.enqueue(Script.accumulate().answerAfter(6, "VALUE 1\n".getBytes(US_ASCII)));
            try (Socket client = new Socket("127.0.0.1", server.port())) {
                client.getOutputStream().write("GET a\n".getBytes(US_ASCII));
                assertThat(client.getInputStream().readNBytes(8))
                        .asString(US_ASCII)
                        .isEqualTo("VALUE 1\n");
            }
        }
    }

    @Test
    void passesEveryTime() {
        List<String> failures = new ArrayList<>();
        for (int run = 0; run < 30; run++) {
            Events events = EngineTestKit.engine("junit-jupiter")
                    .configurationParameter(OnlyInTestKit.KEY, "true")
                    .selectors(selectMethod(Cases.class, "closesTheClientAndNeverTakesTheConnection", SinkServer.class))
                    .execute()
                    .testEvents();
            events.failed().stream()
                    .map(e -> e.getPayload(TestExecutionResult.class)
                            .flatMap(TestExecutionResult::getThrowable)
                            .map(Throwable::getMessage)
                            .orElse("?"))
                    .forEach(m -> failures.add(m));
            assertThat(events.succeeded().count() + events.failed().count()).isEqualTo(1);
        }
        assertThat(failures).isEmpty();
    }
}
