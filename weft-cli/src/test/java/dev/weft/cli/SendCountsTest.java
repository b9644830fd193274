package dev.weft.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Deferred;
import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionLost;
import dev.weft.internet.IReactorThreads;
import dev.weft.internet.testing.StringTransport;
import dev.weft.protocols.tls.TLSMemoryBIOProtocol;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What {@code send} counts as sent: the bytes of input that went to the transport, not those read and still waiting
 * for a TLS handshake. The test thread plays the reactor: it runs what the input pump hands over, in order.
 */
final class SendCountsTest {
    private static final byte[] INPUT = "hello".getBytes(US_ASCII);

    /** The reactor thread's queue: the input pump's thread adds, the test thread runs. */
    private final BlockingQueue<Runnable> calls = new LinkedBlockingQueue<>();

    private final IReactorThreads threads = new IReactorThreads() {
        @Override
        public void callFromThread(Runnable call) {
            calls.add(call);
        }

        @Override
        public void callInThread(Runnable call) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T> Deferred<T> deferToThread(Callable<T> call) {
            throw new UnsupportedOperationException();
        }
    };

    private final SendProtocol send = new SendProtocol(
            p -> new InputPump(new ByteArrayInputStream(INPUT), threads, p::chunkRead, p::inputEnded, p::inputFailed),
            new OutputPump(OutputStream.nullOutputStream(), threads));

    /**
     * Runs the first {@code n} calls the input pump hands the reactor: its one chunk, then the end of the input (a
     * TLS transport may pause the pump after the chunk, until the handshake).
     */
    private void pump(int n) throws InterruptedException {
        for (int i = 0; i < n; i++) {
            Runnable call = calls.poll(1, TimeUnit.MINUTES);
            assertThat(call).as("the input pump's call %d", i).isNotNull();
            call.run();
        }
    }

    @Test
    void inputThatWaitedForATlsHandshakeThatNeverCompletedWasReadNotSent() throws Exception {
        StringTransport transport = new StringTransport();
        TLSMemoryBIOProtocol tls = new TLSMemoryBIOProtocol(new TapConnectionTest.TlsServer().trustingClient(), send);
        tls.makeConnection(transport);
        pump(1);
        assertThat(send.sent()).as("queued behind the handshake").isZero();

        tls.connectionLost(new Failure(new ConnectionLost(new IOException("Connection reset by peer"))));

        SendProtocol.Result result = send.result().get(1, TimeUnit.MINUTES);
        assertThat(result.sent()).isZero();
        assertThat(result.read()).isEqualTo(INPUT.length);
        assertThat(result.counts()).isEqualTo("after reading 5 bytes of input (none sent) and receiving 0 bytes");
    }

    @Test
    void inputThatWaitedForATlsHandshakeIsSentOnceItCompletes() throws Exception {
        StringTransport transport = new StringTransport();
        TapConnectionTest.TlsServer server = new TapConnectionTest.TlsServer();
        TLSMemoryBIOProtocol tls = new TLSMemoryBIOProtocol(server.trustingClient(), send);
        tls.makeConnection(transport);
        pump(1);
        assertThat(send.sent()).as("queued behind the handshake").isZero();

        server.exchange(transport, tls);

        assertThat(tls.isHandshakeDone()).isTrue();
        assertThat(send.sent()).isEqualTo(INPUT.length);
    }

    @Test
    void overPlainTcpWhatIsReadIsSent() throws Exception {
        StringTransport transport = new StringTransport();
        send.makeConnection(transport);
        pump(2);

        send.connectionLost(new Failure(new ConnectionLost(new IOException("Connection reset by peer"))));

        assertThat(transport.value()).isEqualTo(INPUT);
        SendProtocol.Result result = send.result().get(1, TimeUnit.MINUTES);
        assertThat(result.counts()).isEqualTo("after sending 5 bytes and receiving 0 bytes");
    }
}
