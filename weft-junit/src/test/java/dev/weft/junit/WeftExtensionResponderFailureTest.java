package dev.weft.junit;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.weft.fixture.Reply;
import dev.weft.fixture.Script;
import dev.weft.fixture.SinkServer;
import java.io.IOException;
import java.net.Socket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * A responder of the injected {@link SinkServer} that throws fails the test even if the test never takes its
 * connection, and even under {@code @SkipHygiene(OPEN_SOCKETS)}: what it threw is the failure's cause. Before, both
 * cases passed: the failure was lost.
 */
class WeftExtensionResponderFailureTest {
    /** The cases; run only through EngineTestKit. */
    @ExtendWith({OnlyInTestKit.class, WeftExtension.class})
    static class Cases {
        static void askAndSeeTheReset(SinkServer server) throws IOException {
            server.enqueue(Script.accumulate().onLine(line -> {
                if (line.equals("HELLO")) {
                    throw new IllegalStateException("unexpected command: " + line);
                }
                return Reply.of("ok\n");
            }));
            try (Socket client = new Socket("127.0.0.1", server.port())) {
                client.getOutputStream().write("HELLO\n".getBytes(US_ASCII));
                // the client under test sees only a reset; the test does not take the connection
                assertThatThrownBy(() -> client.getInputStream().read()).isInstanceOf(IOException.class);
            }
        }

        @Test
        void responderThrowsAndTheConnectionIsNotTaken(SinkServer server) throws IOException {
            askAndSeeTheReset(server);
        }

        @Test
        @SkipHygiene(
                value = HygieneCheck.OPEN_SOCKETS,
                reason = "the case checks that a responder's failure is not skipped")
        void responderThrowsUnderSkipHygiene(SinkServer server) throws IOException {
            askAndSeeTheReset(server);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"responderThrowsAndTheConnectionIsNotTaken", "responderThrowsUnderSkipHygiene"})
    void theTestFailsWithWhatTheResponderThrewAsTheCause(String method) {
        Events events = EngineTestKit.engine("junit-jupiter")
                .configurationParameter(OnlyInTestKit.KEY, "true")
                .selectors(selectMethod(Cases.class, method, SinkServer.class.getName()))
                .execute()
                .testEvents();
        assertThat(events.succeeded().count()).isZero();
        Throwable failure = events.failed().stream()
                .findFirst()
                .flatMap(e -> e.getPayload(TestExecutionResult.class))
                .flatMap(TestExecutionResult::getThrowable)
                .orElseThrow();
        assertThat(failure)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("SinkServer closed with 1 failure(s) on connections the test did not take")
                .hasMessageContaining("the responder of connection #1 threw, so the server reset the connection")
                .hasMessageContaining("no check skips it")
                .hasMessageNotContaining("still open")
                .hasRootCauseInstanceOf(IllegalStateException.class)
                .hasRootCauseMessage("unexpected command: HELLO");
    }
}
