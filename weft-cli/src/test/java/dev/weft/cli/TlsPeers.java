package dev.weft.cli;

import dev.weft.protocols.tls.TLSServerOptions;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * TLS peers that stop where a test needs them to, made with the JDK's own TLS (not weft's): a ClientHello and no
 * more, a server that answers with its ServerHello and no more, and a client or server that closes the TCP connection
 * without a close_notify.
 */
final class TlsPeers {
    private TlsPeers() {}

    /** Returns a ClientHello of the JDK's, for {@code localhost}. */
    static byte[] clientHello() throws IOException {
        try {
            SSLEngine engine = SSLContext.getDefault().createSSLEngine("localhost", 443);
            engine.setUseClientMode(true);
            ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            engine.wrap(ByteBuffer.allocate(0), out);
            out.flip();
            byte[] hello = new byte[out.remaining()];
            out.get(hello);
            return hello;
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    /** Reads one TLS record from {@code in}: its 5-byte header, then the length it gives. */
    static byte[] readRecord(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] header = new byte[5];
        data.readFully(header);
        int length = ((header[3] & 0xff) << 8) | (header[4] & 0xff);
        byte[] record = Arrays.copyOf(header, 5 + length);
        data.readFully(record, 5, length);
        return record;
    }

    /**
     * Answers the ClientHello that {@code socket} sends with the first record a JDK server with {@code options} sends
     * back (its ServerHello), and nothing more: the client's handshake cannot complete.
     */
    static void answerWithTheServerHelloOnly(Socket socket, TLSServerOptions options) throws IOException {
        byte[] hello = readRecord(socket.getInputStream());
        SSLEngine engine = options.sslContext().createSSLEngine();
        engine.setUseClientMode(false);
        ByteBuffer in = ByteBuffer.wrap(hello);
        ByteBuffer app = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        for (int step = 0; step < 100 && out.position() == 0; step++) {
            HandshakeStatus status = engine.getHandshakeStatus();
            if (status == HandshakeStatus.NEED_TASK) {
                for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
                    task.run();
                }
            } else if (status == HandshakeStatus.NEED_WRAP) {
                engine.wrap(ByteBuffer.allocate(0), out);
            } else {
                engine.unwrap(in, app);
            }
        }
        out.flip();
        byte[] flight = new byte[out.remaining()];
        out.get(flight);
        socket.getOutputStream().write(readRecord(new java.io.ByteArrayInputStream(flight)));
        socket.getOutputStream().flush();
    }

    /** Returns a client context that trusts any server: for loopback tests of a peer's self-signed certificate. */
    static SSLContext trustingAnyServer() throws GeneralSecurityException {
        TrustManager trustAll = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {trustAll}, null);
        return context;
    }

    /** Runs TLS over {@code raw} (which stays open when the TLS socket is dropped) as a client or a server. */
    static SSLSocket over(Socket raw, SSLContext context, boolean client) throws IOException {
        SSLSocket tls = (SSLSocket) context.getSocketFactory()
                .createSocket(raw, raw.getInetAddress().getHostAddress(), raw.getPort(), false);
        tls.setUseClientMode(client);
        tls.startHandshake();
        return tls;
    }
}
