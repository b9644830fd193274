package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Deferred;
import dev.weft.internet.IProtocol;
import dev.weft.internet.IProtocolFactory;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.endpoints.IStreamClientEndpoint;
import dev.weft.internet.task.Clock;
import dev.weft.internet.testing.Faults;
import dev.weft.internet.testing.StringTransport;
import dev.weft.internet.testing.capture.CaptureRecord;
import dev.weft.internet.testing.capture.CloseRecord;
import dev.weft.internet.testing.capture.ConnectedRecord;
import dev.weft.internet.testing.capture.DataRecord;
import dev.weft.internet.testing.capture.FaultRecord;
import dev.weft.internet.testing.capture.HalfCloseRecord;
import dev.weft.internet.testing.capture.OpenRecord;
import dev.weft.internet.testing.capture.Side;
import dev.weft.protocols.tls.TLSClientOptions;
import dev.weft.protocols.tls.TLSMemoryBIOProtocol;
import dev.weft.protocols.tls.TLSServerOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.io.TempDir;

/** What the TapConnection tests share: a tap over string transports with a stand-in endpoint, and record outlines. */
abstract class TapConnectionTestBase {
    static final IPv4Address CLIENT = IPv4Address.tcp("127.0.0.1", 50000);
    static final IPv4Address LISTENER = IPv4Address.tcp("127.0.0.1", 9001);
    static final IPv4Address SERVER = IPv4Address.tcp("127.0.0.1", 7000);
    static final IPv4Address LOCAL = IPv4Address.tcp("127.0.0.1", 40000);

    @TempDir
    Path dir;

    /** One tap with one connection whose server side the test completes by hand. */
    final class Harness {
        final CaptureLog log = CaptureLog.open(dir.resolve("t" + System.nanoTime() + ".weftcap"), false, e -> {});
        final List<TapConnection> finished = new ArrayList<>();
        final StringTransport clientTransport = new StringTransport(LISTENER, CLIENT);
        final StringTransport serverTransport = new StringTransport(LOCAL, SERVER);
        IProtocolFactory serverFactory;
        Deferred<IProtocol> connecting;
        final Tap tap;
        final TapLeg client;
        TapLeg server;

        Harness() {
            this(null, null);
        }

        /** A harness whose tap applies {@code faults} on {@code clock}'s timers. */
        Harness(@Nullable String faults, @Nullable Clock clock) {
            this(faults, clock, 0);
        }

        /** A harness whose tap applies {@code faults} and gives up connecting after {@code connectTimeoutNanos}. */
        Harness(@Nullable String faults, @Nullable Clock clock, long connectTimeoutNanos) {
            this(faults, clock, connectTimeoutNanos, 0, null);
        }

        /**
         * A harness whose tap also cuts a connection idle for {@code idleTimeoutNanos}, and whose client leg is TLS
         * (an {@code ssl:} listener) when {@code clientTls} is given.
         */
        Harness(
                @Nullable String faults,
                @Nullable Clock clock,
                long connectTimeoutNanos,
                long idleTimeoutNanos,
                @Nullable TLSServerOptions clientTls) {
            IStreamClientEndpoint endpoint = factory -> {
                serverFactory = factory;
                connecting = new Deferred<>();
                return connecting;
            };
            tap = new Tap(endpoint, "tcp:host=127.0.0.1:port=7000", log, finished::add);
            if (faults != null && clock != null) {
                tap.setFaults(Faults.parse(faults), clock);
            }
            if (connectTimeoutNanos > 0 && clock != null) {
                tap.setConnectTimeout(connectTimeoutNanos, clock);
            }
            if (idleTimeoutNanos > 0 && clock != null) {
                tap.setIdleTimeout(idleTimeoutNanos, clock);
            }
            client = (TapLeg) tap.factory().buildProtocol(CLIENT);
            if (clientTls == null) {
                client.makeConnection(clientTransport);
                this.clientTls = null;
            } else {
                this.clientTls = new TLSMemoryBIOProtocol(clientTls, client);
                this.clientTls.makeConnection(clientTransport);
            }
        }

        /** The TLS layer of the client leg, or null for a plain one. */
        final @Nullable TLSMemoryBIOProtocol clientTls;

        TapLeg leg(Side side) {
            return side == Side.CLIENT ? client : server;
        }

        StringTransport transport(Side side) {
            return side == Side.CLIENT ? clientTransport : serverTransport;
        }

        void serverConnects() {
            server = (TapLeg) serverFactory.buildProtocol(SERVER);
            server.makeConnection(serverTransport);
            connecting.callback(server);
        }

        /** The server accepts TCP; its leg is TLS, as a tls: --to makes it, and sends its ClientHello. */
        TLSMemoryBIOProtocol serverConnectsOverTls(TLSClientOptions options) {
            server = (TapLeg) serverFactory.buildProtocol(SERVER);
            TLSMemoryBIOProtocol tls = new TLSMemoryBIOProtocol(options, server);
            tls.makeConnection(serverTransport);
            connecting.callback(server);
            return tls;
        }

        List<CaptureRecord> records() throws Exception {
            assertThat(log.close()).isNull();
            return TapCommandTest.records(log.path());
        }
    }

    /** Outlines each record: its type, direction or leg, byte count, kind, and a fault's whole text. */
    static List<String> outline(List<CaptureRecord> records) {
        return records.stream().map(TapConnectionTestBase::outline).toList();
    }

    static String outline(CaptureRecord r) {
        if (r instanceof OpenRecord) {
            return "open";
        } else if (r instanceof ConnectedRecord) {
            return "connected";
        } else if (r instanceof DataRecord d) {
            return "data " + d.from().arrow() + " " + d.bytes().length;
        } else if (r instanceof HalfCloseRecord hc) {
            return "half-close " + name(hc.from());
        } else if (r instanceof CloseRecord c) {
            return "close " + name(c.side()) + " " + c.kind().label() + (c.byTap() ? " by tap" : "");
        } else if (r instanceof FaultRecord f) {
            return "fault " + f.fault() + ": " + f.effect();
        }
        return r.toString();
    }

    static String name(Side side) {
        return side == Side.CLIENT ? "client" : "server";
    }
}
