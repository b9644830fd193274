package dev.weft.protocols.policies.readme;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Failure;
import dev.weft.internet.IReactorTime;
import dev.weft.internet.task.Clock;
import dev.weft.internet.testing.StringTransport;
import dev.weft.protocols.basic.LineReceiver;
import dev.weft.protocols.policies.Timeout;
import dev.weft.protocols.readme.ReadmeBlocks;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The Timeouts example of weft-protocols/README.md, run; the last test keeps the two in step. */
final class TimeoutReadmeTest {
    static final class Chat extends LineReceiver {
        private final Timeout timeout;

        Chat(IReactorTime clock) {
            timeout = new Timeout(clock, this::timeoutConnection);
        }

        @Override
        public void connectionMade() {
            timeout.setTimeout(Duration.ofMinutes(5));
        }

        @Override
        public void lineReceived(byte[] line) {
            timeout.resetTimeout();
            sendLine(line);
        }

        @Override
        public void connectionLost(Failure reason) {
            timeout.setTimeout(null);
        }

        private void timeoutConnection() {
            sendLine("idle for 5 minutes, bye".getBytes(US_ASCII));
            transport().loseConnection();
        }
    }

    @Test
    void chatSaysByeAfterFiveIdleMinutes() {
        Clock clock = new Clock();
        Chat chat = new Chat(clock);
        StringTransport transport = new StringTransport();
        chat.makeConnection(transport);

        clock.advance(Duration.ofMinutes(4));
        chat.dataReceived("still here\r\n".getBytes(US_ASCII));
        clock.advance(Duration.ofMinutes(4));
        assertThat(transport.isDisconnecting()).isFalse();

        clock.advance(Duration.ofMinutes(1));
        assertThat(transport.value()).asString(US_ASCII).isEqualTo("still here\r\nidle for 5 minutes, bye\r\n");
        assertThat(transport.isDisconnecting()).isTrue();
    }

    @Test
    void everyJavaBlockOfTheTimeoutsSectionIsCodeOfThisTest() throws IOException {
        ReadmeBlocks.assertEveryJavaBlockIsIn(
                Path.of("README.md"),
                "\n## Timeouts",
                "\n## ",
                Path.of("src/test/java/dev/weft/protocols/policies/readme/TimeoutReadmeTest.java"));
    }
}
