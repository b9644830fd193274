package dev.weft.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.protocols.tls.TrustRoots;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS in the real {@code ./weft} process: {@code ssl:} sinks and taps, {@code tls:} sends, {@code --self-signed}, {@code --pin}. */
final class TlsProcessTest {
    private static final Pattern FINGERPRINT = Pattern.compile("sha256 Fingerprint=([0-9A-F:]{95})");

    @TempDir
    Path dir;

    /** A sink on ssl: with key files, a send over tls: trusting that certificate: bytes exact, version and cipher named. */
    @Test
    void sinkOverSslTakesSendOverTlsByteExact() throws Exception {
        SelfSigned identity = SelfSigned.make(List.of());
        Path key = dir.resolve("key.pem");
        Path cert = dir.resolve("cert.pem");
        Files.writeString(key, pem("PRIVATE KEY", identity.identity().key().getEncoded()));
        Files.writeString(cert, pem("CERTIFICATE", identity.certificate().getEncoded()));
        byte[] payload = Clients.randomBytes(3 << 20, 12);
        Path input = dir.resolve("input.bin");
        Files.write(input, payload);
        Path out = dir.resolve("out");
        try (WeftProcess sink = WeftProcess.start(
                "sink",
                "--listen",
                "ssl:0:privateKey=" + key + ":certKey=" + cert,
                "--out",
                out.toString(),
                "--json",
                "--expect",
                "1")) {
            int port = sink.port();
            WeftProcess send = WeftProcess.run(
                    "send", "tls:host=localhost:port=" + port + ":trustRoots=" + cert, input.toString());
            assertThat(send.awaitExit()).as(send.err.text()).isZero();
            assertThat(send.err.text())
                    .matches("weft send: TLSv1\\.3 TLS_AES_\\S+, server certificate sha256 Fingerprint="
                            + identity.fingerprint() + "\n");
            assertThat(sink.awaitExit()).isZero();
            assertThat(sink.lines().get(0)).contains("\"endpoint\":\"ssl:" + port + ":interface=127.0.0.1\"");
            assertThat(sink.lines().get(1))
                    .contains("\"bytes\":" + payload.length, "\"closed\":\"clean\"", "\"tls_version\":\"TLSv1.3\"")
                    .containsPattern("\"tls_cipher\":\"TLS_AES_\\w+\"");
            try (Stream<Path> files = Files.list(out)) {
                Path saved = files.findFirst().orElseThrow();
                assertThat(Files.readAllBytes(saved)).isEqualTo(payload);
            }
        }
    }

    /**
     * Clients that resume a session and half-close right after writing send their Finished, data,
     * close_notify and FIN in one burst, often while the sink's engine still runs the ClientHello's
     * task: every one is still heard whole and clean (before, about one in eleven was "0 bytes, reset").
     */
    @Test
    void resumedClientsThatHalfCloseRightAfterWritingAreAllHeardWholeAndClean() throws Exception {
        int clients = 60;
        try (WeftProcess sink = WeftProcess.start(
                "sink", "--listen", "ssl:0", "--self-signed", "--expect", Integer.toString(clients))) {
            int port = sink.port();
            sink.err.awaitContains("Fingerprint=");
            SSLContext context = trustingAll();
            for (int i = 0; i < clients; i++) {
                try (SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
                    s.startHandshake();
                    s.getOutputStream().write("four".getBytes(US_ASCII));
                    finish(s);
                }
            }
            assertThat(sink.awaitExit()).isZero();
            List<String> reports =
                    sink.lines().stream().filter(l -> l.startsWith("#")).toList();
            assertThat(reports)
                    .hasSize(clients)
                    .allSatisfy(l -> assertThat(l).contains(" 4 bytes in ").containsPattern(" clean, TLSv1\\.3 TLS_"));
        }
    }

    /** --self-signed prints the fingerprint of the very certificate a TLS client receives; --pin trusts it, a wrong pin does not. */
    @Test
    void selfSignedPrintsTheFingerprintAClientSeesAndPinsWork() throws Exception {
        try (WeftProcess sink = WeftProcess.start("sink", "--listen", "ssl:0", "--self-signed", "--expect", "4")) {
            int port = sink.port();
            String printed = fingerprint(sink.err.awaitContains("Fingerprint="));
            assertThat(sink.err.text())
                    .startsWith(
                            "weft sink: self-signed certificate for localhost, 127.0.0.1, ::1: sha256 Fingerprint=");

            List<X509Certificate> seen = new ArrayList<>();
            try (SSLSocket s = connect(port, seen)) {
                s.startHandshake();
                s.getOutputStream().write("seen".getBytes(US_ASCII));
                finish(s);
            }
            assertThat(seen).hasSize(1);
            assertThat(TrustRoots.sha256Fingerprint(seen.get(0))).isEqualTo(printed);
            List<Object> names = new ArrayList<>();
            seen.get(0).getSubjectAlternativeNames().forEach(n -> names.add(n.get(1)));
            assertThat(names).contains("localhost", "127.0.0.1");

            WeftProcess pinned = WeftProcess.shell(
                    "printf pinned | ./weft send --pin sha256:" + printed + " tls:host=127.0.0.1:port=" + port);
            assertThat(pinned.awaitExit()).as(pinned.err.text()).isZero();

            WeftProcess json = WeftProcess.shell("printf json | ./weft send --json --pin " + printed.replace(":", "")
                    + " tls:host=localhost:port=" + port);
            assertThat(json.awaitExit()).as(json.err.text()).isZero();
            assertThat(json.out.text())
                    .contains("\"closed\":\"clean\"", "\"tls_version\":\"TLSv1.3\"")
                    .contains("\"peer_sha256_fingerprint\":\"" + printed + "\"");
            assertThat(json.err.text()).isEmpty();

            String wrong = "sha256:" + "AB".repeat(32);
            WeftProcess refused =
                    WeftProcess.shell("printf x | ./weft send --pin " + wrong + " tls:host=127.0.0.1:port=" + port);
            assertThat(refused.awaitExit()).isEqualTo(1);
            assertThat(refused.err.text())
                    .startsWith("weft send: TLS handshake failed (PIN_MISMATCH): ")
                    .contains("does not match the pinned sha256:AB:AB")
                    .hasLineCount(1);

            assertThat(sink.awaitExit()).isZero();
            List<String> lines = sink.lines();
            assertThat(lines.get(1)).contains(" 4 bytes in ").containsPattern(" clean, TLSv1\\.3 TLS_AES_\\w+$");
            assertThat(lines.get(2)).contains(" 6 bytes in ").contains(" clean, TLSv1.3 TLS_");
            assertThat(lines.get(3)).contains(" 4 bytes in ").contains(" clean, TLSv1.3 TLS_");
            assertThat(lines.get(4))
                    .contains(" 0 bytes in ")
                    .as("the client refused a pin, not a CA: the sink does not blame one")
                    .contains(" error: TLS handshake failed (CERTIFICATE_REJECTED): ")
                    .doesNotContain("unknown CA");
        }
    }

    /** A client speaking plaintext to an ssl: sink is closed with a one-line reason; an open TLS connection beside it goes on. */
    @Test
    void aBadHandshakeClosesOnlyThatConnection() throws Exception {
        try (WeftProcess sink =
                WeftProcess.start("sink", "--listen", "ssl:0", "--self-signed", "--expect", "2", "--json")) {
            int port = sink.port();
            try (SSLSocket good = connect(port, new ArrayList<>())) {
                good.startHandshake();
                good.getOutputStream().write("before ".getBytes(US_ASCII));
                good.getOutputStream().flush();
                try (Socket plain = new Socket()) {
                    plain.connect(new InetSocketAddress("127.0.0.1", port));
                    plain.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(US_ASCII));
                    InputStream in = plain.getInputStream();
                    while (in.read() >= 0) {
                        // the sink answers with a TLS alert and closes
                    }
                }
                sink.out.awaitContains("\"tls_error\":\"NOT_TLS\"");
                good.getOutputStream().write("and after".getBytes(US_ASCII));
                finish(good);
            }
            assertThat(sink.awaitExit()).isZero();
            List<String> lines = sink.lines();
            assertThat(lines.get(1))
                    .contains(
                            "\"bytes\":0", "\"closed\":\"error\"", "\"tls_version\":null", "\"tls_error\":\"NOT_TLS\"")
                    .contains("\"reason\":\"TLS handshake failed (NOT_TLS): TLS failed: the peer did not send TLS");
            assertThat(lines.get(2)).contains("\"bytes\":16", "\"closed\":\"clean\"", "\"tls_version\":\"TLSv1.3\"");
        }
    }

    /**
     * A tap terminating TLS on both legs records the plaintext and forwards it byte for byte; a
     * plaintext client of its ssl: port is reported with the TLS error kind, and its upstream leg reset.
     */
    @Test
    void tapWithTlsLegsRecordsThePlaintext() throws Exception {
        Path capture = dir.resolve("tls.weftcap");
        Path out = dir.resolve("out");
        try (WeftProcess sink = WeftProcess.start(
                "sink", "--listen", "ssl:0", "--self-signed", "--expect", "2", "--out", out.toString())) {
            int sinkPort = sink.port();
            String sinkPin = fingerprint(sink.err.awaitContains("Fingerprint="));
            try (WeftProcess tap = WeftProcess.start(
                    "tap",
                    "--listen",
                    "ssl:0",
                    "--self-signed",
                    "--to",
                    "tls:host=127.0.0.1:port=" + sinkPort,
                    "--pin",
                    "sha256:" + sinkPin,
                    "--record",
                    capture.toString(),
                    "--expect",
                    "2",
                    "--json")) {
                int tapPort = tap.port();
                String tapPin = fingerprint(tap.err.awaitContains("Fingerprint="));
                assertThat(tapPin).isNotEqualTo(sinkPin);
                WeftProcess send = WeftProcess.shell("printf 'secret plaintext' | ./weft send --pin sha256:" + tapPin
                        + " tls:host=127.0.0.1:port=" + tapPort);
                assertThat(send.awaitExit()).as(send.err.text()).isZero();
                tap.out.awaitContains("\"seq\":1");
                try (Socket plain = new Socket()) {
                    plain.connect(new InetSocketAddress("127.0.0.1", tapPort));
                    plain.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(US_ASCII));
                    InputStream in = plain.getInputStream();
                    while (in.read() >= 0) {
                        // a TLS alert, then the end
                    }
                }
                assertThat(tap.awaitExit()).isZero();
                assertThat(tap.lines().get(1))
                        .contains("\"bytes_c2s\":16", "\"client_tls_version\":\"TLSv1.3\"")
                        .contains("\"server_tls_version\":\"TLSv1.3\"");
                assertThat(tap.lines().get(2))
                        .contains("\"bytes_c2s\":0", "\"client_closed\":\"TLS handshake failed (NOT_TLS)\"")
                        .contains("\"client_tls_error\":\"NOT_TLS\"", "\"server_closed\":\"reset (by tap)\"");
            }
            assertThat(sink.awaitExit()).isZero();
            try (Stream<Path> files = Files.list(out)) {
                List<Path> clean = files.filter(f -> f.getFileName().toString().matches("1-.*[0-9]\\.bin"))
                        .toList();
                assertThat(clean).hasSize(1);
                assertThat(clean.get(0)).hasContent("secret plaintext");
            }
        }
        WeftProcess dump = WeftProcess.run("dump", capture.toString());
        assertThat(dump.awaitExit()).isZero();
        assertThat(dump.out.text()).contains("c>s 16 bytes \"secret plaintext\"");
    }

    /** Usage errors in TLS options exit 2 with one line; a key file that is missing exits 1. */
    @Test
    void tlsOptionErrorsAreOneLine() throws Exception {
        WeftProcess noSsl = WeftProcess.run("sink", "--listen", "tcp:0", "--self-signed");
        assertThat(noSsl.awaitExit()).isEqualTo(2);
        assertThat(noSsl.err.text()).contains("no --listen is ssl:").hasLineCount(1);

        WeftProcess badPin = WeftProcess.run("send", "--pin", "sha256:12", "tls:host=localhost:port=1");
        assertThat(badPin.awaitExit()).isEqualTo(2);
        assertThat(badPin.err.text())
                .startsWith("weft send: --pin: a pin is a SHA-256 fingerprint")
                .hasLineCount(1);

        WeftProcess both = WeftProcess.run("sink", "--listen", "ssl:0:privateKey=k.pem", "--self-signed");
        assertThat(both.awaitExit()).isEqualTo(2);
        assertThat(both.err.text()).contains("leave out privateKey=").hasLineCount(1);

        WeftProcess missing = WeftProcess.run("sink", "--listen", "ssl:0:privateKey=" + dir.resolve("none.pem"));
        assertThat(missing.awaitExit()).isEqualTo(1);
        assertThat(missing.err.text()).contains("no such file").hasLineCount(1);

        WeftProcess badPart = WeftProcess.run("send", "tls:host=localhost:port=1:trustRootz=x");
        assertThat(badPart.awaitExit()).isEqualTo(2);
        assertThat(badPart.err.text()).contains("trustRootz").hasLineCount(1);
    }

    private static String fingerprint(String text) {
        Matcher m = FINGERPRINT.matcher(text);
        assertThat(m.find()).as(text).isTrue();
        return m.group(1);
    }

    /**
     * Ends a TLS connection as a careful client does: close_notify and FIN, then reads to the end,
     * so the socket is never closed with unread bytes (session tickets), which would reset it.
     */
    private static void finish(SSLSocket s) throws java.io.IOException {
        s.shutdownOutput();
        InputStream in = s.getInputStream();
        while (in.read() >= 0) {
            // nothing is expected from a sink
        }
    }

    /** Returns {@code der} as a PEM block of {@code type} ({@code PRIVATE KEY}, {@code CERTIFICATE}). */
    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(US_ASCII)).encodeToString(der) + "\n-----END " + type
                + "-----\n";
    }

    /** A client context that trusts any server, shared by connections so that they resume the session. */
    private static SSLContext trustingAll() throws Exception {
        return contextKeeping(new ArrayList<>());
    }

    /** Connects a TLS client that accepts any certificate and keeps the chain it was shown. */
    private static SSLSocket connect(int port, List<X509Certificate> seen) throws Exception {
        return (SSLSocket) contextKeeping(seen).getSocketFactory().createSocket("127.0.0.1", port);
    }

    /** A client context that accepts any server certificate and keeps every chain it was shown. */
    private static SSLContext contextKeeping(List<X509Certificate> seen) throws Exception {
        X509TrustManager keep = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                throw new UnsupportedOperationException("client side only");
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                seen.addAll(List.of(chain));
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {keep}, new SecureRandom());
        return context;
    }
}
