package dev.weft.internet.nio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.application.ClientService;
import dev.weft.defer.Deferred;
import dev.weft.defer.Failure;
import dev.weft.internet.ClientFactory;
import dev.weft.internet.IAddress;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.IProtocol;
import dev.weft.internet.Protocol;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.endpoints.Endpoints;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ClientService} over real TCP: the server goes away (its port closed, its connection closed), the service's
 * next attempt is refused, the server comes back on the same port, and the service reconnects; stopping it then
 * closes the new connection.
 */
final class ClientServiceTcpTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final ReactorThread rt = ReactorThread.start();
    private final NioReactor reactor = rt.reactor();

    @AfterEach
    void stopReactor() {
        rt.close();
    }

    /** Counts its connections; the first server's first connection stops its port and closes. */
    private static final class Server extends ServerFactory {
        final boolean goAway;
        final List<String> events = Collections.synchronizedList(new ArrayList<>());

        @Nullable
        IListeningPort port;

        Server(boolean goAway) {
            this.goAway = goAway;
        }

        @Override
        public Protocol buildProtocol(IAddress addr) {
            return new Protocol() {
                @Override
                public void connectionMade() {
                    events.add("connectionMade");
                    if (goAway) {
                        port.stopListening();
                        transport().loseConnection();
                    }
                }

                @Override
                public void connectionLost(Failure reason) {
                    events.add("connectionLost");
                }
            };
        }
    }

    /** Records what the service's protocols hear. */
    private static final class Client extends Protocol {
        final List<String> events;

        Client(List<String> events) {
            this.events = events;
        }

        @Override
        public void connectionMade() {
            events.add("client connectionMade");
        }

        @Override
        public void connectionLost(Failure reason) {
            events.add("client connectionLost " + reason.type().getSimpleName());
        }
    }

    @Test
    void theServiceReconnectsWhenTheServerComesBackOnTheSamePort() throws IOException {
        // Held, so that while neither server listens nobody else is given the port and the attempt is refused.
        try (HeldPort held = HeldPort.toListenOn("127.0.0.1")) {
            reconnectsWhenTheServerComesBackOn(held.port());
        }
    }

    private void reconnectsWhenTheServerComesBackOn(int port) {
        Server first = new Server(true);
        Server second = new Server(false);
        rt.call(() -> first.port = reactor.listenTCP(port, first, 50, "127.0.0.1"));
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        List<Integer> attempts = Collections.synchronizedList(new ArrayList<>());
        // Called once per failure: the loss of the first connection (1), the refused attempt (2), when the second
        // server starts listening.
        IntToDoubleFunction policy = attempt -> {
            attempts.add(attempt);
            if (attempts.size() == 2) {
                second.port = reactor.listenTCP(port, second, 50, "127.0.0.1");
            }
            return 0.02;
        };
        ClientService service = rt.call(() -> new ClientService(
                Endpoints.clientFromString(reactor, "tcp:127.0.0.1:" + port),
                ClientFactory.forProtocol(() -> new Client(events)),
                policy,
                reactor,
                null));

        IProtocol firstClient = rt.await(PATIENCE, () -> {
            service.startService();
            return service.whenConnected();
        });
        IProtocol reconnected = rt.await(PATIENCE, () -> {
            Deferred<IProtocol> next = new Deferred<>();
            pollUntilSecondConnects(service, second, next);
            return next;
        });

        assertThat(reconnected).isNotSameAs(firstClient);
        assertThat(attempts).containsExactly(1, 2);
        assertThat(first.events).containsExactly("connectionMade", "connectionLost");
        assertThat(second.events).containsExactly("connectionMade");
        assertThat(events)
                .containsExactly(
                        "client connectionMade", "client connectionLost ConnectionDone", "client connectionMade");

        Object stopped = rt.await(PATIENCE, service::stopService);
        assertThat(stopped).isNull();
        assertThat(rt.call(service::state)).isEqualTo(ClientService.State.STOPPED);
        assertThat(events).endsWith("client connectionLost ConnectionDone");
    }

    /** Fires {@code next} with the connected protocol once the service is connected to the second server. */
    private void pollUntilSecondConnects(ClientService service, Server second, Deferred<IProtocol> next) {
        if (service.state() == ClientService.State.CONNECTED && !second.events.isEmpty()) {
            service.whenConnected().chainDeferred(next);
            return;
        }
        reactor.callLater(0.005, () -> pollUntilSecondConnects(service, second, next));
    }
}
