package dev.weft.internet.testing;

import static dev.weft.internet.testing.DeferredAssertions.assertNoResult;
import static dev.weft.internet.testing.DeferredAssertions.successResultOf;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

final class NonStreamingProducerTest {
    @Test
    void eachResumeWritesTheNextCounterValueAndTheTenthUnregistersAndFiresResult() {
        StringTransport t = new StringTransport();
        NonStreamingProducer producer = new NonStreamingProducer(t);
        t.registerProducer(producer, false);

        for (int i = 0; i < 9; i++) {
            producer.resumeProducing();
        }
        assertThat(t.producer()).isSameAs(producer);
        assertNoResult(producer.result());
        producer.resumeProducing();

        assertThat(new String(t.value(), US_ASCII)).isEqualTo("0123456789");
        assertThat(producer.counter()).isEqualTo(10);
        assertThat(t.producer()).isNull();
        assertThat(successResultOf(producer.result())).isNull();
        assertThat(producer.isStopped()).isFalse();
    }

    @Test
    void resumeAfterFinishingThrows() {
        StringTransport t = new StringTransport();
        NonStreamingProducer producer = new NonStreamingProducer(t);
        t.registerProducer(producer, false);
        for (int i = 0; i < 10; i++) {
            producer.resumeProducing();
        }

        assertThatThrownBy(producer::resumeProducing)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("BUG");
        assertThat(t.value()).hasSize(10);
    }

    @Test
    void pauseAlwaysThrows() {
        NonStreamingProducer producer = new NonStreamingProducer(new StringTransport());

        assertThatThrownBy(producer::pauseProducing)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("pull producer");
    }

    @Test
    void stopSetsStoppedFiresResultWithNullAndForbidsFurtherResumes() {
        StringTransport t = new StringTransport();
        NonStreamingProducer producer = new NonStreamingProducer(t);
        t.registerProducer(producer, false);
        producer.resumeProducing();

        producer.stopProducing();

        assertThat(producer.isStopped()).isTrue();
        assertThat(successResultOf(producer.result())).isNull();
        assertThatThrownBy(producer::resumeProducing).isInstanceOf(IllegalStateException.class);
        assertThat(t.value()).isEqualTo("0".getBytes(US_ASCII));
    }

    /** Weft's choice: Twisted raises AttributeError on a second stop or a stop after finishing. */
    @Test
    void stopAfterFinishingOrTwiceOnlySetsTheFlag() {
        StringTransport t = new StringTransport();
        NonStreamingProducer producer = new NonStreamingProducer(t);
        t.registerProducer(producer, false);
        for (int i = 0; i < 10; i++) {
            producer.resumeProducing();
        }

        producer.stopProducing();
        producer.stopProducing();

        assertThat(producer.isStopped()).isTrue();
        assertThat(successResultOf(producer.result())).isNull();
        assertThat(producer).hasToString("NonStreamingProducer[counter=10, stopped, done]");
    }
}
