package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A command waiting for work the reactor's callbacks complete returns its result, and never waits on a reactor that
 * is gone: what ended the loop reaches the waiting thread.
 */
final class ReactorSessionJoinTest {
    @Test
    void returnsTheResultOfWorkTheReactorCompletes() {
        try (ReactorSession session = ReactorSession.start()) {
            CompletableFuture<String> work = new CompletableFuture<>();
            session.execute(() -> work.complete("done"));
            assertThat(session.join(work)).isEqualTo("done");
        }
    }

    @Test
    void anErrorThatEndsTheReactorReachesTheWaitingThreadInsteadOfAHang() {
        CompletableFuture<String> never = new CompletableFuture<>();
        ReactorSession session = ReactorSession.start();
        try {
            // An OutOfMemoryError on the reactor thread stops the loop at once (NioReactor's class comment).
            session.execute(() -> {
                throw new OutOfMemoryError("a test's stand-in for an exhausted heap");
            });
            assertThatThrownBy(() -> session.join(never))
                    .isInstanceOf(OutOfMemoryError.class)
                    .hasMessage("a test's stand-in for an exhausted heap");
        } finally {
            session.close();
        }
    }
}
