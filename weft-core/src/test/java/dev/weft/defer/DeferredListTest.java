package dev.weft.defer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

final class DeferredListTest {
    private final List<Object> seen = new ArrayList<>();

    @SuppressWarnings("unchecked")
    private static <T> List<DeferredList.Result<T>> results(DeferredList<T> list) {
        return (List<DeferredList.Result<T>>) list.currentResult();
    }

    @Test
    void firesWithEveryResultInInputOrderOnceAllHaveReported() {
        Deferred<String> a = new Deferred<>();
        Deferred<String> b = new Deferred<>();
        IllegalStateException boom = new IllegalStateException();
        DeferredList<String> list = new DeferredList<>(List.of(a, b));
        b.errback(boom);
        assertThat(list.isCalled()).isFalse();
        a.callback("a");
        List<DeferredList.Result<String>> results = results(list);
        assertThat(results).hasSize(2);
        assertThat(results.get(0).success()).isTrue();
        assertThat(results.get(0).value()).isEqualTo("a");
        assertThat(results.get(1).success()).isFalse();
        assertThat(results.get(1).failure().value()).isSameAs(boom);
        assertThatThrownBy(() -> results.get(1).value()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> results.get(0).failure()).isInstanceOf(IllegalStateException.class);
        assertThat(b.currentResult())
                .as("the member's own chain still carries its failure")
                .isInstanceOf(Failure.class);
    }

    @Test
    void consumeErrorsTurnsAMembersFailureIntoNullForItsLaterPairs() {
        Deferred<String> a = new Deferred<>();
        DeferredList<String> list = new DeferredList<>(List.of(a), false, false, true);
        a.errback(new IllegalStateException());
        assertThat(a.currentResult()).isNull();
        assertThat(a.unhandledFailure()).isNull();
        assertThat(results(list).get(0).success()).isFalse();
    }

    @Test
    void emptyListFiresAtOnceUnlessFireOnOneCallback() {
        assertThat(new DeferredList<String>(List.of()).currentResult()).isEqualTo(List.of());
        assertThat(new DeferredList<String>(List.of(), true, false, false).isCalled())
                .isFalse();
        assertThat(DeferredList.gatherResults(List.<Deferred<String>>of()).currentResult())
                .isEqualTo(List.of());
    }

    @Test
    void fireOnOneCallbackFiresWithTheFirstSuccessAndItsIndex() {
        Deferred<String> a = new Deferred<>();
        Deferred<String> b = new Deferred<>();
        DeferredList<String> list = new DeferredList<>(List.of(a, b), true, false, false);
        b.callback("b");
        a.callback("a");
        assertThat(list.currentResult()).isEqualTo(new DeferredList.FirstResult<>("b", 1));
    }

    @Test
    void fireOnOneErrbackFailsWithFirstErrorWrappingTheMembersFailure() {
        Deferred<String> a = new Deferred<>();
        Deferred<String> b = new Deferred<>();
        DeferredList<String> list = new DeferredList<>(List.of(a, b), false, true, false);
        IllegalStateException boom = new IllegalStateException("b failed");
        b.errback(boom);
        FirstError error = (FirstError) ((Failure) list.currentResult()).value();
        assertThat(error.index()).isEqualTo(1);
        assertThat(error.subFailure()).isSameAs(b.currentResult());
        assertThat(error.subFailure().value()).isSameAs(boom);
        assertThat(error).hasMessageContaining("#1").cause().isSameAs(boom);
        a.callback("late");
        assertThat(((Failure) list.currentResult()).value()).isSameAs(error);
    }

    @Test
    void gatherResultsGivesTheValuesInOrder() {
        Deferred<Integer> a = new Deferred<>();
        Deferred<Integer> b = Deferred.succeed(2);
        Deferred<List<Integer>> all = DeferredList.gatherResults(List.of(a, b));
        all.addCallback(values -> seen.add(values.get(0) + values.get(1)));
        a.callback(1);
        assertThat(seen).containsExactly(3);
    }

    @Test
    void gatherResultsFailsWithFirstErrorAndCanConsumeMemberErrors() {
        Deferred<Integer> a = new Deferred<>();
        Deferred<Integer> b = new Deferred<>();
        Deferred<List<Integer>> all = DeferredList.gatherResults(List.of(a, b), true);
        b.errback(new IllegalArgumentException());
        FirstError error = (FirstError) ((Failure) all.currentResult()).value();
        assertThat(error.index()).isEqualTo(1);
        assertThat(b.currentResult()).isNull();
    }

    @Test
    void cancellingAnUnfiredListCancelsEveryMemberInOrder() {
        Deferred<String> a = new Deferred<>(d -> seen.add("a"));
        Deferred<String> b = new Deferred<>(d -> seen.add("b"));
        DeferredList<String> list = new DeferredList<>(List.of(a, b));
        list.cancel();
        assertThat(seen).containsExactly("a", "b");
        assertThat(results(list))
                .allSatisfy(r -> assertThat(r.failure().value()).isInstanceOf(CancelledError.class));
    }

    @Test
    void memberCancelExceptionIsLoggedAndSkipped() {
        IllegalStateException boom = new IllegalStateException("canceller broke");
        Deferred<String> a = new Deferred<>(d -> {
            throw boom;
        });
        Deferred<String> b = new Deferred<>();
        try (LogCapture log = new LogCapture()) {
            DeferredList<String> list = new DeferredList<>(List.of(a, b));
            list.cancel();
            assertThat(log.records()).singleElement().satisfies(r -> {
                assertThat(r.getLevel()).isEqualTo(Level.SEVERE);
                assertThat(r.getThrown()).isSameAs(boom);
            });
            assertThat(a.isCalled()).isFalse();
            assertThat(b.isCalled()).isTrue();
            assertThat(list.isCalled()).isFalse();
        }
    }

    @Test
    void cancellingAFiredListDoesNothing() {
        Deferred<String> a = new Deferred<>(d -> seen.add("a cancelled"));
        Deferred<String> b = Deferred.succeed("b");
        DeferredList<String> first = new DeferredList<>(List.of(a, b), true, false, false);
        first.cancel();
        assertThat(seen).isEmpty();
        assertThat(a.isCalled()).isFalse();
    }

    @Test
    void cancellingGatherResultsCancelsTheMembers() {
        Deferred<Integer> a = new Deferred<>();
        Deferred<Integer> b = new Deferred<>(d -> seen.add("b"));
        Deferred<List<Integer>> all = DeferredList.gatherResults(List.of(a, b), true);
        all.cancel();
        assertThat(seen).containsExactly("b");
        FirstError error = (FirstError) ((Failure) all.currentResult()).value();
        assertThat(error.index()).isZero();
        assertThat(error.subFailure().value()).isInstanceOf(CancelledError.class);
    }

    @Test
    void memberWaitingOnItsOwnListIsSkippedWhenTheListCancelsItAgain() {
        Deferred<Object> waiter = new Deferred<>();
        Deferred<Object> other = new Deferred<>(d -> d.errback(new IllegalStateException("other cancelled")));
        DeferredList<Object> list = new DeferredList<>(List.of(waiter, other));
        waiter.addCallbackDeferring(x -> list);
        waiter.callback(1);
        try (LogCapture log = new LogCapture()) {
            list.cancel();
            assertThat(log.records())
                    .singleElement()
                    .satisfies(r -> assertThat(r.getThrown()).isInstanceOf(DeferredCycleError.class));
        }
        assertThat(list.isCalled()).isTrue();
        assertThat(waiter.pauseCount())
                .as("the waiter resumed with the list's result")
                .isZero();
        assertThat(waiter.currentResult()).isInstanceOf(List.class);
    }

    @Test
    void memberCancellingItsListAgainIsNotACycle() {
        Deferred<Object> a = new Deferred<>();
        Deferred<Object> b = new Deferred<>(d -> seen.add("b"));
        DeferredList<Object> list = new DeferredList<>(List.of(a, b));
        a.addErrback(f -> {
            list.cancel();
            return null;
        });
        try (LogCapture log = new LogCapture()) {
            list.cancel();
            assertThat(log.records()).isEmpty();
        }
        assertThat(seen).containsExactly("b");
        assertThat(list.isCalled()).isTrue();
    }

    /** Twisted never finishes this one: each recursion level recurses again through the duplicate. */
    @Test
    void listHoldingTheSameWaitingMemberTwiceFinishesCancelling() {
        Deferred<Object> member = Deferred.succeed(1);
        Deferred<Object> other = new Deferred<>();
        DeferredList<Object> list = new DeferredList<>(List.of(member, member, other));
        member.addCallbackDeferring(x -> list);
        try (LogCapture log = new LogCapture()) {
            member.cancel();
            assertThat(log.records()).hasSize(2);
        }
        assertThat(list.isCalled()).isTrue();
        assertThat(list.currentResult()).as("handed on to the waiting member").isNull();
        List<?> results = (List<?>) member.currentResult();
        DeferredList.Result<?> last = (DeferredList.Result<?>) results.get(2);
        assertThat(last.failure().value()).isInstanceOf(CancelledError.class);
    }

    @Test
    void firstSuccessIsTypedForTheFirstResultItFires() {
        Deferred<String> a = new Deferred<>();
        Deferred<String> b = new Deferred<>();
        Deferred<DeferredList.FirstResult<String>> first = DeferredList.firstSuccess(List.of(a, b), false, false);
        List<Integer> lengths = new ArrayList<>();
        first.addCallback(r -> lengths.add(r.result().length() * 10 + r.index()));

        b.callback("abc");
        a.callback("ignored");

        assertThat(lengths).containsExactly(31);
    }

    @Test
    void firstSuccessFailsWithAFirstErrorForMemberZeroWhenEveryMemberFails() {
        Deferred<String> a = new Deferred<>();
        Deferred<String> b = new Deferred<>();
        Deferred<DeferredList.FirstResult<String>> first = DeferredList.firstSuccess(List.of(a, b), false, true);
        IllegalStateException second = new IllegalStateException("b");

        b.errback(second);
        a.errback(new IllegalArgumentException("a"));

        Failure failure = (Failure) first.currentResult();
        first.addErrback(f -> null);
        FirstError error = (FirstError) failure.value();
        assertThat(error.index()).isZero();
        assertThat(error.subFailure().value()).isInstanceOf(IllegalArgumentException.class);
        assertThat(error.getSuppressed()).containsExactly(second);
    }

    @Test
    void firstSuccessWithFireOnOneErrbackFailsAtTheFirstFailure() {
        Deferred<String> a = new Deferred<>();
        Deferred<String> b = new Deferred<>();
        Deferred<DeferredList.FirstResult<String>> first = DeferredList.firstSuccess(List.of(a, b), true, true);

        b.errback(new IllegalStateException("b"));

        Failure failure = (Failure) first.currentResult();
        first.addErrback(f -> null);
        assertThat(((FirstError) failure.value()).index()).isEqualTo(1);
        a.callback("late");
    }
}
