package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Failure;
import dev.weft.fixture.forward.Forwarding;
import dev.weft.internet.ConnectionAborted;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.ConnectionLost;
import dev.weft.internet.IPushProducer;
import dev.weft.internet.task.Clock;
import dev.weft.internet.testing.ProducerState;
import dev.weft.internet.testing.StringTransport;
import dev.weft.internet.testing.capture.Side;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link TapConnection} under {@code --fault}: held bytes, closes and resets behind them, stalls, backpressure. */
final class TapConnectionFaultTest extends TapConnectionTestBase {
    @ParameterizedTest
    @EnumSource(Side.class)
    void aResetBehindBytesAFaultHoldsIsPassedOnAtOnceAndTheDroppedBytesAreRecorded(Side from) throws Exception {
        Clock clock = new Clock();
        Harness h = new Harness("bandwidth=1000/s", clock);
        h.serverConnects();
        StringTransport receiver = h.transport(from.other());

        h.leg(from).dataReceived(new byte[300]);
        h.leg(from).readConnectionLost();
        clock.advance(0.1);
        assertThat(receiver.value()).as("paced: 100 bytes a tenth of a second").hasSize(100);
        assertThat(receiver.isWriteDisconnecting())
                .as("the half-close waits behind the bytes")
                .isFalse();
        h.leg(from).connectionLost(new Failure(new ConnectionLost("Connection reset by peer")));

        assertThat(receiver.isDisconnected())
                .as("reset at once, not after the held bytes")
                .isTrue();
        assertThat(receiver.value()).hasSize(100);
        h.leg(from.other()).connectionLost(new Failure(new ConnectionAborted()));
        assertThat(h.finished).hasSize(1);
        assertThat(clock.getDelayedCalls()).as("no timer left behind").isEmpty();
        String direction = from.arrow();
        assertThat(outline(h.records()))
                .containsExactly(
                        "open",
                        "connected",
                        "data " + direction + " 100",
                        "fault " + direction + ":bandwidth=1000/s: dropped the 200 bytes " + direction
                                + " and the half-close it held: the " + name(from) + " reset",
                        "close " + name(from) + " reset",
                        "close " + name(from.other()) + " aborted by tap");
    }

    /**
     * {@code c>s:reset-after=3} behind a latency, and the client closes cleanly before the limit's reset is due: the
     * limit still resets both legs, as FaultProxy always did (the rule is now one). Before, the tap took the limit's
     * reset for the client's own close behind its bytes and closed the server leg cleanly, with no fault record.
     */
    @Test
    void aResetAfterLimitIsNotTakenForTheClientsCleanCloseQueuedBehindIt() throws Exception {
        Clock clock = new Clock();
        Harness h = new Harness("c>s:latency=100,reset-after=3", clock);
        h.serverConnects();

        h.client.dataReceived("abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        h.client.connectionLost(new Failure(new ConnectionDone()));
        clock.advance(0.2);

        assertThat(h.serverTransport.value())
                .asString(java.nio.charset.StandardCharsets.US_ASCII)
                .isEqualTo("abc");
        assertThat(h.serverTransport.isDisconnected())
                .as("the server leg is reset, not closed")
                .isTrue();
        h.server.connectionLost(new Failure(new ConnectionAborted()));
        assertThat(h.finished).hasSize(1);
        assertThat(outline(h.records()))
                .containsExactly(
                        "open",
                        "connected",
                        "data c>s 3",
                        "fault c>s:reset-after=3: reset both legs after 3 bytes c>s",
                        "close server aborted by tap",
                        "close client clean");
    }

    @ParameterizedTest
    @EnumSource(Side.class)
    void aCloseHeldBehindBytesIsRecordedWhenTheOtherLegHasClosedFirst(Side slow) throws Exception {
        Clock clock = new Clock();
        Harness h = new Harness("bandwidth=1000/s", clock);
        h.serverConnects();
        Side fast = slow.other();

        h.leg(slow).dataReceived(new byte[300]);
        h.leg(fast).dataReceived(new byte[50]);
        // Each peer closes its whole connection (as over TLS 1.2, which has no half-close).
        h.leg(slow).connectionLost(new Failure(new ConnectionDone()));
        h.leg(fast).connectionLost(new Failure(new ConnectionDone()));
        clock.advance(0.05);

        assertThat(h.finished).hasSize(1);
        assertThat(outline(h.records()))
                .containsExactly(
                        "open",
                        "connected",
                        "data " + fast.arrow() + " 50",
                        "close " + name(fast) + " clean",
                        "fault " + slow.arrow() + ":bandwidth=1000/s: dropped the 300 bytes " + slow.arrow()
                                + " it held: the " + name(fast) + " leg had closed",
                        "close " + name(slow) + " clean");
        assertThat(clock.getDelayedCalls()).as("no timer left behind").isEmpty();
    }

    /** The fault record of a client's end of stream that a {@code c>s:stall-after=20} holds, 30 bytes held. */
    private static final String CLIENT_END_HELD = "fault c>s:stall-after=20: held the client's end of stream behind the"
            + " stall (20 bytes c>s passed, 30 held): the server is not told; reset the server leg and closed the"
            + " client's";

    /**
     * c>s:stall-after, and the client gives up: its end of stream (a half-close, or a whole close as over TLS 1.2)
     * reaches the stall, is recorded then and never passed on. Nothing the client sends can reach the server any
     * more, so the tap ends the connection: the server leg is reset, the client's closed, and the connection is
     * reported. Before, the stall swallowed the end: nothing was recorded and the connection stayed open (and
     * unreported) until the tap stopped.
     */
    @ParameterizedTest(name = "half-close: {0}")
    @ValueSource(booleans = {true, false})
    void aClientThatEndsItsStreamBehindACsStallEndsTheConnectionAndTheServerLegIsReset(boolean halfClose)
            throws Exception {
        Clock clock = new Clock();
        Harness h = new Harness("c>s:stall-after=20", clock);
        h.serverConnects();
        h.client.dataReceived(new byte[50]);
        clock.advance(5); // the client waits for an answer that cannot come, then gives up
        assertThat(h.serverTransport.value()).hasSize(20);
        assertThat(h.serverTransport.isDisconnecting()).isFalse();

        if (halfClose) {
            h.client.readConnectionLost();
        } else {
            h.client.connectionLost(new Failure(new ConnectionDone()));
        }

        assertThat(h.serverTransport.isWriteDisconnecting())
                .as("no end of stream reaches the server")
                .isFalse();
        assertThat(h.serverTransport.isDisconnected()).as("reset").isTrue();
        if (halfClose) {
            assertThat(h.clientTransport.isDisconnecting()).isTrue();
            assertThat(h.clientTransport.isDisconnected()).as("closed cleanly").isFalse();
            h.client.connectionLost(new Failure(new ConnectionDone()));
        }
        h.server.connectionLost(new Failure(new ConnectionAborted()));
        assertThat(h.finished).hasSize(1);
        String byTap = halfClose ? " by tap" : "";
        assertThat(h.finished.get(0).line())
                .endsWith("; client clean" + (halfClose ? " (by tap)" : "") + ", server reset (by tap)");
        assertThat(clock.getDelayedCalls()).as("no timer left behind").isEmpty();
        assertThat(outline(h.records()))
                .containsExactly(
                        "open",
                        "connected",
                        "fault c>s:stall-after=20: stalled after 20 bytes c>s; the rest is held and the connection"
                                + " stays open",
                        "data c>s 20",
                        CLIENT_END_HELD,
                        "close client clean" + byTap,
                        "close server aborted by tap");
    }

    /** The client's end held by a stall acts only behind the bytes a latency still held before the stall. */
    @Test
    void aClientsEndHeldByAStallWaitsForTheBytesBeforeTheStallToBeDelivered() throws Exception {
        Clock clock = new Clock();
        Harness h = new Harness("c>s:latency=100,stall-after=20", clock);
        h.serverConnects();

        h.client.dataReceived(new byte[50]);
        h.client.readConnectionLost();
        assertThat(h.serverTransport.value()).isEmpty();
        assertThat(h.serverTransport.isDisconnecting()).isFalse();
        clock.advance(0.1);

        assertThat(h.serverTransport.value()).hasSize(20);
        assertThat(h.serverTransport.isDisconnected()).as("reset after them").isTrue();
        assertThat(h.clientTransport.isDisconnecting()).isTrue();
    }

    /** A client that ends behind a stall while the tap connects: its bytes reach the server, then the reset. */
    @Test
    void aClientThatEndsBehindACsStallWhileTheTapConnectsHasTheServerLegResetAfterItsBytes() throws Exception {
        Clock clock = new Clock();
        Harness h = new Harness("c>s:stall-after=20", clock);
        h.client.dataReceived(new byte[50]);
        h.client.readConnectionLost();
        assertThat(h.clientTransport.isDisconnecting()).isTrue();
        h.client.connectionLost(new Failure(new ConnectionDone()));
        assertThat(h.finished).as("still connecting, with 20 bytes to forward").isEmpty();

        h.serverConnects();

        assertThat(h.serverTransport.value()).hasSize(20);
        assertThat(h.serverTransport.isWriteDisconnecting()).isFalse();
        assertThat(h.serverTransport.isDisconnected()).as("reset").isTrue();
        h.server.connectionLost(new Failure(new ConnectionAborted()));
        assertThat(h.finished).hasSize(1);
        assertThat(h.finished.get(0).line()).endsWith("; client clean (by tap), server reset (by tap)");
    }

    /**
     * s>c:stall-after, and the server ends (a half-close, or a whole close): its end is recorded when it reaches the
     * stall and held from the client, which is not told (its own timeout is what the stall tests); once the client
     * gives up and ends its side, the tap closes both legs and the connection is reported. Before, the connection
     * stayed open until the tap stopped.
     */
    @ParameterizedTest(name = "half-close: {0}")
    @ValueSource(booleans = {true, false})
    void aServersEndHeldByAnScStallIsKeptFromTheClientUntilTheClientEndsItsSide(boolean halfClose) throws Exception {
        Clock clock = new Clock();
        Harness h = new Harness("s>c:stall-after=20", clock);
        h.serverConnects();
        h.server.dataReceived(new byte[50]);

        if (halfClose) {
            h.server.readConnectionLost();
        } else {
            h.server.connectionLost(new Failure(new ConnectionDone()));
        }
        clock.advance(5);

        assertThat(h.clientTransport.value()).hasSize(20);
        assertThat(h.clientTransport.isWriteDisconnecting())
                .as("the client is not told")
                .isFalse();
        assertThat(h.clientTransport.isDisconnecting()).isFalse();
        h.client.readConnectionLost(); // the client gives up
        assertThat(h.clientTransport.isDisconnecting()).isTrue();
        assertThat(h.clientTransport.isDisconnected()).as("closed cleanly").isFalse();
        assertThat(h.clientTransport.producer())
                .as("no producer left for the close to wait for")
                .isNull();
        if (halfClose) {
            assertThat(h.serverTransport.isWriteDisconnecting())
                    .as("the client's end is passed on")
                    .isTrue();
            h.server.connectionLost(new Failure(new ConnectionDone()));
        }
        h.client.connectionLost(new Failure(new ConnectionDone()));
        assertThat(h.finished).hasSize(1);
        assertThat(h.finished.get(0).line())
                .endsWith("; client clean (by tap), server clean" + (halfClose ? " (by tap)" : ""));
        List<String> outline = outline(h.records());
        assertThat(outline)
                .containsSubsequence(
                        "data s>c 20",
                        "fault s>c:stall-after=20: held the server's end of stream behind the stall (20 bytes s>c"
                                + " passed, 30 held): the client is not told; the connection ends when the client"
                                + " ends its side",
                        "half-close client",
                        "close client clean by tap")
                .contains("close server clean" + (halfClose ? " by tap" : ""))
                .doesNotContain("half-close server");
    }

    /** One read of the reactor: what a transport hands its protocol at most at once. */
    private static final int READ = 64 * 1024;

    @ParameterizedTest
    @EnumSource(Side.class)
    void aSenderFasterThanABandwidthIsPausedAboveTheBoundAndReadAgainBelowTheLowMark(Side from) throws Exception {
        Clock clock = new Clock();
        Harness h = new Harness("bandwidth=1000000/s", clock);
        h.serverConnects();
        StringTransport sender = h.transport(from);
        StringTransport receiver = h.transport(from.other());
        byte[] payload = new byte[4 * Forwarding.HELD_BOUND];
        new Random(7).nextBytes(payload);

        // The sender sends a read whenever the tap reads it; else a hundredth of a second passes.
        int sent = 0;
        boolean paused = false;
        int pauses = 0;
        long mostHeld = 0;
        while (receiver.value().length < payload.length) {
            if (sent < payload.length && sender.producerState() == ProducerState.PRODUCING) {
                h.leg(from).dataReceived(Arrays.copyOfRange(payload, sent, sent + READ));
                sent += READ;
                if (sent == payload.length) {
                    h.leg(from).readConnectionLost(); // its FIN, right behind its last byte
                }
            } else {
                clock.advance(0.01);
            }
            long held = sent - receiver.value().length;
            mostHeld = Math.max(mostHeld, held);
            boolean holding = held > Forwarding.HELD_BOUND || (paused && held >= Forwarding.HELD_LOW);
            assertThat(sender.producerState())
                    .as("%d bytes held", held)
                    .isEqualTo(holding ? ProducerState.PAUSED : ProducerState.PRODUCING);
            pauses += holding && !paused ? 1 : 0;
            paused = holding;
            assertThat(receiver.isWriteDisconnecting())
                    .as("the half-close waits behind the bytes")
                    .isEqualTo(receiver.value().length == payload.length);
        }

        assertThat(receiver.value()).as("every byte, in order").isEqualTo(payload);
        assertThat(pauses).as("paused, read again, paused again").isGreaterThan(1);
        assertThat(mostHeld).isGreaterThan(Forwarding.HELD_BOUND).isLessThanOrEqualTo(Forwarding.HELD_BOUND + READ);
        h.leg(from.other()).readConnectionLost();
        h.client.connectionLost(new Failure(new ConnectionDone()));
        h.server.connectionLost(new Failure(new ConnectionDone()));
        assertThat(h.finished).hasSize(1);
        assertThat(h.finished.get(0).mostHeld(from))
                .as("what the tap says it held")
                .isEqualTo(mostHeld);
        assertThat(TapCommandTest.sentBy(h.records(), from)).isEqualTo(payload);
    }

    /** Makes {@code from} send reads until the tap stops reading it (at most 100); returns the bytes sent. */
    private static int sendUntilPaused(Harness h, Side from) {
        int sent = 0;
        for (int i = 0; i < 100 && h.transport(from).producerState() == ProducerState.PRODUCING; i++) {
            h.leg(from).dataReceived(new byte[READ]);
            sent += READ;
        }
        return sent;
    }

    @ParameterizedTest
    @EnumSource(Side.class)
    void neitherAFullBufferNorTheFaultsReadALegAgainThatTheOtherStillHoldsBack(Side from) throws Exception {
        Clock clock = new Clock();
        Harness h = new Harness("bandwidth=1000000/s", clock);
        h.serverConnects();
        StringTransport sender = h.transport(from);
        StringTransport receiver = h.transport(from.other());
        IPushProducer fed = (IPushProducer) receiver.producer(); // what the receiver's transport pauses when full

        int sent = sendUntilPaused(h, from);
        assertThat(sent)
                .as("held back once the faults hold more than the bound")
                .isEqualTo(Forwarding.HELD_BOUND + READ);
        fed.pauseProducing(); // the receiver's transport fills its buffer
        fed.resumeProducing(); // and writes it out
        assertThat(sender.producerState()).as("still held back by the faults").isEqualTo(ProducerState.PAUSED);

        fed.pauseProducing();
        clock.advance(1.0);
        assertThat(sent - receiver.value().length).isLessThan(Forwarding.HELD_LOW);
        assertThat(sender.producerState())
                .as("the faults let go, but the receiver's buffer is still full")
                .isEqualTo(ProducerState.PAUSED);
        fed.resumeProducing();
        assertThat(sender.producerState()).isEqualTo(ProducerState.PRODUCING);
    }

    @ParameterizedTest
    @EnumSource(Side.class)
    void aResetFromASenderTheFaultsHoldBackPassesAtOnce(Side from) throws Exception {
        Clock clock = new Clock();
        Harness h = new Harness("bandwidth=1000000/s", clock);
        h.serverConnects();
        StringTransport receiver = h.transport(from.other());
        int sent = sendUntilPaused(h, from);
        assertThat(h.transport(from).producerState()).isEqualTo(ProducerState.PAUSED);

        h.leg(from).connectionLost(new Failure(new ConnectionLost("Connection reset by peer")));

        assertThat(receiver.isDisconnected()).as("reset at once").isTrue();
        assertThat(receiver.value()).isEmpty();
        assertThat(h.transport(from).producerState())
                .as("a lost leg is left alone")
                .isEqualTo(ProducerState.PAUSED);
        h.leg(from.other()).connectionLost(new Failure(new ConnectionAborted()));
        assertThat(h.finished).hasSize(1);
        assertThat(clock.getDelayedCalls()).as("no timer left behind").isEmpty();
        assertThat(outline(h.records()))
                .contains("fault " + from.arrow() + ":bandwidth=1000000/s: dropped the " + sent + " bytes "
                        + from.arrow() + " it held: the " + name(from) + " reset");
    }
}
