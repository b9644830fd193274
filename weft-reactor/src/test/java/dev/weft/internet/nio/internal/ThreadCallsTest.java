package dev.weft.internet.nio.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.spi.AbstractSelectableChannel;
import java.nio.channels.spi.AbstractSelector;
import java.nio.channels.spi.SelectorProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The queue of calls from other threads, and when it wakes the selector. */
final class ThreadCallsTest {
    private final CountingSelector selector = new CountingSelector();
    private final ThreadCalls calls = new ThreadCalls(selector);
    private final List<String> ran = new ArrayList<>();

    @Test
    void aCallWakesASleepingLoopOnceAndAnAwakeLoopNever() {
        calls.add(() -> ran.add("awake"));
        assertThat(selector.wakeups).as("the loop is not asleep").isZero();
        calls.beforeSleep();
        calls.add(() -> ran.add("first"));
        calls.add(() -> ran.add("second"));
        assertThat(selector.wakeups).as("one wake-up for the sleeper").isEqualTo(1);
        calls.afterSleep();
        calls.runSome();
        assertThat(ran).containsExactly("awake", "first", "second");
    }

    @Test
    void aLazyCallNeverWakesTheLoopAndRunsInOrderAtItsNextTurn() {
        calls.beforeSleep();
        calls.addLazily(() -> ran.add("lazy"));
        assertThat(selector.wakeups).isZero();
        assertThat(calls.isEmpty())
                .as("a loop about to sleep sees it and does not")
                .isFalse();
        calls.add(() -> ran.add("eager"));
        assertThat(selector.wakeups).isEqualTo(1);
        calls.afterSleep();
        calls.runSome();
        assertThat(ran).containsExactly("lazy", "eager");
        assertThat(calls.isEmpty()).isTrue();
    }

    /** A selector that only counts {@link #wakeup()}; the queue calls nothing else on it. */
    private static final class CountingSelector extends AbstractSelector {
        int wakeups;

        CountingSelector() {
            super(SelectorProvider.provider());
        }

        @Override
        public Selector wakeup() {
            wakeups++;
            return this;
        }

        @Override
        protected void implCloseSelector() {}

        @Override
        protected SelectionKey register(AbstractSelectableChannel ch, int ops, Object att) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Set<SelectionKey> keys() {
            return Set.of();
        }

        @Override
        public Set<SelectionKey> selectedKeys() {
            return Set.of();
        }

        @Override
        public int selectNow() {
            return 0;
        }

        @Override
        public int select(long timeout) {
            return 0;
        }

        @Override
        public int select() {
            return 0;
        }
    }
}
