package dev.weft.defer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class DeferredQueueTest {
    private final List<Object> gotten = new ArrayList<>();

    @Test
    void boundedQueueHandsItemsToWaitersThenKeepsThemUpToItsSize() {
        int n = 2;
        int m = 2;
        DeferredQueue<Integer> queue = new DeferredQueue<>(n, m);

        for (int i = 0; i < m; i++) {
            queue.get().addCallback(gotten::add);
        }
        assertThatThrownBy(queue::get).isInstanceOf(QueueUnderflow.class);
        assertThat(queue.waiting()).isEqualTo(m);

        for (int i = 0; i < m; i++) {
            queue.put(i);
            assertThat(gotten).hasSize(i + 1).last().isEqualTo(i);
        }
        for (int i = 0; i < n; i++) {
            queue.put(n + i);
            assertThat(gotten).containsExactly(0, 1);
        }
        assertThat(queue.pending()).isEqualTo(n);
        assertThatThrownBy(() -> queue.put(null)).isInstanceOf(QueueOverflow.class);
        assertThat(queue.pending()).isEqualTo(n);

        gotten.clear();
        for (int i = 0; i < n; i++) {
            queue.get().addCallback(gotten::add);
            assertThat(gotten).hasSize(i + 1).last().isEqualTo(n + i);
        }
        assertThat(queue.pending()).isZero();
    }

    @Test
    void unboundedQueueServesWaitersInOrder() {
        DeferredQueue<Integer> queue = new DeferredQueue<>();
        for (int i = 0; i < 3; i++) {
            queue.get().addCallback(gotten::add);
        }
        for (int i = 0; i < 3; i++) {
            queue.put(i);
        }
        assertThat(gotten).containsExactly(0, 1, 2);
        assertThat(queue.sizeLimit()).isEqualTo(DeferredQueue.UNBOUNDED);
        assertThat(queue.backlogLimit()).isEqualTo(DeferredQueue.UNBOUNDED);
    }

    @Test
    void itemsPutBeforeAnyGetComeOutOldestFirst() {
        DeferredQueue<String> queue = new DeferredQueue<>();
        queue.put("a");
        queue.put("b");
        Deferred<String> first = queue.get();
        assertThat(first.currentResult()).isEqualTo("a");
        assertThat(queue.get().currentResult()).isEqualTo("b");
        assertThat(queue.get().isCalled()).isFalse();
    }

    @Test
    void sizeZeroOverflowsOnEveryPutThatFindsNobodyWaiting() {
        DeferredQueue<Object> queue = new DeferredQueue<>(0, DeferredQueue.UNBOUNDED);
        assertThatThrownBy(() -> queue.put(null)).isInstanceOf(QueueOverflow.class);
        queue.get().addCallback(gotten::add);
        queue.put("direct");
        assertThat(gotten).containsExactly("direct");
    }

    @Test
    void backlogZeroUnderflowsOnEveryGetThatFindsNoItem() {
        DeferredQueue<Object> queue = new DeferredQueue<>(DeferredQueue.UNBOUNDED, 0);
        assertThatThrownBy(queue::get).isInstanceOf(QueueUnderflow.class);
        queue.put("kept");
        assertThat(queue.get().currentResult()).isEqualTo("kept");
    }

    @Test
    void negativeLimitsAreRejectedWithIllegalArgumentException() {
        assertThatThrownBy(() -> new DeferredQueue<>(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DeferredQueue<>(0, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nullIsAnOrdinaryItem() {
        DeferredQueue<String> queue = new DeferredQueue<>();
        queue.put(null);
        queue.put("x");
        assertThat(queue.pending()).isEqualTo(2);
        Deferred<String> d = queue.get();
        assertThat(d.isCalled()).isTrue();
        assertThat(d.currentResult()).isNull();
        assertThat(queue.get().currentResult()).isEqualTo("x");
    }

    @Test
    void puttingADeferredIsRejectedAndLeavesTheWaiterWaiting() {
        DeferredQueue<Object> queue = new DeferredQueue<>();
        Deferred<Object> waiter = queue.get();
        assertThatThrownBy(() -> queue.put(new Deferred<>())).isInstanceOf(IllegalArgumentException.class);
        assertThat(waiter.isCalled()).isFalse();
        assertThat(queue.waiting()).isEqualTo(1);
    }

    @Test
    void cancellingAGetThatAlreadyHasItsItemDoesNothing() {
        DeferredQueue<String> queue = new DeferredQueue<>();
        Deferred<String> d = queue.get();
        List<Object> errors = new ArrayList<>();
        d.addErrback(errors::add);
        queue.put("item");
        d.cancel();
        assertThat(errors).isEmpty();
        assertThat(d.currentResult()).isEqualTo("item");
    }

    @Test
    void cancellingAWaitingGetFailsItAndLaterPutsSkipIt() {
        DeferredQueue<String> queue = new DeferredQueue<>();
        Deferred<String> d = queue.get();
        d.cancel();
        assertThat(d.currentResult())
                .isInstanceOfSatisfying(
                        Failure.class, f -> assertThat(f.value()).isInstanceOf(CancelledError.class));
        assertThat(queue.waiting()).isZero();

        Deferred<Object> chained = d.addErrback(f -> {
                    f.trap(CancelledError.class);
                    return null;
                })
                .addCallbackDeferring(ignored -> {
                    queue.put("after cancel");
                    return queue.get();
                })
                .addCallback(gotten::add);
        assertThat(gotten).containsExactly("after cancel");
        assertThat(chained.currentResult()).isEqualTo(true);
    }

    @Test
    void cancellingOneOfSeveralWaitingGetsPassesItsItemToTheNext() {
        DeferredQueue<Integer> queue = new DeferredQueue<>();
        Deferred<Integer> first = queue.get();
        Deferred<Integer> second = queue.get();
        second.addCallback(gotten::add);
        first.cancel();
        first.addErrback(f -> null);
        queue.put(7);
        assertThat(gotten).containsExactly(7);
        assertThat(queue.pending()).isZero();
    }

    @Test
    void toStringShowsCountsAndLimits() {
        DeferredQueue<Integer> queue = new DeferredQueue<>(2, DeferredQueue.UNBOUNDED);
        queue.put(1);
        assertThat(queue).hasToString("DeferredQueue{1 pending, 0 waiting, size 2, backlog unbounded}");
    }
}
