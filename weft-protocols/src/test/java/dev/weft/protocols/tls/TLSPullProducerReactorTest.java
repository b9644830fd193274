package dev.weft.protocols.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.IPullProducer;
import dev.weft.internet.IPushProducer;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.IReactorTime;
import dev.weft.internet.Protocol;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.endpoints.Endpoints;
import dev.weft.internet.nio.INioTransport;
import dev.weft.internet.nio.ReactorThread;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A pull producer on a TLS transport over real loopback TCP: the loop on the reactor's clock sends
 * 4 MiB, which arrive byte-exact and in order before a clean close, and is paused by a full socket.
 */
class TLSPullProducerReactorTest {
    private static final int TOTAL = 4 << 20;
    private final ReactorThread rt = ReactorThread.start();

    @AfterEach
    void stop() {
        rt.close();
    }

    @Test
    void aPullProducerRegisteredBeforeTheHandshakeSendsFourMebibytesByteExact() throws Exception {
        byte[] payload = new byte[TOTAL];
        new Random(22).nextBytes(payload);
        Receiver receiver = new Receiver();
        Sender sender = new Sender(payload);
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

        Failure reason = receiver.lost.get(1, TimeUnit.MINUTES);
        assertThat(reason.value()).isExactlyInstanceOf(ConnectionDone.class);
        byte[] got = rt.call(() -> receiver.received.toByteArray());
        assertThat(got.length).isEqualTo(TOTAL);
        assertThat(Arrays.equals(got, payload)).as("byte-exact, in order").isTrue();
        Chunks producer = rt.call(() -> sender.producer);
        assertThat(rt.call(() -> producer.handshakeDoneAtEachCall.indexOf(true)))
                .as("asked once before the handshake, then held until it was done")
                .isEqualTo(1);
        assertThat(rt.call(() -> producer.stops)).isZero();
    }

    /**
     * A receiver that pauses its TLS transport lets the sender's socket fill: once the buffer beneath
     * the sender's TLS layer passes the high-water mark (one 16 KiB piece per turn cannot do that
     * alone), the loop is paused; ten reactor turns later the receiver resumes. No call comes while
     * that buffer is over the mark, and everything arrives in order. 64 MiB outgrow the kernel's
     * socket buffers (at most 32 MiB for receiving and 4 MiB for sending by default on Linux).
     */
    @Test
    void aFullSocketBeneathPausesTheLoopUntilItDrains() throws Exception {
        Digester receiver = new Digester(rt.reactor());
        LoopSender sender = new LoopSender(64 << 20, rt, receiver);
        IListeningPort port = rt.call(() -> rt.reactor()
                .listenTCP(
                        0,
                        new TLSMemoryBIOFactory(Tls.server(), ServerFactory.forProtocol(() -> receiver)),
                        50,
                        "127.0.0.1"));
        int number = ((IPv4Address) port.getHost()).port();
        rt.await(() -> Endpoints.clientFromString(rt.reactor(), "tcp:127.0.0.1:" + number)
                .connect(ServerFactory.forProtocol(() -> sender)));

        Failure reason = receiver.lost.get(1, TimeUnit.MINUTES);
        assertThat(reason.value()).isExactlyInstanceOf(ConnectionDone.class);
        assertThat(rt.call(() -> sender.filledAt))
                .as("the socket filled while the receiver was paused (kernel buffers over 64 MiB?)")
                .isPositive();
        assertThat(rt.call(() -> receiver.countAtResume))
                .as("nothing was delivered while paused")
                .isZero();
        assertThat(rt.call(() -> receiver.count)).isEqualTo(64L << 20);
        assertThat(rt.call(() -> receiver.digest.digest()))
                .as("the same bytes in the same order")
                .isEqualTo(rt.call(() -> sender.digest.digest()));
        assertThat(rt.call(() -> sender.callsOverTheMark))
                .as("calls made while the buffer beneath was over the mark")
                .isZero();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Starts TLS on its TCP transport at once and sends random bytes from a pull producer on the
     * layer; resumes the receiver ten turns after the buffer beneath passed the mark (or at the end).
     */
    static final class LoopSender extends Protocol implements IPullProducer {
        final MessageDigest digest = sha256();
        private final Random random = new Random(23);
        private final ReactorThread rt;
        private final Digester receiver;
        private long left;
        private INioTransport raw;
        private ISSLTransport tls;
        long filledAt;
        int callsOverTheMark;

        LoopSender(long total, ReactorThread rt, Digester receiver) {
            this.left = total;
            this.rt = rt;
            this.receiver = receiver;
        }

        @Override
        public void connectionMade() {
            raw = (INioTransport) transport();
            tls = raw.startTLS(StartTLS.of(Tls.client()).withClock(rt.reactor()));
            tls.registerProducer(this);
        }

        @Override
        public void resumeProducing() {
            if (raw.bufferedBytes() > INioTransport.HIGH_WATER_MARK) {
                callsOverTheMark++;
            }
            if (left == 0) {
                tls.unregisterProducer();
                tls.loseConnection();
                receiver.resumeAfter(0); // if the socket never filled
                return;
            }
            byte[] piece = new byte[(int) Math.min(16 << 10, left)];
            random.nextBytes(piece);
            digest.update(piece);
            tls.write(piece);
            left -= piece.length;
            if (filledAt == 0 && raw.bufferedBytes() > INioTransport.HIGH_WATER_MARK) {
                filledAt = (64L << 20) - left;
                receiver.resumeAfter(10);
            }
        }

        @Override
        public void stopProducing() {}
    }

    /** Digests what arrives; pauses its TLS transport as it connects (applied after the handshake). */
    static final class Digester extends Protocol {
        final MessageDigest digest = sha256();
        final CompletableFuture<Failure> lost = new CompletableFuture<>();
        long count;
        long countAtResume = -1;
        private final IReactorTime clock;
        private boolean resumeScheduled;

        Digester(IReactorTime clock) {
            this.clock = clock;
        }

        /** Resumes the TLS transport {@code turns} reactor turns from now, unless already scheduled. */
        void resumeAfter(int turns) {
            if (!resumeScheduled) {
                resumeScheduled = true;
                later(turns);
            }
        }

        private void later(int turns) {
            if (turns > 0) {
                clock.callLater(0, () -> later(turns - 1));
                return;
            }
            countAtResume = count;
            ((IPushProducer) transport()).resumeProducing();
        }

        @Override
        public void connectionMade() {
            ((IPushProducer) transport()).pauseProducing();
        }

        @Override
        public void dataReceived(byte[] data) {
            digest.update(data);
            count += data.length;
        }

        @Override
        public void connectionLost(Failure reason) {
            lost.complete(reason);
        }
    }

    /** Registers a pull producer of its payload at once and closes when the producer has run out. */
    static final class Sender extends Protocol implements IHandshakeListener {
        private final byte[] payload;
        Chunks producer;

        Sender(byte[] payload) {
            this.payload = payload;
        }

        @Override
        public void connectionMade() {
            ISSLTransport tls = (ISSLTransport) transport();
            producer = new Chunks(payload, 64 << 10, tls);
            tls.registerProducer(producer);
        }

        /** Closes once the producer has unregistered (before the handshake a close with nothing queued aborts). */
        @Override
        public void handshakeCompleted() {
            transport().loseConnection();
        }
    }

    /** Keeps what arrives. */
    static final class Receiver extends Protocol {
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final CompletableFuture<Failure> lost = new CompletableFuture<>();

        @Override
        public void dataReceived(byte[] data) {
            received.writeBytes(data);
        }

        @Override
        public void connectionLost(Failure reason) {
            lost.complete(reason);
        }
    }
}
