package dev.weft.protocols.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Failure;
import dev.weft.internet.ClientFactory;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.nio.NioReactor;
import dev.weft.internet.nio.ReactorThread;
import dev.weft.internet.testing.Split;
import dev.weft.internet.testing.StringTransport;
import dev.weft.internet.testing.TestCertificate;
import java.net.Socket;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A JDK engine that signs its handshake with a key that does not belong to its certificate (weft's own
 * options refuse such a pair, so the test builds the engine itself): the end that checks the signature
 * fails with {@link TLSErrorKind#BAD_SIGNATURE}, the failure OpenSSL reports with {@code decrypt_error}.
 * The JDK sends {@code handshake_failure} for it, which the signing end names as such, with the key
 * check in its hint. Every flight is cut as each split says, and the alert at every boundary; then once
 * over the reactor.
 */
class TLSDecryptErrorTest {
    /** A client or server engine presenting {@code shown}'s chain but signing with {@code signing}'s key. */
    static TLSConnectionCreator mismatched(
            boolean client, TestCertificate shown, TestCertificate signing, String version) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(new KeyManager[] {new WrongKey(shown.chain(), signing.key())}, trustingTheCa(), null);
        return peer -> {
            SSLEngine e = context.createSSLEngine("example.test", 443);
            e.setUseClientMode(client);
            SSLParameters p = e.getSSLParameters();
            p.setProtocols(new String[] {version});
            if (client) {
                p.setEndpointIdentificationAlgorithm("HTTPS");
            } else {
                p.setNeedClientAuth(false);
            }
            e.setSSLParameters(p);
            return e;
        };
    }

    private static javax.net.ssl.TrustManager[] trustingTheCa() throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setCertificateEntry("ca", Tls.CA.caCertificate());
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init(store);
        return f.getTrustManagers();
    }

    /** Offers one chain, with a private key of the same type that is not its certificate's. */
    private static final class WrongKey extends X509ExtendedKeyManager {
        private final List<X509Certificate> chain;
        private final PrivateKey key;

        WrongKey(List<X509Certificate> chain, PrivateKey key) {
            this.chain = chain;
            this.key = key;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {"id"};
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return "id";
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return "id";
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return new String[] {"id"};
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return "id";
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return "id";
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return chain.toArray(new X509Certificate[0]);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return key;
        }
    }

    /**
     * Two TLS ends over StringTransports: {@code signer} signs with the wrong key, {@code checker} checks
     * its signature; the test moves the bytes.
     */
    private static final class Wire {
        final Peer signer = new Peer();
        final Peer checker = new Peer();
        final StringTransport signerIO = new StringTransport();
        final StringTransport checkerIO = new StringTransport();
        final TLSMemoryBIOProtocol signerTls;
        final TLSMemoryBIOProtocol checkerTls;
        final boolean signerIsClient;

        Wire(boolean signerIsClient, String version) throws Exception {
            this.signerIsClient = signerIsClient;
            TLSConnectionCreator checkerOptions = signerIsClient
                    ? Tls.server()
                            .withProtocols(version)
                            .withClientCertificates(ClientAuth.REQUIRE, TrustRoots.of(Tls.CA.caCertificate()))
                    : Tls.client().withProtocols(version);
            TestCertificate shown = signerIsClient ? Tls.CLIENT : Tls.SERVER;
            TestCertificate signing = signerIsClient ? Tls.SERVER : Tls.CLIENT;
            signerTls = new TLSMemoryBIOProtocol(mismatched(signerIsClient, shown, signing, version), signer);
            checkerTls = new TLSMemoryBIOProtocol(checkerOptions, checker);
            if (signerIsClient) {
                checkerTls.makeConnection(checkerIO);
                signerTls.makeConnection(signerIO);
            } else {
                signerTls.makeConnection(signerIO);
                checkerTls.makeConnection(checkerIO);
            }
        }

        static byte[] take(StringTransport t) {
            byte[] b = t.value();
            t.clear();
            return b;
        }

        /**
         * Moves each end's bytes to the other, cut as {@code split} says, until the checker fails; returns
         * what it wrote last (its alert), not delivered.
         */
        byte[] untilTheCheckerFails(Split split) {
            for (int i = 0; i < 20; i++) {
                move(split, take(signerIO), checkerTls);
                if (checkerIO.isDisconnecting()) {
                    return take(checkerIO);
                }
                move(split, take(checkerIO), signerTls);
                assertThat(signerIO.isDisconnecting())
                        .as(split + ": the signer closed before the checker failed")
                        .isFalse();
            }
            throw new AssertionError(split + ": the checker never failed");
        }

        private static void move(Split split, byte[] bytes, TLSMemoryBIOProtocol to) {
            if (bytes.length > 0) {
                split.pieces(bytes).forEach(to::dataReceived);
            }
        }

        /** Ends both transports, as the pump would once TLS closed them; returns the reasons, checker first. */
        List<TLSError> lose() {
            checkerTls.connectionLost(new Failure(new ConnectionDone()));
            signerTls.connectionLost(new Failure(new ConnectionDone()));
            assertThat(checker.reason).isNotNull();
            assertThat(signer.reason).isNotNull();
            return List.of((TLSError) checker.reason.value(), (TLSError) signer.reason.value());
        }
    }

    /**
     * The checker names the bad signature; the signer names the checker's alert, which a JDK checker makes a
     * {@code handshake_failure} (OpenSSL's {@code decrypt_error} is {@code TLSPlaintextAlertTest}'s and
     * {@code OpensslDecryptErrorTest}'s).
     */
    static void assertNamed(TLSError checker, TLSError signer, String where) {
        assertThat(checker.kind()).as(where + ": " + checker.getMessage()).isEqualTo(TLSErrorKind.BAD_SIGNATURE);
        assertThat(checker.fromPeer()).as(where).isFalse();
        assertThat(checker.getMessage())
                .as(where)
                .contains("a signature in the peer's handshake does not verify")
                .contains("check that the peer's private key and certificate are a pair");
        assertThat(signer.kind()).as(where + ": " + signer.getMessage()).isEqualTo(TLSErrorKind.NO_SHARED_CIPHER);
        assertThat(signer.fromPeer()).as(where).isTrue();
        assertThat(signer.getMessage())
                .as(where)
                .contains("cannot verify this end's handshake signature")
                .contains("check that this end's private key belongs to its certificate")
                .contains("Received fatal alert: handshake_failure");
    }

    private static List<Split> flightSplits() {
        return List.of(
                Split.whole(),
                Split.oneByteAtATime(),
                Split.every(2),
                Split.every(7),
                Split.every(100),
                Split.at(5),
                Split.random(1),
                Split.random(2, 50));
    }

    @ParameterizedTest
    @CsvSource({"true, TLSv1.3", "true, TLSv1.2", "false, TLSv1.3", "false, TLSv1.2"})
    void aHandshakeSignedWithTheWrongKeyIsBadSignatureWithEveryFlightSplit(boolean signerIsClient, String version)
            throws Exception {
        for (Split split : flightSplits()) {
            Wire w = new Wire(signerIsClient, version);
            byte[] alert = w.untilTheCheckerFails(split);
            if (version.equals("TLSv1.2")) {
                // Before the checker's ChangeCipherSpec: unencrypted, fatal handshake_failure (the JDK's choice).
                assertThat(alert).as(split.toString()).containsExactly(0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 40);
            }
            split.pieces(alert).forEach(w.signerTls::dataReceived);
            assertThat(w.signerIO.isDisconnecting()).as(split.toString()).isTrue();
            List<TLSError> reasons = w.lose();
            assertNamed(reasons.get(0), reasons.get(1), signerIsClient + " " + version + " " + split);
            assertThat(w.checker.handshakes).as("the checker never completes").isZero();
        }
    }

    @ParameterizedTest
    @CsvSource({"true, TLSv1.3", "true, TLSv1.2", "false, TLSv1.3", "false, TLSv1.2"})
    void theCheckersAlertIsNamedWhenCutAtEveryBoundary(boolean signerIsClient, String version) throws Exception {
        int length = new Wire(signerIsClient, version).untilTheCheckerFails(Split.whole()).length;
        List<Split> splits = new ArrayList<>(List.of(Split.whole(), Split.oneByteAtATime()));
        for (int at = 1; at < length; at++) {
            splits.add(Split.at(at));
        }
        for (Split split : splits) {
            Wire w = new Wire(signerIsClient, version);
            byte[] alert = w.untilTheCheckerFails(Split.whole());
            assertThat(alert).hasSize(length);
            split.pieces(alert).forEach(w.signerTls::dataReceived);
            assertThat(w.signerIO.isDisconnecting()).as(split.toString()).isTrue();
            List<TLSError> reasons = w.lose();
            assertNamed(reasons.get(0), reasons.get(1), signerIsClient + " " + version + " alert " + split);
        }
    }

    /** A Peer that completes a future with its loss (the reactor thread calls it). */
    static final class Ending extends Peer {
        final CompletableFuture<Failure> lost = new CompletableFuture<>();

        @Override
        public void connectionLost(Failure r) {
            super.connectionLost(r);
            lost.complete(r);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void overTheReactorAClientSigningWithTheWrongKeyIsBadSignatureAtTheServer(String version) throws Exception {
        TLSServerOptions serverOptions = Tls.server()
                .withProtocols(version)
                .withClientCertificates(ClientAuth.REQUIRE, TrustRoots.of(Tls.CA.caCertificate()));
        TLSConnectionCreator clientOptions = mismatched(true, Tls.CLIENT, Tls.SERVER, version);
        Ending server = new Ending();
        Ending client = new Ending();
        try (ReactorThread rt = ReactorThread.start()) {
            NioReactor r = rt.reactor();
            IListeningPort port = rt.call(() -> r.listenTCP(
                    0,
                    new TLSMemoryBIOFactory(
                                    serverOptions,
                                    ServerFactory.forProtocol(() -> server),
                                    DelegatedTasks.offReactor(r))
                            .withClock(r),
                    50,
                    "127.0.0.1"));
            int number = ((IPv4Address) port.getHost()).port();
            rt.call(() -> r.connectTCP(
                    "127.0.0.1",
                    number,
                    new TLSMemoryBIOFactory(
                                    clientOptions,
                                    ClientFactory.forProtocol(() -> client),
                                    DelegatedTasks.offReactor(r))
                            .withClock(r),
                    30,
                    null));
            TLSError checker = (TLSError) server.lost.get(60, TimeUnit.SECONDS).value();
            TLSError signer = (TLSError) client.lost.get(60, TimeUnit.SECONDS).value();
            assertNamed(checker, signer, version + " over the reactor");
            assertThat(server.handshakes).isZero();
        }
    }
}
