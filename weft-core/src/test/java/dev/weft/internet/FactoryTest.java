package dev.weft.internet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.defer.Failure;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

final class FactoryTest {
    private static final IAddress ADDR = IPv4Address.tcp("127.0.0.1", 4321);

    /** Counts its start and stop hooks. */
    private static final class CountingFactory extends Factory {
        final String config;
        int started;
        int stopped;

        CountingFactory(String config) {
            this.config = config;
        }

        @Override
        protected void startFactory() {
            started++;
        }

        @Override
        protected void stopFactory() {
            stopped++;
        }
    }

    /** Invariant 3. */
    @Test
    void buildProtocolCallsTheSupplierAndSetsTheProtocolsFactory() {
        List<Protocol> built = new ArrayList<>();
        Factory f = Factory.forProtocol(() -> {
            Protocol p = new Protocol();
            built.add(p);
            return p;
        });

        IProtocol p = f.buildProtocol(ADDR);

        assertThat(built).containsExactly((Protocol) p);
        assertThat(((Protocol) p).factory()).isSameAs(f);
    }

    @Test
    void buildProtocolMakesANewProtocolEachTime() {
        Factory f = Factory.forProtocol(Protocol::new);

        assertThat(f.buildProtocol(ADDR)).isNotSameAs(f.buildProtocol(IPv4Address.tcp("10.1.1.1", 1)));
    }

    /** Invariant 3. */
    @Test
    void buildProtocolWithoutASupplierThrowsIllegalStateException() {
        Factory f = new Factory();

        assertThatThrownBy(() -> f.buildProtocol(ADDR))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("dev.weft.internet.Factory")
                .hasMessageContaining("forProtocol");
    }

    @Test
    void buildProtocolReturnsAPlainIProtocolWithoutTouchingIt() {
        IProtocol plain = new IProtocol() {
            @Override
            public void makeConnection(ITransport transport) {}

            @Override
            public void connectionMade() {}

            @Override
            public void dataReceived(byte[] data) {}

            @Override
            public void connectionLost(Failure reason) {}
        };
        Factory f = Factory.forProtocol(() -> plain);

        assertThat(f.buildProtocol(ADDR)).isSameAs(plain);
    }

    /** Invariant 4. */
    @Test
    void forProtocolCreatesTheFactoryWithItsArgumentsAndSetsTheProtocol() {
        CountingFactory f = Factory.forProtocol(() -> new CountingFactory("from-args"), Protocol::new);

        assertThat(f.config).isEqualTo("from-args");
        assertThat(f.protocol()).isNotNull();
        assertThat(f.buildProtocol(ADDR)).isInstanceOf(Protocol.class);
    }

    @Test
    void forProtocolOnSubclassesReturnsTheSubclass() {
        ServerFactory server = ServerFactory.forProtocol(Protocol::new);
        ClientFactory client = ClientFactory.forProtocol(Protocol::new);

        assertThat(((Protocol) server.buildProtocol(ADDR)).factory()).isSameAs(server);
        assertThat(((Protocol) client.buildProtocol(ADDR)).factory()).isSameAs(client);
    }

    /** Invariant 5. */
    @Test
    void doStartCallsStartFactoryOnlyWhenTheFirstPortStarts() {
        CountingFactory f = new CountingFactory("");

        f.doStart();
        f.doStart();
        f.doStart();

        assertThat(f.started).isEqualTo(1);
        assertThat(f.numPorts()).isEqualTo(3);
    }

    /** Invariant 5. */
    @Test
    void doStopCallsStopFactoryOnlyWhenTheLastPortStops() {
        CountingFactory f = new CountingFactory("");
        f.doStart();
        f.doStart();

        f.doStop();
        assertThat(f.stopped).isZero();
        f.doStop();

        assertThat(f.stopped).isEqualTo(1);
        assertThat(f.numPorts()).isZero();
    }

    /** Invariant 5. */
    @Test
    void doStopWithNoPortsIsASilentNoOp() {
        CountingFactory f = new CountingFactory("");

        f.doStop();

        assertThat(f.stopped).isZero();
        assertThat(f.numPorts()).isZero();
    }

    @Test
    void startsAgainAfterStopping() {
        CountingFactory f = new CountingFactory("");
        f.doStart();
        f.doStop();

        f.doStart();

        assertThat(f.started).isEqualTo(2);
        assertThat(f.stopped).isEqualTo(1);
    }

    /** Invariant 5, over any sequence of starts and stops. */
    @Property
    void startAndStopHooksRunExactlyOnTheZeroCrossings(@ForAll List<Boolean> starts) {
        CountingFactory f = new CountingFactory("");
        f.setNoisy(false); // a thousand tries of start/stop log lines would cost seconds and check nothing here
        int ports = 0;
        int expectedStarts = 0;
        int expectedStops = 0;
        for (boolean start : starts) {
            if (start) {
                f.doStart();
                expectedStarts += ports == 0 ? 1 : 0;
                ports++;
            } else {
                f.doStop();
                expectedStops += ports == 1 ? 1 : 0;
                ports = Math.max(0, ports - 1);
            }
        }
        assertThat(f.numPorts()).isEqualTo(ports);
        assertThat(f.started).isEqualTo(expectedStarts);
        assertThat(f.stopped).isEqualTo(expectedStops);
    }

    @Test
    void isNoisyByDefaultAndCanBeSilenced() {
        Factory f = new Factory();

        assertThat(f.isNoisy()).isTrue();
        f.setNoisy(false);
        assertThat(f.isNoisy()).isFalse();
    }

    /** Keeps the records of the factory logger while it is open. */
    private static final class FactoryLog extends Handler implements AutoCloseable {
        private final Logger logger = Logger.getLogger(Factory.class.getName());
        final List<String> lines = new CopyOnWriteArrayList<>();

        FactoryLog() {
            setLevel(Level.ALL);
            logger.addHandler(this);
        }

        @Override
        public void publish(LogRecord record) {
            lines.add(record.getLevel() + " " + MessageFormat.format(record.getMessage(), record.getParameters()));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {
            logger.removeHandler(this);
        }
    }

    @Test
    void aNoisyFactoryLogsItsFirstStartAndLastStopAtInfo() {
        Factory f = new Factory();
        try (FactoryLog log = new FactoryLog()) {
            f.doStart();
            f.doStart();
            f.doStop();
            f.doStop();
            assertThat(log.lines).containsExactly("INFO Starting factory " + f, "INFO Stopping factory " + f);
        }
    }

    @Test
    void aQuietFactoryLogsNothing() {
        Factory f = new Factory();
        f.setNoisy(false);
        try (FactoryLog log = new FactoryLog()) {
            f.doStart();
            f.doStop();
            assertThat(log.lines).isEmpty();
        }
    }

    @Test
    void aSubclassThatOverridesIsNoisyIsQuietAsATwistedSubclassWithNoisyFalse() {
        Factory f = new Factory() {
            @Override
            public boolean isNoisy() {
                return false;
            }
        };
        try (FactoryLog log = new FactoryLog()) {
            f.doStart();
            f.doStop();
            assertThat(log.lines).isEmpty();
        }
    }

    @Test
    void logPrefixIsTheSimpleClassName() {
        assertThat(new ClientFactory().logPrefix()).isEqualTo("ClientFactory");
    }

    @Test
    void clientFactoryHooksDoNothingByDefault() {
        ClientFactory f = new ClientFactory();
        RecordingConnector c = new RecordingConnector(IPv4Address.tcp("127.0.0.1", 1));

        f.startedConnecting(c);
        f.clientConnectionFailed(c, new Failure(new ConnectionRefusedError()));
        f.clientConnectionLost(c, new Failure(new ConnectionDone()));

        assertThat(c.events).isEmpty();
    }
}
