package dev.weft.internet.testing;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.internet.IConsumer;
import dev.weft.internet.IPullProducer;
import dev.weft.internet.IPushProducer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Invariant 58 and the transport's own pause/resume: producers on a FakeTransport. */
final class IOPumpProducerTest {
    private final List<String> log = new ArrayList<>();

    private ConnectedPair<ProbeProtocol, ProbeProtocol> connected() {
        var pair =
                IOPump.connectedServerAndClient(() -> new ProbeProtocol("S", log), () -> new ProbeProtocol("C", log));
        log.clear();
        return pair;
    }

    /** Invariant 58: a pull producer is resumed at registration and once per pump. */
    @Test
    void pullProducerIsResumedAtRegistrationAndOncePerPump() {
        var pair = connected();
        CountingPullProducer producer = new CountingPullProducer(null, 0);

        pair.client().transport().registerProducer(producer, false);
        assertThat(producer.resumes).isEqualTo(1);

        assertThat(pair.pump().pump()).isFalse();
        assertThat(producer.resumes).isEqualTo(2);
        pair.pump().pump();
        assertThat(producer.resumes).isEqualTo(3);
    }

    /** Invariant 58: what a pull producer writes during a pump goes out on the next one. */
    @Test
    void pullProducerOutputGoesOutOnTheNextPumpUntilItUnregisters() {
        var pair = connected();
        FakeTransport clientIO = pair.pump().clientIO();
        CountingPullProducer producer = new CountingPullProducer(clientIO, 3);

        clientIO.registerProducer(producer, false);
        assertThat(clientIO.pendingBytes()).isEqualTo("0".getBytes(US_ASCII));
        pair.pump().pump();
        assertThat(pair.server().chunkStrings()).containsExactly("0");
        assertThat(clientIO.pendingBytes()).isEqualTo("1".getBytes(US_ASCII));

        pair.pump().flush();
        assertThat(pair.server().chunkStrings()).containsExactly("0", "1", "2");
        assertThat(clientIO.producer()).isNull();
        assertThat(producer.resumes).isEqualTo(4);
    }

    /** Invariant 58: a push producer gets no calls while bytes flow. */
    @Test
    void pushProducerReceivesNoCallsWhileBytesFlow() {
        var pair = connected();
        List<String> calls = new ArrayList<>();
        RecordingPushProducer producer = new RecordingPushProducer(calls);

        pair.client().transport().registerProducer(producer, true);
        for (int i = 0; i < 10; i++) {
            pair.client().send("x".repeat(70_000));
            pair.pump().flush();
        }

        assertThat(calls).isEmpty();
        assertThat(pair.server().chunks).hasSize(10);
        assertThat(pair.pump().clientIO().producer()).isSameAs(producer);
        assertThat(pair.pump().clientIO().isStreamingProducer()).isTrue();
    }

    /** As on real TCP (invariant 67), unlike Twisted's iosim: the producer is stopped before connectionLost. */
    @Test
    void producerIsStoppedAndUnregisteredBeforeConnectionLost() {
        var pair = connected();
        pair.client().transport().registerProducer(new RecordingPushProducer(log), true);

        pair.server().transport().loseConnection();
        pair.pump().flush();

        assertThat(log).containsExactly("P:stop", "C:lost:ConnectionDone", "S:lost:ConnectionDone");
        assertThat(pair.pump().clientIO().producer()).isNull();
    }

    @Test
    void registeringASecondProducerThrowsAndKeepsTheFirst() {
        var pair = connected();
        RecordingPushProducer first = new RecordingPushProducer(log);
        pair.client().transport().registerProducer(first, true);

        assertThatThrownBy(() -> pair.client().transport().registerProducer(new RecordingPushProducer(log), true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already registered");
        assertThat(pair.pump().clientIO().producer()).isSameAs(first);

        pair.client().transport().unregisterProducer();
        pair.client().transport().registerProducer(new CountingPullProducer(null, 0), false);
        assertThat(pair.pump().clientIO().isStreamingProducer()).isFalse();
    }

    @Test
    void registeringAProducerOfTheWrongKindThrows() {
        var pair = connected();

        assertThatThrownBy(() -> pair.client().transport().registerProducer(new RecordingPushProducer(log), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("IPullProducer");
        assertThatThrownBy(() -> pair.client().transport().registerProducer(new CountingPullProducer(null, 0), true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("IPushProducer");
        assertThat(pair.pump().clientIO().producer()).isNull();
    }

    @Test
    void registeringOnALostTransportStopsTheProducerInstead() {
        var pair = connected();
        pair.server().transport().loseConnection();
        pair.pump().flush();
        log.clear();

        pair.client().transport().registerProducer(new RecordingPushProducer(log), true);

        assertThat(log).containsExactly("P:stop");
        assertThat(pair.pump().clientIO().producer()).isNull();
    }

    @Test
    void unregisteredPullProducerIsNotResumedAgain() {
        var pair = connected();
        CountingPullProducer producer = new CountingPullProducer(null, 0);
        pair.client().transport().registerProducer(producer, false);

        pair.client().transport().unregisterProducer();
        pair.pump().flush();

        assertThat(producer.resumes).isEqualTo(1);
    }

    /** Unlike Twisted's iosim, pausing the transport stops delivery to its protocol until it resumes. */
    @Test
    void pausedSideReceivesNothingUntilItResumes() {
        var pair = connected();
        FakeTransport serverIO = pair.pump().serverIO();

        serverIO.pauseProducing();
        pair.client().send("held");
        pair.server().send("still flows");
        pair.pump().flush();

        assertThat(serverIO.isPaused()).isTrue();
        assertThat(pair.server().chunks).isEmpty();
        assertThat(pair.client().received()).isEqualTo("still flows");

        serverIO.resumeProducing();
        pair.pump().flush();
        assertThat(pair.server().received()).isEqualTo("held");
    }

    @Test
    void pausedSideSeesNoCloseUntilItResumes() {
        var pair = connected();
        FakeTransport clientIO = pair.pump().clientIO();

        clientIO.pauseProducing();
        pair.server().send("bye");
        pair.server().transport().loseConnection();
        assertThat(pair.pump().flush()).isFalse();
        assertThat(log).isEmpty();

        clientIO.resumeProducing();
        pair.pump().flush();
        assertThat(log).containsExactly("C:data:bye", "C:lost:ConnectionDone", "S:lost:ConnectionDone");
    }

    @Test
    void stopProducingOnTheTransportLosesTheConnection() {
        var pair = connected();

        pair.pump().serverIO().stopProducing();
        pair.pump().flush();

        assertThat(log).containsExactly("C:lost:ConnectionDone", "S:lost:ConnectionDone");
    }

    /** A pull producer that writes its resume count (when given a consumer) until it has written {@code limit} times. */
    private static final class CountingPullProducer implements IPullProducer {
        private final IConsumer consumer;
        private final int limit;
        int resumes;

        CountingPullProducer(IConsumer consumer, int limit) {
            this.consumer = consumer;
            this.limit = limit;
        }

        @Override
        public void resumeProducing() {
            resumes++;
            if (consumer == null) {
                return;
            }
            if (resumes > limit) {
                consumer.unregisterProducer();
                return;
            }
            consumer.write(Integer.toString(resumes - 1).getBytes(US_ASCII));
        }

        @Override
        public void stopProducing() {}
    }

    private static final class RecordingPushProducer implements IPushProducer {
        private final List<String> log;

        RecordingPushProducer(List<String> log) {
            this.log = log;
        }

        @Override
        public void pauseProducing() {
            log.add("P:pause");
        }

        @Override
        public void resumeProducing() {
            log.add("P:resume");
        }

        @Override
        public void stopProducing() {
            log.add("P:stop");
        }
    }
}
