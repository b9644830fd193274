package dev.weft.internet.readme;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.application.ClientService;
import dev.weft.defer.CancelledError;
import dev.weft.defer.Deferred;
import dev.weft.defer.Failure;
import dev.weft.internet.ClientFactory;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.ConnectionRefusedError;
import dev.weft.internet.IAddress;
import dev.weft.internet.IConnector;
import dev.weft.internet.IDelayedCall;
import dev.weft.internet.IHalfCloseableProtocol;
import dev.weft.internet.IProtocol;
import dev.weft.internet.IPullProducer;
import dev.weft.internet.IPushProducer;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.IReactorTime;
import dev.weft.internet.ITCPTransport;
import dev.weft.internet.ITransport;
import dev.weft.internet.Protocol;
import dev.weft.internet.ReconnectingClientFactory;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.endpoints.IStreamClientEndpoint;
import dev.weft.internet.task.Clock;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The examples of weft-core's README.md, run, and a check that each Java block of that README is code of this class. */
final class CoreReadmeExampleTest {

    @Test
    void cancellingRunsTheCancellerThenTheErrorPath() {
        List<String> seen = new ArrayList<>();
        Deferred<String> reply = new Deferred<>(d -> seen.add("canceller: stop the work")); // runs on cancel()
        reply.addCallback(String::length)
                .addErrback(f -> {
                    f.trap(CancelledError.class); // any other failure goes on down the error path
                    seen.add("cancelled");
                    return -1; // recovered: the next callback gets -1
                })
                .addCallback(n -> seen.add("length " + n));
        reply.cancel(); // nobody fired it: the canceller runs, then the chain gets a CancelledError
        // seen == ["canceller: stop the work", "cancelled", "length -1"]

        assertThat(seen).containsExactly("canceller: stop the work", "cancelled", "length -1");
    }

    /**
     * Echoes, and closes the connection once the peer has sent nothing for {@code idle} seconds; aborts it if the
     * peer has not taken what was written 10 seconds later.
     */
    static final class IdleEcho extends Protocol {
        private static final double GRACE = 10;
        private final IReactorTime clock;
        private final double idle;
        private @Nullable IDelayedCall timer;

        IdleEcho(IReactorTime clock, double idle) {
            this.clock = clock;
            this.idle = idle;
        }

        @Override
        public void connectionMade() {
            timer = clock.callLater(idle, this::closeIdle);
        }

        private void closeIdle() {
            transport().loseConnection(); // waits until the bytes written are sent: a peer that stopped reading
            timer = clock.callLater(GRACE, () -> transport().abortConnection()); // holds it open, so drop them
        }

        @Override
        public void dataReceived(byte[] data) {
            if (timer != null && timer.active()) {
                timer.reset(idle); // the peer spoke: wait idle seconds again, from now
            }
            transport().write(data);
        }

        @Override
        public void connectionLost(Failure reason) {
            if (timer != null && timer.active()) {
                timer.cancel(); // no timer outlives its connection
            }
        }
    }

    @Test
    void theClockComesThroughTheFactory() {
        IReactorTime reactor = new Clock(); // in a program: the NioReactor
        ServerFactory factory = ServerFactory.forProtocol(() -> new IdleEcho(reactor, 30)); // one per connection
        Wire wire = new Wire();
        IdleEcho echo = (IdleEcho) factory.buildProtocol(wire.getPeer());
        echo.makeConnection(wire);

        Clock clock = (Clock) reactor;
        clock.advance(20);
        echo.dataReceived("hi".getBytes(US_ASCII));
        clock.advance(20); // 40 s after the start, 20 s after the peer spoke
        assertThat(wire.closed).isFalse();
        clock.advance(10);
        assertThat(wire.closed).isTrue();
        assertThat(wire.bytes.toString(US_ASCII)).isEqualTo("hi");
        clock.advance(9.9); // the Wire never reports the loss: a peer that does not read
        assertThat(wire.aborted).isFalse();
        clock.advance(0.1);
        assertThat(wire.aborted).isTrue();

        IdleEcho other = (IdleEcho) factory.buildProtocol(wire.getPeer());
        other.makeConnection(new Wire());
        other.connectionLost(new Failure(new ConnectionDone()));
        assertThat(clock.getDelayedCalls()).isEmpty();
    }

    /** Counts the bytes the peer sends and, once it has sent everything (half-closed), answers with the count. */
    static final class Count extends Protocol implements IHalfCloseableProtocol {
        private long bytes;

        @Override
        public void dataReceived(byte[] data) {
            bytes += data.length;
        }

        @Override
        public void readConnectionLost() { // the peer's end of input; it still reads what this side writes
            transport().write((bytes + "\n").getBytes(US_ASCII));
            transport().loseConnection(); // a half-closeable protocol closes the connection itself
        }

        @Override
        public void writeConnectionLost() {}
    }

    @Test
    void aHalfCloseableProtocolAnswersAfterThePeersEnd() {
        Wire wire = new Wire();
        Count count = new Count();
        count.makeConnection(wire);

        count.dataReceived(new byte[3]);
        count.dataReceived(new byte[4]);
        assertThat(wire.bytes.size()).isZero();
        count.readConnectionLost(); // what a transport calls at the peer's half-close

        assertThat(wire.bytes.toString(US_ASCII)).isEqualTo("7\n");
        assertThat(wire.closed).isTrue();
    }

    /** Writes {@code total} zero bytes in 16 KiB pieces, as fast as the transport takes them (Netty: while writable). */
    static final class Zeros implements IPushProducer {
        private final ITransport transport;
        private long left;
        private boolean paused;

        Zeros(ITransport transport, long total) {
            this.transport = transport;
            this.left = total;
        }

        void start() {
            transport.registerProducer(this); // streaming: the transport pauses and resumes it
            resumeProducing();
        }

        @Override
        public void resumeProducing() {
            paused = false;
            while (!paused && left > 0) {
                int n = (int) Math.min(left, 16 * 1024);
                left -= n;
                transport.write(new byte[n]); // past the high-water mark, this calls pauseProducing()
            }
            if (left == 0) {
                transport.unregisterProducer();
                transport.loseConnection(); // after the bytes written so far
            }
        }

        @Override
        public void pauseProducing() {
            paused = true;
        }

        @Override
        public void stopProducing() { // the connection is going: produce no more
            left = 0;
            paused = true;
        }
    }

    @Test
    void aPushProducerWritesUntilPausedAndFinishesAfterTheDrains() {
        Wire wire = new Wire();
        new Zeros(wire, 200_000).start();
        assertThat(wire.bytes.size()).isEqualTo(5 * 16 * 1024); // 81,920 > 65,536: paused
        wire.drain();
        assertThat(wire.bytes.size()).isEqualTo(10 * 16 * 1024);
        assertThat(wire.closed).isFalse();
        wire.drain();
        assertThat(wire.bytes.size()).isEqualTo(200_000);
        assertThat(wire.producer).isNull();
        assertThat(wire.closed).isTrue();
    }

    /** Twisted's {@code class Reconnecting(ReconnectingClientFactory): protocol = Protocol}. */
    static final class Reconnecting extends ReconnectingClientFactory {
        Reconnecting() {
            setProtocol(Protocol::new); // no clock: it retries on the reactor it connects with
        }
    }

    @Test
    void aReconnectingSubclassWithoutAClockRetriesOnTheConnectorsReactor() {
        Clock reactor = new Clock();
        List<String> attempts = new ArrayList<>();
        IConnector connector = new IConnector() {
            @Override
            public void stopConnecting() {}

            @Override
            public void disconnect() {}

            @Override
            public void connect() {
                attempts.add("connect");
            }

            @Override
            public IAddress getDestination() {
                return IPv4Address.tcp("127.0.0.1", 8000);
            }

            @Override
            public IReactorTime reactorTime() {
                return reactor;
            }
        };
        Reconnecting factory = new Reconnecting();

        factory.clientConnectionFailed(connector, new Failure(new ConnectionRefusedError()));
        reactor.advance(10);

        assertThat(attempts).containsExactly("connect");
    }

    /** Says hello on every connection the service makes. */
    static final class Greeter extends Protocol {
        Greeter greet(String name) {
            transport().write(("HELLO " + name + "\n").getBytes(US_ASCII));
            return this;
        }
    }

    @Test
    void aClientServiceHandsOutTheProtocolAndStopsOnceTheConnectionIsClosed() {
        Clock reactor = new Clock();
        Wire wire = new Wire();
        List<IProtocol> seenByTheTransport = new ArrayList<>();
        IStreamClientEndpoint endpoint = factory -> { // connects at once, as a memory reactor's completer would
            IProtocol p = factory.buildProtocol(IPv4Address.tcp("127.0.0.1", 6667));
            seenByTheTransport.add(p);
            p.makeConnection(wire);
            return Deferred.succeed(p);
        };

        ClientService service = new ClientService(endpoint, ClientFactory.forProtocol(Greeter::new), reactor);
        service.startService(); // connects now, and again whenever an attempt fails or the connection is lost
        service.whenConnected().addCallback(p -> ((Greeter) p).greet("weft")); // the protocol, once connected
        Deferred<@Nullable Void> stopped = service.stopService(); // fires once the connection is closed

        assertThat(wire.bytes.toString(US_ASCII)).isEqualTo("HELLO weft\n");
        assertThat(wire.closed).isTrue();
        assertThat(stopped.isCalled()).isFalse();
        seenByTheTransport.get(0).connectionLost(new Failure(new ConnectionDone()));
        assertThat(stopped.isCalled()).isTrue();
        assertThat(service.state()).isEqualTo(ClientService.State.STOPPED);
    }

    @Test
    void everyJavaBlockOfTheReadmeIsCodeOfThisClass() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String code = normalize(
                Files.readString(Path.of("src/test/java/dev/weft/internet/readme/CoreReadmeExampleTest.java")));
        Matcher block = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        int blocks = 0;
        while (block.find()) {
            blocks++;
            assertThat(code)
                    .as("Java block %d of weft-core/README.md must be code of CoreReadmeExampleTest", blocks)
                    .contains(normalize(block.group(1)));
        }
        assertThat(blocks).as("Java blocks in weft-core/README.md").isEqualTo(7);
    }

    /** Drops indentation and blank lines, so the README may indent its blocks differently. */
    private static String normalize(String code) {
        StringBuilder out = new StringBuilder();
        for (String line : code.split("\n")) {
            if (!line.isBlank()) {
                out.append(line.strip()).append('\n');
            }
        }
        return out.toString();
    }

    /**
     * A transport for these examples: keeps the bytes written, and pauses a push producer once more than 65,536 bytes
     * wait, as the reactor's transport does, until {@link #drain()}.
     */
    static final class Wire implements ITCPTransport {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Nullable
        IPushProducer producer;

        boolean closed;
        boolean aborted;
        private int waiting;

        /** Sends what waits: a producer paused for the buffer resumes. */
        void drain() {
            boolean wasOver = waiting > 65_536;
            waiting = 0;
            if (wasOver && producer != null) {
                producer.resumeProducing();
            }
        }

        @Override
        public void write(byte[] data) {
            if (closed) {
                return;
            }
            bytes.writeBytes(data);
            waiting += data.length;
            if (waiting > 65_536 && producer != null) {
                producer.pauseProducing();
            }
        }

        @Override
        public void writeSequence(Iterable<byte[]> data) {
            data.forEach(this::write);
        }

        @Override
        public void loseConnection() {
            closed = true;
        }

        @Override
        public void abortConnection() {
            closed = true;
            aborted = true;
        }

        @Override
        public void loseWriteConnection() {}

        @Override
        public IAddress getPeer() {
            return IPv4Address.tcp("192.168.1.1", 54321);
        }

        @Override
        public IAddress getHost() {
            return IPv4Address.tcp("10.0.0.1", 12345);
        }

        @Override
        public void registerProducer(IPushProducer producer) {
            this.producer = producer;
        }

        @Override
        public void registerProducer(IPullProducer producer) {
            throw new UnsupportedOperationException("these examples register push producers only");
        }

        @Override
        public void unregisterProducer() {
            producer = null;
        }

        @Override
        public boolean getTcpNoDelay() {
            return false;
        }

        @Override
        public void setTcpNoDelay(boolean enabled) {}

        @Override
        public boolean getTcpKeepAlive() {
            return false;
        }

        @Override
        public void setTcpKeepAlive(boolean enabled) {}
    }
}
