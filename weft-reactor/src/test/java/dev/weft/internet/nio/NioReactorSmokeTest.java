package dev.weft.internet.nio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.ConnectionDone;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class NioReactorSmokeTest {
    private final ReactorThread rt = ReactorThread.start();

    @AfterEach
    void stopReactor() {
        rt.close();
    }

    @Test
    void bytesWrittenByTheClientArriveAtTheServerAndBothSeeACleanClose() {
        TcpPair pair = TcpPair.open(rt);
        rt.call(() -> {
            pair.client.transport().write("hello".getBytes(StandardCharsets.US_ASCII));
            pair.client.transport().loseConnection();
            return null;
        });
        pair.awaitBothClosed(rt);
        rt.call(() -> {
            assertThat(new String(pair.server.data(), StandardCharsets.US_ASCII))
                    .isEqualTo("hello");
            assertThat(pair.server.closedReason().check(ConnectionDone.class)).isNotNull();
            assertThat(pair.client.closedReason().check(ConnectionDone.class)).isNotNull();
            return null;
        });
    }
}
