package dev.weft.internet.nio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.defer.Deferred;
import dev.weft.internet.Threads;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The blocking helpers' overloads with a timeout fail with a message naming what was awaited. */
final class BlockingTimeoutTest {
    private final ReactorThread rt = ReactorThread.start();

    @AfterEach
    void stopReactor() {
        rt.close();
    }

    @Test
    void aDeferredThatNeverFiresEndsTheWaitWithAMessageNamingIt() {
        Deferred<String> never = new Deferred<>();

        assertThatThrownBy(() -> rt.await(Duration.ofMillis(50), () -> never))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("gave up after PT0.05S")
                .hasMessageContaining("the Deferred returned by the call to fire")
                .hasCauseInstanceOf(TimeoutException.class);
        assertThat(rt.call(never::isCalled)).isFalse();
    }

    @Test
    void aBlockedReactorThreadEndsTheWaitOfACallWithAMessageNamingIt() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        rt.reactor().callFromThread(() -> {
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            assertThatThrownBy(() -> rt.call(Duration.ofMillis(50), () -> "late"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the call to return on the reactor thread")
                    .hasCauseInstanceOf(TimeoutException.class);
            assertThatThrownBy(() -> rt.execute(Duration.ofMillis(50), () -> {}))
                    .hasMessageContaining("gave up after");
        } finally {
            release.countDown();
        }
        assertThat(rt.call(Duration.ofSeconds(60), () -> "answered")).isEqualTo("answered");
    }

    @Test
    void anAnswerWithinTheTimeoutIsReturnedAndFailuresAreRethrownAsTheyAre() {
        assertThat(rt.await(Duration.ofSeconds(60), () -> Deferred.succeed(42))).isEqualTo(42);
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        assertThatThrownBy(() -> rt.await(Duration.ofSeconds(60), () -> Deferred.<Integer>fail(boom)))
                .isSameAs(boom);
    }

    @Test
    void aTimeoutThatIsNotPositiveIsRefused() {
        assertThatThrownBy(() -> Threads.blockingCall(rt.reactor(), Duration.ZERO, () -> 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timeout must be positive");
    }
}
