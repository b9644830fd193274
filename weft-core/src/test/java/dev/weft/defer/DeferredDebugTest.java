package dev.weft.defer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Debug mode (I53): creation and first-fire stacks in AlreadyCalledError messages. */
final class DeferredDebugTest {
    @AfterEach
    void turnDebuggingOff() {
        Deferred.setDebugging(false);
    }

    private static Deferred<Integer> createdHere() {
        return new Deferred<>();
    }

    private static void firedFirstHere(Deferred<Integer> d) {
        d.callback(1);
    }

    private static AlreadyCalledError firedSecondHere(Deferred<Integer> d) {
        return catchThrowableOfType(AlreadyCalledError.class, () -> d.callback(2));
    }

    @Test
    void debuggingIsOffByDefaultAndCanBeSwitched() {
        assertThat(Deferred.getDebugging()).isFalse();
        Deferred.setDebugging(true);
        assertThat(Deferred.getDebugging()).isTrue();
    }

    @Test
    void alreadyCalledMessageListsTheCreatorAndTheFirstInvokerButNotTheSecond() {
        Deferred.setDebugging(true);
        Deferred<Integer> d = createdHere();
        firedFirstHere(d);
        AlreadyCalledError error = firedSecondHere(d);
        assertThat(error.getMessage())
                .contains(" C: Deferred was created:")
                .contains(" C:  at dev.weft.defer.DeferredDebugTest.createdHere")
                .contains(" I: First Invoker was:")
                .contains(" I:  at dev.weft.defer.DeferredDebugTest.firedFirstHere")
                .doesNotContain("firedSecondHere")
                .doesNotContain("at dev.weft.defer.Deferred.");
    }

    @Test
    void withoutDebuggingTheMessageHasNoStacks() {
        Deferred<Integer> d = createdHere();
        firedFirstHere(d);
        assertThat(firedSecondHere(d).getMessage()).doesNotContain(" C:").doesNotContain(" I:");
    }

    @Test
    void debuggingSwitchedOnAfterCreationRecordsOnlyTheInvoker() {
        Deferred<Integer> d = createdHere();
        Deferred.setDebugging(true);
        firedFirstHere(d);
        assertThat(firedSecondHere(d).getMessage())
                .doesNotContain(" C:")
                .contains(" I:  at dev.weft.defer.DeferredDebugTest.firedFirstHere");
    }
}
