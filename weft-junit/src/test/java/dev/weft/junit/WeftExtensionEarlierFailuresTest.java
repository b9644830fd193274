package dev.weft.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.displayName;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.weft.defer.Deferred;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * A failed {@code Deferred} dropped before a test started is not that test's: {@link WeftExtension} collects it before
 * the test and logs it as a warning. Before, a clean test after one that dropped a failure without the extension
 * failed, blamed for it ("aCleanTestWithTheExtension() broke the kit's hygiene rules: 1 Deferred(s) failed ...").
 */
class WeftExtensionEarlierFailuresTest {
    /** The cases, in this order; run only through EngineTestKit. */
    @ExtendWith(OnlyInTestKit.class)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class Cases {
        @Test
        @Order(1)
        void dropsAFailureWithoutTheExtension() {
            drop("dropped by the first test");
        }

        @Test
        @Order(2)
        @ExtendWith(WeftExtension.class)
        void aCleanTestWithTheExtension() {}

        @Test
        @Order(3)
        void dropsAnotherWithoutTheExtension() {
            drop("dropped by the third test");
        }

        @Test
        @Order(4)
        @ExtendWith(WeftExtension.class)
        void dropsItsOwnWithTheExtension() {
            drop("dropped by the fourth test itself");
        }

        private static void drop(String what) {
            Deferred<Void> d = new Deferred<>();
            d.errback(new IllegalStateException(what));
        }
    }

    /** Keeps the records of the extension's logger. */
    private static final class Capture extends Handler {
        final List<LogRecord> records = new CopyOnWriteArrayList<>();

        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }

    @Test
    void aFailureDroppedBeforeTheTestIsLoggedAsEarlierAndNotBlamedOnIt() {
        Logger logger = Logger.getLogger(WeftExtension.class.getName());
        Capture capture = new Capture();
        logger.addHandler(capture);
        Events events;
        try {
            events = EngineTestKit.engine("junit-jupiter")
                    .configurationParameter(OnlyInTestKit.KEY, "true")
                    .selectors(selectClass(Cases.class))
                    .execute()
                    .testEvents();
        } finally {
            logger.removeHandler(capture);
        }

        events.assertStatistics(s -> s.started(4).succeeded(3).failed(1));
        events.assertThatEvents()
                .haveExactly(1, event(displayName("aCleanTestWithTheExtension()"), finishedSuccessfully()))
                .haveExactly(
                        1,
                        event(
                                displayName("dropsItsOwnWithTheExtension()"),
                                finishedWithFailure(message(m -> m.contains("1 Deferred(s) failed")
                                        && m.contains("dropped by the fourth test itself")
                                        && !m.contains("dropped by the third test")))));
        assertThat(capture.records)
                .filteredOn(r -> r.getLevel() == Level.WARNING)
                .extracting(LogRecord::getMessage)
                .satisfiesExactly(
                        m -> assertThat(m)
                                .contains("1 Deferred(s) failed unhandled before aCleanTestWithTheExtension() started")
                                .contains("not counted against it")
                                .contains("dropped by the first test"),
                        m -> assertThat(m)
                                .contains("before dropsItsOwnWithTheExtension() started")
                                .contains("dropped by the third test")
                                .doesNotContain("fourth"));
    }
}
