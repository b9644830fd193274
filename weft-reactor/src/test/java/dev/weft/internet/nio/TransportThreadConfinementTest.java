package dev.weft.internet.nio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.internet.IPushProducer;
import dev.weft.internet.ITCPTransport;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A transport's, a connector's and a port's confined methods throw on another thread, whether or not assertions are on, so a
 * write from a worker thread fails at once instead of waiting, unsent, in a queue the reactor does not watch.
 */
class TransportThreadConfinementTest {
    private final ReactorThread rt = ReactorThread.start();

    @AfterEach
    void stop() {
        rt.close();
    }

    @Test
    void everyConfinedTransportMethodThrowsOnAnotherThreadNamingItselfAndTheWayIn() {
        TcpPair pair = TcpPair.open(rt);
        ITCPTransport transport = (ITCPTransport) rt.call(() -> pair.server.transport());
        IPushProducer producer = new IPushProducer() {
            @Override
            public void pauseProducing() {}

            @Override
            public void resumeProducing() {}

            @Override
            public void stopProducing() {}
        };
        Map<String, Consumer<ITCPTransport>> calls = Map.ofEntries(
                Map.entry("write", t -> t.write(new byte[] {1})),
                Map.entry("writeSequence", t -> t.writeSequence(List.of(new byte[] {1}))),
                Map.entry("registerProducer", t -> t.registerProducer(producer)),
                Map.entry("unregisterProducer", ITCPTransport::unregisterProducer),
                Map.entry("pauseProducing", t -> ((IPushProducer) t).pauseProducing()),
                Map.entry("resumeProducing", t -> ((IPushProducer) t).resumeProducing()),
                Map.entry("loseConnection", ITCPTransport::loseConnection),
                Map.entry("loseWriteConnection", ITCPTransport::loseWriteConnection),
                Map.entry("abortConnection", ITCPTransport::abortConnection));
        calls.forEach((name, call) -> assertThatThrownBy(() -> call.accept(transport))
                .as(name)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(name + " was called on thread \""
                        + Thread.currentThread().getName() + "\"")
                .hasMessageContaining("callFromThread"));

        // Nothing reached the connection: the client has nothing, and the connection is still open.
        assertThat(rt.call(() -> pair.client.data())).isEmpty();
        assertThat(rt.call(() -> transport.isDisconnecting())).isFalse();
        rt.await(() -> {
            transport.write(new byte[] {7});
            return ((Sink) pair.client).received(1);
        });
        assertThat(rt.call(() -> pair.client.data())).containsExactly(7);
    }

    @Test
    void aConnectorIsUsedOnlyOnItsThread() {
        TcpPair pair = TcpPair.open(rt);
        for (Map.Entry<String, Runnable> call : Map.<String, Runnable>of(
                        "connect", pair.connector::connect,
                        "stopConnecting", pair.connector::stopConnecting,
                        "disconnect", pair.connector::disconnect)
                .entrySet()) {
            assertThatThrownBy(call.getValue()::run)
                    .as(call.getKey())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(call.getKey() + " was called on thread");
        }
        assertThat((boolean) rt.call(() -> pair.client.isConnected())).isTrue();
    }

    @Test
    void aListeningPortStopsOnlyOnItsThread() {
        TcpPair pair = TcpPair.open(rt);
        assertThatThrownBy(pair.port::stopListening)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("stopListening was called on thread");
        assertThat(rt.call(() -> pair.port.getHost())).isNotNull();
    }
}
