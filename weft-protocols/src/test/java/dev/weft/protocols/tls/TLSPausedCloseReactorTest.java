package dev.weft.protocols.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Failure;
import dev.weft.internet.ClientFactory;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.IReactorTime;
import dev.weft.internet.Protocol;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.nio.NioReactor;
import dev.weft.internet.nio.ReactorThread;
import dev.weft.protocols.basic.Int32StringReceiver;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * On real sockets: a framing server over TLS that pauses every third frame and resumes a millisecond
 * later on the reactor's clock gets all of the 200 frames a client sends in one write before closing,
 * then {@code ConnectionDone}, unpaused. The frames (about 10 KB) and the close_notify leave the
 * client in one write and are read together, so the server's first resume decrypts the close_notify
 * before the frames it buffered, among which it pauses again: TLS holds the close until it has read
 * them. (With the close delivered at once, every connection lost its last frames.)
 */
class TLSPausedCloseReactorTest {
    private static final int CONNECTIONS = 10;
    private final ReactorThread rt = ReactorThread.start();

    @AfterEach
    void stop() {
        rt.close();
    }

    /** Records each frame's length; pauses every third and resumes a millisecond later; notes its state at the loss. */
    static final class Frames extends Int32StringReceiver {
        final List<Integer> got = new ArrayList<>();
        final CompletableFuture<Failure> lost = new CompletableFuture<>();
        final IReactorTime clock;
        boolean pausedAtLoss;
        List<Integer> gotAtLoss = List.of();

        Frames(IReactorTime clock) {
            this.clock = clock;
        }

        @Override
        public void stringReceived(byte[] s) {
            got.add(s.length);
            if (got.size() % 3 == 0) {
                pauseProducing();
                clock.callLater(0.001, this::resumeProducing);
            }
        }

        @Override
        public void connectionLost(Failure reason) {
            pausedAtLoss = isPaused();
            gotAtLoss = List.copyOf(got);
            lost.complete(reason);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void aServerThatPausesAndResumesGetsEveryFrameBeforeTheClientsClose(String version) throws Exception {
        Random random = new Random(7);
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int n = i % 10 == 0 ? 0 : random.nextInt(100);
            expected.add(n);
            frames.writeBytes(ByteBuffer.allocate(4).putInt(n).array());
            frames.writeBytes(new byte[n]);
        }
        byte[] payload = frames.toByteArray();
        NioReactor r = rt.reactor();
        BlockingQueue<Frames> servers = new LinkedBlockingQueue<>();
        ServerFactory receivers = ServerFactory.forProtocol(() -> {
            Frames f = new Frames(r);
            servers.add(f);
            return f;
        });
        IListeningPort port = rt.call(
                () -> r.listenTCP(0, new TLSMemoryBIOFactory(Tls.server(), receivers).withClock(r), 50, "127.0.0.1"));
        int number = ((IPv4Address) port.getHost()).port();
        ClientFactory senders = ClientFactory.forProtocol(() ->
                new TLSMemoryBIOProtocol(Tls.client().withProtocols(version), new Protocol() {
                    @Override
                    public void connectionMade() {
                        transport().write(payload.clone());
                        transport().loseConnection();
                    }
                }));
        for (int i = 0; i < CONNECTIONS; i++) {
            rt.execute(() -> r.connectTCP("127.0.0.1", number, senders));
            Frames server = servers.poll(1, TimeUnit.MINUTES);
            assertThat(server).isNotNull();
            Failure reason = server.lost.get(1, TimeUnit.MINUTES);
            String which = "connection " + i;
            assertThat(rt.call(() -> server.gotAtLoss)).as(which).isEqualTo(expected);
            assertThat(reason.value()).as(which).isExactlyInstanceOf(ConnectionDone.class);
            assertThat(rt.call(() -> server.pausedAtLoss)).as(which).isFalse();
        }
    }
}
