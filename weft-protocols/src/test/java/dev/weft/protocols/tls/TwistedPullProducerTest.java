package dev.weft.protocols.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Failure;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.IPullProducer;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.Protocol;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.endpoints.Endpoints;
import dev.weft.internet.nio.ReactorThread;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live Twisted as the judge of a pull producer on a TLS transport: the same scenario (registered
 * before the handshake, five 1000-byte pieces, unregister and close on the call after the last)
 * runs in Twisted and in weft over loopback TCP, and each call is marked with whether the handshake
 * was done. Both must give {@code FTTTTT}: asked once, held until the handshake, then asked until it
 * unregisters, never stopped.
 */
@Tag("twisted")
final class TwistedPullProducerTest {
    private static final int PIECES = 5;
    private final ReactorThread rt = ReactorThread.start();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        rt.close();
    }

    @Test
    void weftAsksAPullProducerOverTlsWhenTwistedDoes() throws Exception {
        PeerProcess.requireTwisted();
        List<Path> files = Tls.SERVER.writePem(dir, "server");
        String twisted;
        try (PeerProcess py = PeerProcess.python(
                "/twisted_pull_producer.py",
                files.get(1).toString(),
                files.get(0).toString(),
                Integer.toString(PIECES))) {
            twisted = py.expect("CALLS");
            assertThat(py.expect("RECEIVED")).isEqualTo(Integer.toString(PIECES * 1000));
            assertThat(py.expect("LOST")).isEqualTo("ConnectionDone");
        }
        assertThat(twisted).isEqualTo("FTTTTT");
        assertThat(weft()).isEqualTo(twisted);
    }

    /** The same scenario in weft, the client's TLS layer on the reactor's clock; returns the flags. */
    private String weft() throws Exception {
        CompletableFuture<Failure> lost = new CompletableFuture<>();
        int[] received = {0};
        Protocol receiver = new Protocol() {
            @Override
            public void dataReceived(byte[] data) {
                received[0] += data.length;
            }

            @Override
            public void connectionLost(Failure reason) {
                lost.complete(reason);
            }
        };
        StringBuilder calls = new StringBuilder();
        Protocol sender = new Protocol() {
            @Override
            public void connectionMade() {
                ISSLTransport tls = (ISSLTransport) transport();
                tls.registerProducer(new IPullProducer() {
                    private int sent;

                    @Override
                    public void resumeProducing() {
                        calls.append(tls.isHandshakeDone() ? 'T' : 'F');
                        if (sent == PIECES) {
                            tls.unregisterProducer();
                            tls.loseConnection();
                            return;
                        }
                        sent++;
                        tls.write(new byte[1000]);
                    }

                    @Override
                    public void stopProducing() {
                        calls.append('S');
                    }
                });
            }
        };
        IListeningPort port = rt.call(() -> rt.reactor()
                .listenTCP(
                        0,
                        new TLSMemoryBIOFactory(Tls.server(), ServerFactory.forProtocol(() -> receiver)),
                        50,
                        "127.0.0.1"));
        int number = ((IPv4Address) port.getHost()).port();
        rt.await(() -> Endpoints.clientFromString(rt.reactor(), "tcp:127.0.0.1:" + number)
                .connect(ServerFactory.forProtocol(
                        () -> new TLSMemoryBIOProtocol(Tls.client(), sender).withClock(rt.reactor()))));
        assertThat(lost.get(1, TimeUnit.MINUTES).type().getSimpleName()).isEqualTo("ConnectionDone");
        assertThat(rt.call(() -> received[0])).isEqualTo(PIECES * 1000);
        return rt.call(calls::toString);
    }
}
