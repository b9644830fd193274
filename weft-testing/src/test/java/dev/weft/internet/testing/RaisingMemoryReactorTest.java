package dev.weft.internet.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.internet.CannotListenError;
import dev.weft.internet.ConnectionRefusedError;
import dev.weft.internet.Protocol;
import java.net.BindException;
import org.junit.jupiter.api.Test;

/** Invariant 37: RaisingMemoryReactor throws the configured exceptions. */
final class RaisingMemoryReactorTest {
    private final CannotListenError listenError = new CannotListenError("", 80, new BindException("in use"));
    private final ConnectionRefusedError connectError = new ConnectionRefusedError();
    private final CountingServerFactory serverFactory = new CountingServerFactory(Protocol::new);
    private final CountingClientFactory clientFactory = new CountingClientFactory(Protocol::new);

    /** Invariant 37: listenTCP throws the configured listen exception instance. */
    @Test
    void listenCallsThrowTheConfiguredListenException() {
        RaisingMemoryReactor reactor = new RaisingMemoryReactor(listenError, connectError);

        assertThatThrownBy(() -> reactor.listenTCP(80, serverFactory)).isSameAs(listenError);
        assertThatThrownBy(() -> reactor.listenTCP(80, serverFactory, 5, "::")).isSameAs(listenError);
        assertThatThrownBy(() -> reactor.listenUNIX("/s", serverFactory)).isSameAs(listenError);
        assertThat(reactor.tcpServers()).isEmpty();
        assertThat(reactor.unixServers()).isEmpty();
    }

    /** Invariant 37: connectTCP throws the configured connect exception, before startedConnecting. */
    @Test
    void connectCallsThrowTheConfiguredConnectException() {
        RaisingMemoryReactor reactor = new RaisingMemoryReactor(listenError, connectError);

        assertThatThrownBy(() -> reactor.connectTCP("h", 1, clientFactory)).isSameAs(connectError);
        assertThatThrownBy(() -> reactor.connectUNIX("/s", clientFactory)).isSameAs(connectError);
        assertThat(clientFactory.events).isEmpty();
        assertThat(reactor.tcpClients()).isEmpty();
        assertThat(reactor.connectors()).isEmpty();
    }

    /** Unlike Twisted's (a TypeError), a missing exception makes that family record as MemoryReactor does. */
    @Test
    void familyWithoutAnExceptionRecordsLikeAMemoryReactor() {
        RaisingMemoryReactor listenOnly = new RaisingMemoryReactor(listenError, null);
        RaisingMemoryReactor connectOnly = new RaisingMemoryReactor(null, connectError);

        listenOnly.connectTCP("h", 1, clientFactory);
        listenOnly.connectUNIX("/s", clientFactory);
        connectOnly.listenTCP(80, serverFactory);
        connectOnly.listenUNIX("/s", serverFactory);

        assertThat(listenOnly.tcpClients()).hasSize(1);
        assertThat(listenOnly.unixClients()).hasSize(1);
        assertThat(connectOnly.tcpServers()).hasSize(1);
        assertThat(connectOnly.unixServers()).hasSize(1);
    }
}
