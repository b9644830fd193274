package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.ConnectionDone;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.endpoints.Endpoints;
import dev.weft.internet.nio.ReactorThread;
import dev.weft.protocols.tls.ISSLTransport;
import dev.weft.protocols.tls.TLSClientOptions;
import dev.weft.protocols.tls.TLSMemoryBIOFactory;
import dev.weft.protocols.tls.TLSMemoryBIOProtocol;
import dev.weft.protocols.tls.TLSServerOptions;
import dev.weft.protocols.tls.TrustRoots;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code send}'s input pump, registered as the producer of a TLS transport, is paused by a TLS peer
 * that has stopped reading (through the TLS layer, by the connection beneath it), as on plain TCP,
 * and everything arrives once the peer reads again.
 */
class SendTlsFlowControlTest {
    private static final int TOTAL = 16 << 20;
    private static final SelfSigned PEER_CERT = SelfSigned.make(List.of("127.0.0.1"));
    private final ReactorThread rt = ReactorThread.start();

    @AfterEach
    void stop() {
        rt.close();
    }

    @Test
    void aStalledTlsPeerPausesTheInputPumpUntilItReadsAgain() throws Exception {
        byte[] payload = new byte[TOTAL];
        new Random(31).nextBytes(payload);
        TapFlowControlTest.StalledReader reader = new TapFlowControlTest.StalledReader();
        TLSMemoryBIOFactory peer = new TLSMemoryBIOFactory(
                TLSServerOptions.of(PEER_CERT.identity()), ServerFactory.forProtocol(() -> reader));
        IListeningPort port = rt.call(() -> rt.reactor().listenTCP(0, peer, 50, "127.0.0.1"));
        int number = ((IPv4Address) port.getHost()).port();

        ByteArrayInputStream input = new ByteArrayInputStream(payload);
        OutputPump output = new OutputPump(OutputStream.nullOutputStream(), rt.reactor());
        SendProtocol send = new SendProtocol(
                p -> new InputPump(input, rt.reactor(), p::chunkRead, p::inputEnded, p::inputFailed), output);
        TLSClientOptions trust = TLSClientOptions.forHost("127.0.0.1")
                .withTrustRoots(TrustRoots.of(PEER_CERT.identity().chain()));
        SpiedLeg leg = new SpiedLeg(new TLSMemoryBIOProtocol(trust, send));
        leg.pauseCounts = () -> reader.transport() instanceof ISSLTransport t && t.isHandshakeDone();
        rt.await(() -> Endpoints.clientFromString(rt.reactor(), "tcp:127.0.0.1:" + number)
                .connect(ServerFactory.forProtocol(() -> leg)));

        leg.producerPaused.get(1, TimeUnit.MINUTES); // the full connection paused the pump, the peer stalled
        assertThat(rt.call(() -> reader.received.size()))
                .as("the peer has read nothing")
                .isZero();
        assertThat(send.result()).as("send cannot have finished").isNotDone();

        rt.execute(reader::readAgain);
        SendProtocol.Result result = send.result().get(1, TimeUnit.MINUTES);
        assertThat(result.reason().value()).isExactlyInstanceOf(ConnectionDone.class);
        assertThat(result.sent()).isEqualTo(TOTAL);
        assertThat(rt.call(() -> reader.received.toByteArray())).isEqualTo(payload);
    }
}
