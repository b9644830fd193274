package dev.weft.protocols.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.IConsumer;
import dev.weft.internet.IPullProducer;
import dev.weft.internet.IPushProducer;
import dev.weft.internet.testing.LogCapture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The loop that drives a pull producer, alone: Twisted's {@code _PullToPush} and its task. */
class PullToPushTest {
    private final Turns turns = new Turns();
    private final List<String> calls = new ArrayList<>();
    private Runnable onResume = () -> {};

    private final IPullProducer producer = new IPullProducer() {
        @Override
        public void resumeProducing() {
            calls.add("resume");
            onResume.run();
        }

        @Override
        public void stopProducing() {
            calls.add("stop");
        }
    };

    /** A consumer whose unregisterProducer stops the loop, as the TLS layer's does, or throws. */
    private final class Consumer implements IConsumer {
        PullToPush loop;
        boolean failUnregister;
        int unregisters;

        @Override
        public void registerProducer(IPushProducer p) {}

        @Override
        public void registerProducer(IPullProducer p) {}

        @Override
        public void unregisterProducer() {
            unregisters++;
            if (failUnregister) {
                throw new IllegalStateException("the consumer is broken too");
            }
            loop.stopStreaming();
        }

        @Override
        public void write(byte[] data) {}
    }

    private final Consumer consumer = new Consumer();
    private final PullToPush loop = new PullToPush(producer, consumer, turns);

    {
        consumer.loop = loop;
    }

    @Test
    void nothingRunsBeforeStartStreamingThenOneCallPerTurn() {
        turns.turns(2);
        assertThat(calls).isEmpty();
        loop.startStreaming();
        assertThat(calls).isEmpty();
        turns.turns(3);
        assertThat(calls).containsExactly("resume", "resume", "resume");
    }

    @Test
    void pauseSuspendsAndResumeContinuesAndARepeatedCallChangesNothing() {
        loop.startStreaming();
        turns.turn();
        loop.pauseProducing();
        loop.pauseProducing();
        turns.turns(3);
        assertThat(calls).hasSize(1);
        loop.resumeProducing();
        loop.resumeProducing(); // already running: still one call per turn
        turns.turns(2);
        assertThat(calls).hasSize(3);
        assertThat(turns.getDelayedCalls()).hasSize(1);
    }

    @Test
    void stopProducingEndsTheLoopAndStopsTheProducerAndAResumeCannotRestartIt() {
        loop.startStreaming();
        turns.turn();
        loop.stopProducing();
        loop.resumeProducing();
        turns.turns(3);
        assertThat(calls).containsExactly("resume", "stop");
        assertThat(turns.getDelayedCalls()).isEmpty();
    }

    @Test
    void aThrowingProducerIsUnregisteredFromItsConsumerAndNotStopped() {
        onResume = () -> {
            throw new IllegalArgumentException("no more data today");
        };
        loop.startStreaming();
        turns.turns(3);
        assertThat(calls).containsExactly("resume");
        assertThat(consumer.unregisters).isEqualTo(1);
        assertThat(turns.getDelayedCalls()).isEmpty();
    }

    @Test
    void whenTheConsumerFailsToUnregisterTheLoopStopsOnItsOwn() {
        onResume = () -> {
            throw new IllegalArgumentException("no more data today");
        };
        consumer.failUnregister = true;
        loop.startStreaming();
        try (LogCapture log = new LogCapture(PullToPush.class.getName())) {
            turns.turns(3);
            assertThat(log.thrown(IllegalArgumentException.class)).hasSize(1);
            assertThat(log.thrown(IllegalStateException.class)).hasSize(1); // the consumer's failure
        }
        assertThat(calls).containsExactly("resume");
        assertThat(consumer.unregisters).isEqualTo(1);
        assertThat(turns.getDelayedCalls()).isEmpty();
        loop.resumeProducing();
        turns.turn();
        assertThat(calls).containsExactly("resume");
    }

    /** Twisted's {@code test_resume}: a pause and a resume inside the producer's call keep one call per turn. */
    @Test
    void aPauseAndResumeInsideResumeProducingKeepOneCallPerTurn() {
        onResume = () -> {
            loop.pauseProducing();
            loop.resumeProducing();
        };
        loop.startStreaming();
        turns.turns(3);
        assertThat(calls).hasSize(3);
        assertThat(turns.getDelayedCalls()).hasSize(1);
    }

    /** Twisted's {@code test_pause} and {@code test_stopProducing}, from inside the producer's call. */
    @Test
    void aPauseOrAStopInsideResumeProducingTakesEffectAtOnce() {
        onResume = loop::pauseProducing;
        loop.startStreaming();
        turns.turns(3);
        assertThat(calls).containsExactly("resume");
        assertThat(turns.getDelayedCalls()).isEmpty();

        onResume = loop::stopProducing;
        loop.resumeProducing();
        turns.turns(3);
        assertThat(calls).containsExactly("resume", "resume", "stop");
        assertThat(turns.getDelayedCalls()).isEmpty();
    }
}
