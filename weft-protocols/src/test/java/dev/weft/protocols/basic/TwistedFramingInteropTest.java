package dev.weft.protocols.basic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Deferred;
import dev.weft.defer.Failure;
import dev.weft.internet.ClientFactory;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.Protocol;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.nio.ReactorThread;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * weft's receivers against Twisted 22.4's over real TCP on 127.0.0.1: a Twisted {@code LineReceiver}
 * or {@code Int32StringReceiver} and weft's exchange 10,000 frames each way at once (up to 15,000-byte
 * lines, 70,000-byte strings), each side checking every frame byte for byte; Twisted as the server and
 * as the client; weft closes. Runs in the {@code twisted} profile.
 */
@Tag("twisted")
final class TwistedFramingInteropTest {
    private static final int COUNT = 10_000;

    private final ReactorThread rt = ReactorThread.start();

    @BeforeAll
    static void requireTwisted() throws Exception {
        TwistedFramingPeer.requireTwisted();
    }

    @AfterEach
    void stopReactor() {
        rt.close();
    }

    /** Frame {@code i} of a run, the generator of {@code twisted_framing_peer.py}. */
    static byte[] frame(String framing, int i) {
        boolean lines = framing.equals("lines");
        int n = i % 1000 == 999 ? (lines ? 15000 : 70000) : (int) ((i * 7919L) % (lines ? 997 : 2003));
        byte[] b = new byte[n];
        for (int k = 0; k < n; k++) {
            b[k] = lines ? (byte) (((i * 31 + k * 17) % 95) + 32) : (byte) ((i * 131 + k * 29) & 0xFF);
        }
        return b;
    }

    /** Counts and checks the frames weft receives; closes once it has them all. */
    static final class Tally {
        final String framing;
        final Deferred<Void> lost = new Deferred<>();
        final MessageDigest digest = sha256();
        int received;
        int mismatches;
        Failure reason;

        Tally(String framing) {
            this.framing = framing;
        }

        void got(byte[] data, Protocol protocol) {
            if (!java.util.Arrays.equals(data, frame(framing, received))) {
                mismatches++;
            }
            digest.update(data);
            received++;
            if (received == COUNT) {
                protocol.transport().loseConnection();
            }
        }
    }

    static final class WeftLines extends LineReceiver {
        final Tally tally;

        WeftLines(Tally tally) {
            this.tally = tally;
            setMaxLength(100_000);
        }

        @Override
        public void connectionMade() {
            for (int i = 0; i < COUNT; i++) {
                sendLine(frame("lines", i));
            }
        }

        @Override
        public void lineReceived(byte[] line) {
            tally.got(line, this);
        }

        @Override
        public void connectionLost(Failure reason) {
            tally.reason = reason;
            tally.lost.callback(null);
        }
    }

    static final class WeftInt32 extends Int32StringReceiver {
        final Tally tally;

        WeftInt32(Tally tally) {
            this.tally = tally;
            setMaxLength(100_000);
        }

        @Override
        public void connectionMade() {
            for (int i = 0; i < COUNT; i++) {
                sendString(frame("int32", i));
            }
        }

        @Override
        public void stringReceived(byte[] string) {
            tally.got(string, this);
        }

        @Override
        public void connectionLost(Failure reason) {
            tally.reason = reason;
            tally.lost.callback(null);
        }
    }

    @ParameterizedTest(name = "{0}, Twisted is the {1}")
    @CsvSource({"lines, server", "lines, client", "int32, server", "int32, client"})
    void weftAndTwistedExchange10000FramesEachWayByteForByte(String framing, String twistedRole) throws Exception {
        Tally tally = new Tally(framing);
        Supplier<Protocol> weft = () -> framing.equals("lines") ? new WeftLines(tally) : new WeftInt32(tally);
        TwistedFramingPeer twisted;
        if (twistedRole.equals("server")) {
            twisted = TwistedFramingPeer.start("server", framing, Integer.toString(COUNT));
            int port = Integer.parseInt(twisted.expect("PORT "));
            ClientFactory factory = ClientFactory.forProtocol(weft);
            factory.setNoisy(false);
            rt.execute(() -> rt.reactor().connectTCP("127.0.0.1", port, factory));
        } else {
            ServerFactory factory = ServerFactory.forProtocol(weft);
            factory.setNoisy(false);
            int port = rt.call(() -> ((IPv4Address)
                            rt.reactor().listenTCP(0, factory, 50, "127.0.0.1").getHost())
                    .port());
            twisted = TwistedFramingPeer.start("client", framing, Integer.toString(COUNT), Integer.toString(port));
        }
        try (twisted) {
            String[] received = twisted.expect("RECEIVED ").split(" ");
            String lost = twisted.expect("LOST ");
            rt.await(() -> tally.lost);
            assertThat(twisted.waitForExit())
                    .as("Twisted's exit code; stderr:%n%s", twisted.stderr())
                    .isZero();

            MessageDigest sent = sha256();
            for (int i = 0; i < COUNT; i++) {
                sent.update(frame(framing, i));
            }
            String sentHash = HexFormat.of().formatHex(sent.digest());
            assertThat(received[0]).as("frames Twisted received").isEqualTo(Integer.toString(COUNT));
            assertThat(received[1])
                    .as("frames Twisted received that differ from what weft sent")
                    .isEqualTo("0");
            assertThat(received[2]).as("SHA-256 of the frames Twisted received").isEqualTo(sentHash);
            assertThat(rt.call(() -> tally.received)).as("frames weft received").isEqualTo(COUNT);
            assertThat(rt.call(() -> tally.mismatches))
                    .as("frames weft received that differ")
                    .isZero();
            assertThat(rt.call(() -> HexFormat.of().formatHex(tally.digest.digest())))
                    .as("SHA-256 of the frames weft received")
                    .isEqualTo(sentHash);
            assertThat(lost).as("Twisted's close reason").isEqualTo("ConnectionDone");
            assertThat(rt.call(() -> tally.reason.check(dev.weft.internet.ConnectionDone.class)))
                    .isNotNull();
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
