package dev.weft.internet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class ProtocolToConsumerAdapterTest {
    /** Records the arrays it receives. */
    private static final class Recording extends Protocol {
        final List<byte[]> chunks = new ArrayList<>();

        @Override
        public void dataReceived(byte[] data) {
            chunks.add(data);
        }
    }

    /** Fails the test if the consumer calls any of its methods. */
    private static final class Untouchable implements IPushProducer {
        final List<String> calls = new ArrayList<>();

        @Override
        public void pauseProducing() {
            calls.add("pause");
        }

        @Override
        public void resumeProducing() {
            calls.add("resume");
        }

        @Override
        public void stopProducing() {
            calls.add("stop");
        }
    }

    /** Invariant 6. */
    @Test
    void writeCallsDataReceivedWithTheSameArraySynchronously() {
        Recording p = new Recording();
        ProtocolToConsumerAdapter consumer = new ProtocolToConsumerAdapter(p);
        byte[] first = {1, 2};
        byte[] second = {3};

        consumer.write(first);
        consumer.write(second);

        assertThat(p.chunks).containsExactly(first, second);
        assertThat(p.chunks.get(0)).isSameAs(first);
    }

    /** Invariant 6. */
    @Test
    void registerAndUnregisterProducerAreNoOps() {
        Recording p = new Recording();
        ProtocolToConsumerAdapter consumer = new ProtocolToConsumerAdapter(p);
        Untouchable producer = new Untouchable();

        consumer.registerProducer(producer, true);
        consumer.registerProducer(producer);
        consumer.unregisterProducer();
        consumer.unregisterProducer();

        assertThat(producer.calls).isEmpty();
        assertThat(p.chunks).isEmpty();
        assertThat(consumer.protocol()).isSameAs(p);
    }
}
