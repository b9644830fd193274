package dev.weft.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.internet.nio.NioReactor;
import dev.weft.internet.nio.ReactorThread;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The teardown's bound on a fixture's close: a close that waits for a reactor thread blocked after the teardown last
 * looked at it (a responder that starts blocking late) is reported with where that thread is, and does not hold the
 * teardown.
 */
class ReactorWaitsCloseTest {
    @Test
    void aCloseThatWaitsForABlockedReactorIsReportedAtTheDeadlineWithTheReactorsStack() throws Exception {
        ReactorThread rt = ReactorThread.start(new NioReactor(1));
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        rt.reactor().callFromThread(() -> {
            blocked.countDown();
            awaitQuietly(release);
        });
        assertThat(blocked.await(30, TimeUnit.SECONDS)).isTrue();
        try {
            // what a fixture's close does: ask the reactor to stop and wait for its thread
            Runnable close = () -> rt.call(() -> 1);
            assertThatThrownBy(() -> ReactorWaits.closeWithin(
                            close,
                            rt,
                            System.nanoTime() + Duration.ofMillis(200).toNanos(),
                            "the injected SinkServer"))
                    .isInstanceOf(ReactorWaits.Blocked.class)
                    .hasMessageContaining("the injected SinkServer did not close within the teardown's bound")
                    .hasMessageContaining(rt.thread().getName())
                    .satisfies(b -> assertThat(((ReactorWaits.Blocked) b).where.getStackTrace())
                            .anySatisfy(f -> assertThat(f.getMethodName()).contains("awaitQuietly")));
        } finally {
            release.countDown();
        }
        rt.thread().join(TimeUnit.SECONDS.toMillis(30));
        assertThat(rt.thread().isAlive())
                .as("the stop queued at the deadline ran once it was free")
                .isFalse();
    }

    @Test
    void aCloseThatFailsRethrowsItsFailureOnTheTeardownsThread() {
        ReactorThread rt = ReactorThread.start(new NioReactor(1));
        try {
            AssertionError failure = new AssertionError("SinkServer closed with 1 connection(s) still open");
            assertThatThrownBy(() -> ReactorWaits.closeWithin(
                            () -> {
                                throw failure;
                            },
                            rt,
                            System.nanoTime() + Duration.ofSeconds(30).toNanos(),
                            "the injected SinkServer"))
                    .isSameAs(failure);
        } finally {
            rt.close();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
