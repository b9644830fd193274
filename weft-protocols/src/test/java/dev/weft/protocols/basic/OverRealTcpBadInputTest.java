package dev.weft.protocols.basic;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.IPv4Address;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.nio.ReactorThread;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Bad input over a real TCP connection on weft's reactor: the receiver's default callbacks close
 * that connection after answering everything before the bad frame, and the reactor goes on serving.
 */
final class OverRealTcpBadInputTest {
    private final ReactorThread rt = ReactorThread.start();

    @AfterEach
    void stop() {
        rt.close();
    }

    /** Echoes lines of up to 8 bytes. */
    static final class Echo extends LineReceiver {
        Echo() {
            setMaxLength(8);
        }

        @Override
        public void lineReceived(byte[] line) {
            sendLine(line);
        }
    }

    /** Echoes Int32 strings of up to 8 bytes. */
    static final class Echo32 extends Int32StringReceiver {
        Echo32() {
            setMaxLength(8);
        }

        @Override
        public void stringReceived(byte[] string) {
            sendString(string);
        }
    }

    private int listen(ServerFactory factory) {
        factory.setNoisy(false);
        return rt.call(() -> ((IPv4Address)
                        rt.reactor().listenTCP(0, factory, 50, "127.0.0.1").getHost())
                .port());
    }

    /** Sends {@code request} and returns everything the server sends until it closes. */
    private static byte[] exchange(int port, byte[] request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000); // a safety net against a hang, not a timing assertion
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            return in.readAllBytes();
        }
    }

    @Test
    void anOverLongLineClosesOnlyItsConnectionAfterTheLinesBeforeIt() throws Exception {
        int port = listen(ServerFactory.forProtocol(Echo::new));

        byte[] reply = exchange(port, "one\r\ntwo\r\nthis-line-is-far-too-long".getBytes(US_ASCII));
        assertThat(new String(reply, US_ASCII)).isEqualTo("one\r\ntwo\r\n");

        // The reactor still serves the next connection.
        Socket next = new Socket("127.0.0.1", port);
        try (next) {
            next.setSoTimeout(60_000);
            next.getOutputStream().write("again\r\n".getBytes(US_ASCII));
            byte[] answer = next.getInputStream().readNBytes(7);
            assertThat(new String(answer, US_ASCII)).isEqualTo("again\r\n");
        }
    }

    @Test
    void aLengthPrefixOf0xFFFFFFFFClosesTheConnectionAfterTheFramesBeforeIt() throws Exception {
        int port = listen(ServerFactory.forProtocol(Echo32::new));

        byte[] request = {0, 0, 0, 2, 'h', 'i', (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        byte[] reply = exchange(port, request);

        assertThat(reply).containsExactly(0, 0, 0, 2, 'h', 'i');
    }
}
