package dev.weft.internet.testing;

import static dev.weft.internet.testing.DeferredAssertions.assertNoResult;
import static dev.weft.internet.testing.DeferredAssertions.failureResultOf;
import static dev.weft.internet.testing.DeferredAssertions.successResultOf;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.defer.Deferred;
import dev.weft.defer.Failure;
import dev.weft.internet.ClientFactory;
import dev.weft.internet.IHalfCloseableProtocol;
import dev.weft.internet.IProtocol;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.Protocol;
import dev.weft.internet.ReconnectingClientFactory;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.endpoints.Endpoints;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A client endpoint's Deferred on the memory reactors fires from the protocol's {@code connectionMade}, as Twisted's
 * {@code _WrappingProtocol} does; and a {@link ReconnectingClientFactory} without a clock retries on the reactor's.
 */
final class EndpointOnMemoryReactorTest {
    /** Writes a greeting when connected, and records what happens. */
    static class Greeter extends Protocol {
        final List<String> events = new ArrayList<>();

        @Override
        public void connectionMade() {
            events.add("connectionMade");
            transport().write("NICK t\n".getBytes(US_ASCII));
        }
    }

    /** Twisted's trial idiom: build the endpoint factory's protocol and connect it to a StringTransport yourself. */
    private static void connectsFromConnectionMade(MemoryReactor reactor) {
        Greeter greeter = new Greeter();
        Deferred<Greeter> d = Endpoints.clientFromString(reactor, "tcp:host=127.0.0.1:port=4000")
                .connectProtocol(greeter);
        List<String> written = new ArrayList<>();
        d.addCallback(p -> {
            p.events.add("fired");
            p.transport().write("x".getBytes(US_ASCII));
            return written.add("wrote");
        });
        IProtocol built = reactor.tcpClients().get(0).factory().buildProtocol(IPv4Address.tcp("127.0.0.1", 4000));
        assertNoResult(d);

        StringTransport transport = new StringTransport();
        built.makeConnection(transport);

        assertThat(greeter.events).containsExactly("connectionMade", "fired");
        assertThat(written).containsExactly("wrote");
        assertThat(new String(transport.value(), US_ASCII)).isEqualTo("NICK t\nx");
    }

    @Test
    void onAMemoryReactorTheDeferredFiresAfterConnectionMadeNotAtBuildProtocol() {
        connectsFromConnectionMade(new MemoryReactor());
    }

    @Test
    void onAMemoryReactorClockTheDeferredFiresWithoutAdvancingTheClock() {
        MemoryReactorClock reactor = new MemoryReactorClock();
        connectsFromConnectionMade(reactor);
        assertThat(reactor.getDelayedCalls()).isEmpty();
    }

    @Test
    void connectionCompleterFiresTheDeferredAsItConnects() {
        MemoryReactorClock reactor = new MemoryReactorClock();
        reactor.listenTCP(4000, ServerFactory.forProtocol(Greeter::new));
        Deferred<IProtocol> d = Endpoints.clientFromString(reactor, "tcp:host=127.0.0.1:port=4000")
                .connect(ClientFactory.forProtocol(AccumulatingProtocol::new));

        IOPump pump = new ConnectionCompleter(reactor).succeedOnce();

        AccumulatingProtocol client = (AccumulatingProtocol) successResultOf(d);
        assertThat(pump).isNotNull();
        pump.flush();
        assertThat(new String(client.data(), US_ASCII)).isEqualTo("NICK t\n");
    }

    @Test
    void aConnectionMadeThatThrowsFailsTheDeferredAndTheExceptionGoesOn() {
        MemoryReactor reactor = new MemoryReactor();
        IllegalStateException boom = new IllegalStateException("boom");
        Deferred<Protocol> d = Endpoints.clientFromString(reactor, "tcp:host=127.0.0.1:port=4000")
                .connectProtocol(new Protocol() {
                    @Override
                    public void connectionMade() {
                        throw boom;
                    }
                });
        IProtocol built = reactor.tcpClients().get(0).factory().buildProtocol(IPv4Address.tcp("127.0.0.1", 4000));

        assertThatThrownBy(() -> built.makeConnection(new StringTransport())).isSameAs(boom);

        assertThat(failureResultOf(d).value()).isSameAs(boom);
    }

    @Test
    void aHalfCloseableProtocolStaysHalfCloseableBehindTheEndpoint() {
        MemoryReactor reactor = new MemoryReactor();
        List<String> events = new ArrayList<>();
        final class Half extends Protocol implements IHalfCloseableProtocol {
            @Override
            public void readConnectionLost() {
                events.add("readConnectionLost");
            }

            @Override
            public void writeConnectionLost() {
                events.add("writeConnectionLost");
            }

            @Override
            public void dataReceived(byte[] data) {
                events.add(new String(data, US_ASCII));
            }
        }
        Deferred<Half> d = Endpoints.clientFromString(reactor, "tcp:host=127.0.0.1:port=4000")
                .connectProtocol(new Half());
        IProtocol built = reactor.tcpClients().get(0).factory().buildProtocol(IPv4Address.tcp("127.0.0.1", 4000));
        built.makeConnection(new StringTransport());

        assertThat(built).isInstanceOf(IHalfCloseableProtocol.class);
        built.dataReceived("hi".getBytes(US_ASCII));
        ((IHalfCloseableProtocol) built).readConnectionLost();
        ((IHalfCloseableProtocol) built).writeConnectionLost();
        assertThat(events).containsExactly("hi", "readConnectionLost", "writeConnectionLost");
        assertThat(successResultOf(d)).isInstanceOf(Half.class);
    }

    /** Twisted's idiom: a subclass that only sets its protocol retries on the reactor it connected with. */
    @Test
    void aReconnectingClientFactoryWithoutAClockRetriesOnTheMemoryReactorClock() {
        final class F extends ReconnectingClientFactory {
            F() {
                setProtocol(Protocol::new);
            }
        }
        MemoryReactorClock reactor = new MemoryReactorClock();
        F factory = new F();
        reactor.connectTCP("127.0.0.1", 4000, factory);

        new ConnectionCompleter(reactor).failOnce(new Failure(new dev.weft.internet.ConnectionRefusedError()));

        assertThat(reactor.getDelayedCalls()).hasSize(1);
        assertThat(factory.retries()).isEqualTo(1);
    }

    @Test
    void forProtocolOnReconnectingClientFactoryBuildsOneThatRetries() {
        MemoryReactorClock reactor = new MemoryReactorClock();
        ReconnectingClientFactory factory = ReconnectingClientFactory.forProtocol(Protocol::new);
        reactor.connectTCP("127.0.0.1", 4000, factory);

        new ConnectionCompleter(reactor).failOnce();

        assertThat(reactor.getDelayedCalls()).hasSize(1);
    }
}
