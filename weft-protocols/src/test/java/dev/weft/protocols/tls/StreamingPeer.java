package dev.weft.protocols.tls;

import dev.weft.defer.Failure;
import dev.weft.internet.IPushProducer;
import dev.weft.internet.Protocol;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * weft's side of a TLS interop test: streams {@code size} seeded random bytes as a push producer,
 * hashes what it sends and receives, and closes once both directions are complete if it is the
 * closer. Runs on the reactor thread; the test waits on {@link #lost}.
 */
final class StreamingPeer extends Protocol implements IPushProducer, IHandshakeListener {
    final CompletableFuture<Failure> lost = new CompletableFuture<>();
    private final long size;
    private final boolean closer;
    private final Random random;
    private final MessageDigest sent = sha256();
    private final MessageDigest received = sha256();
    private long left;
    private long got;
    private boolean paused;
    private boolean done;
    volatile String version = "";
    volatile String sentHash = "";
    volatile String receivedHash = "";
    volatile long receivedCount;

    StreamingPeer(long size, long seed, boolean closer) {
        this.size = size;
        this.left = size;
        this.closer = closer;
        this.random = new Random(seed);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void connectionMade() {
        transport().registerProducer(this, true);
        produce();
    }

    @Override
    public void handshakeCompleted() {
        ISSLTransport t = (ISSLTransport) transport();
        version = t.tlsVersion() + " " + t.cipherSuite();
    }

    private void produce() {
        while (!paused && left > 0) {
            int n = (int) Math.min(left, 1 + random.nextInt(200_000));
            byte[] chunk = new byte[n];
            random.nextBytes(chunk);
            sent.update(chunk);
            left -= n;
            transport().write(chunk);
        }
        if (left == 0 && !done) {
            done = true;
            sentHash = HexFormat.of().formatHex(sent.digest());
            transport().unregisterProducer();
            maybeClose();
        }
    }

    @Override
    public void pauseProducing() {
        paused = true;
    }

    @Override
    public void resumeProducing() {
        if (paused) {
            paused = false;
            produce();
        }
    }

    @Override
    public void stopProducing() {
        paused = true;
    }

    @Override
    public void dataReceived(byte[] data) {
        received.update(data);
        got += data.length;
        if (got == size) {
            maybeClose();
        }
    }

    private void maybeClose() {
        if (closer && done && got == size) {
            transport().loseConnection();
        }
    }

    @Override
    public void connectionLost(Failure reason) {
        receivedCount = got;
        receivedHash = HexFormat.of().formatHex(received.digest());
        lost.complete(reason);
    }
}
