package dev.weft.protocols.tls;

import dev.weft.internet.IProtocol;
import dev.weft.internet.testing.ConnectedPair;
import dev.weft.internet.testing.IOPump;
import dev.weft.internet.testing.TestCertificate;
import dev.weft.internet.testing.TestCertificates;
import java.util.function.Supplier;

/** Shared certificates and options for the TLS tests; issued once per test run (keys are slow). */
final class Tls {
    static final TestCertificates CA = TestCertificates.create();
    static final TestCertificate SERVER = CA.server("example.test", "127.0.0.1", "10.0.0.1");
    static final TestCertificate CLIENT = CA.client("client.example.test");
    static final TestCertificate EXPIRED = CA.expiredServer("example.test");
    static final TestCertificates OTHER_CA = TestCertificates.create();
    static final TestCertificate UNTRUSTED = OTHER_CA.server("example.test");

    private Tls() {}

    static KeyAndChain identity(TestCertificate c) {
        return new KeyAndChain(c.key(), c.chain());
    }

    static TLSServerOptions server() {
        return TLSServerOptions.of(identity(SERVER));
    }

    static TLSClientOptions client() {
        return TLSClientOptions.forHost("example.test").withTrustRoots(TrustRoots.of(CA.caCertificate()));
    }

    /** Connects a TLS client and server over an IOPump and flushes it (the handshake runs). */
    static <C extends IProtocol, S extends IProtocol> Pair<C, S> pair(
            TLSConnectionCreator clientOptions, C client, TLSConnectionCreator serverOptions, S server) {
        return pair(clientOptions, client, serverOptions, server, true);
    }

    static <C extends IProtocol, S extends IProtocol> Pair<C, S> pair(
            TLSConnectionCreator clientOptions, C client, TLSConnectionCreator serverOptions, S server, boolean flush) {
        TLSMemoryBIOProtocol c = new TLSMemoryBIOProtocol(clientOptions, client);
        TLSMemoryBIOProtocol s = new TLSMemoryBIOProtocol(serverOptions, server);
        Supplier<TLSMemoryBIOProtocol> cs = () -> c;
        Supplier<TLSMemoryBIOProtocol> ss = () -> s;
        ConnectedPair<TLSMemoryBIOProtocol, TLSMemoryBIOProtocol> p = IOPump.connectedServerAndClient(ss, cs, flush);
        return new Pair<>(client, server, c, s, p.pump());
    }

    record Pair<C, S>(
            C client, S server, TLSMemoryBIOProtocol clientTls, TLSMemoryBIOProtocol serverTls, IOPump pump) {}
}
