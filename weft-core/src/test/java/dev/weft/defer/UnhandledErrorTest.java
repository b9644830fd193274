package dev.weft.defer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** The unhandled-error marker (I51) and its report through System.Logger (I52). */
final class UnhandledErrorTest {
    private final IllegalStateException boom = new IllegalStateException("boom");

    @Test
    void chainEndingOnAFailureIsMarkedAndHandlingItClearsTheMark() {
        Deferred<Object> d = Deferred.fail(boom);
        assertThat(d.unhandledFailure()).isSameAs(d.currentResult());
        d.addErrback(f -> "handled");
        assertThat(d.unhandledFailure()).isNull();
    }

    @Test
    void deferredPausedWhenItsFailureArrivesIsNotMarked() {
        Deferred<Object> d = new Deferred<>();
        d.pause();
        d.errback(boom);
        assertThat(d.unhandledFailure()).isNull();
    }

    @Test
    void deferredPausedAfterEndingOnAFailureStaysMarked() {
        Deferred<Object> d = Deferred.fail(boom);
        d.pause();
        d.addErrback(f -> "not run while paused");
        assertThat(d.unhandledFailure()).isNotNull();
        d.unpause();
        assertThat(d.unhandledFailure()).as("handled once unpaused").isNull();
    }

    @Test
    void handingAFailureOnByChainingClearsTheDonorsMark() {
        Deferred<Object> stolenFrom = Deferred.fail(boom);
        Deferred<Object> taker = Deferred.succeed(0);
        taker.addCallbackDeferring(x -> stolenFrom);
        assertThat(stolenFrom.unhandledFailure()).isNull();
        assertThat(taker.unhandledFailure()).isNotNull();

        Deferred<Object> inner = new Deferred<>();
        Deferred<Object> waiter = Deferred.succeed(0);
        waiter.addCallbackDeferring(x -> inner);
        inner.errback(boom);
        assertThat(inner.unhandledFailure()).isNull();
        assertThat(waiter.unhandledFailure()).isNotNull();
        handle(taker, waiter);
    }

    /**
     * Handles what a test left failed on purpose, so that its garbage collection logs nothing during a later test
     * class (where the report would be misread as that class's).
     */
    @SafeVarargs
    private static void handle(Deferred<Object>... failed) {
        for (Deferred<Object> d : failed) {
            d.addErrback(f -> null);
            assertThat(d.unhandledFailure()).isNull();
        }
    }

    @Test
    void markedSideObjectLogsUnhandledErrorWithTheFailure() {
        try (LogCapture log = new LogCapture()) {
            DebugInfo info = new DebugInfo();
            info.mark(new Failure(boom), new Object());
            info.run();
            assertThat(log.records()).singleElement().satisfies(r -> {
                assertThat(r.getLevel()).isEqualTo(Level.SEVERE);
                assertThat(r.getMessage())
                        .startsWith("Unhandled error in Deferred:")
                        .contains("boom");
                assertThat(r.getThrown()).isSameAs(boom);
            });
            info.clear(); // the Cleaner runs it again when the owner is collected
        }
    }

    @Test
    void clearedOrNeverMarkedSideObjectLogsNothing() {
        try (LogCapture log = new LogCapture()) {
            DebugInfo cleared = new DebugInfo();
            cleared.mark(new Failure(boom), new Object());
            cleared.clear();
            cleared.run();
            new DebugInfo().run();
            assertThat(log.records()).isEmpty();
        }
    }

    @Test
    void unhandledErrorLogCarriesTheDebugStacks() {
        try (LogCapture log = new LogCapture()) {
            DebugInfo info = new DebugInfo();
            info.recordCreator();
            info.recordInvoker();
            info.mark(new Failure(boom), new Object());
            info.run();
            assertThat(log.records())
                    .singleElement()
                    .satisfies(r -> assertThat(r.getMessage())
                            .contains("(debug:")
                            .contains(" C: Deferred was created:")
                            .contains(" I: First Invoker was:")
                            .contains("UnhandledErrorTest.unhandledErrorLogCarriesTheDebugStacks"));
            info.clear(); // the Cleaner runs it again when the owner is collected
        }
    }

    /** Creates a failed Deferred nobody handles and drops it. */
    private static void dropFailedDeferred(String message) {
        Deferred.fail(new IllegalStateException(message));
    }

    @Test
    void garbageCollectedDeferredWithAnUnhandledFailureIsLogged() throws InterruptedException {
        String message = "unhandled-" + UUID.randomUUID();
        try (LogCapture log = new LogCapture(r -> isAbout(r, message))) {
            dropFailedDeferred(message);
            // A minute, not ten seconds: the collection and the Cleaner's thread can both be slow on a loaded machine.
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            boolean logged = false;
            while (!logged && System.nanoTime() < deadline) {
                System.gc();
                logged = log.await(200);
            }
            assertThat(logged)
                    .as("logged after garbage collection, within a minute")
                    .isTrue();
        }
    }

    private static boolean isAbout(LogRecord r, String message) {
        return r.getThrown() != null && message.equals(r.getThrown().getMessage());
    }
}
