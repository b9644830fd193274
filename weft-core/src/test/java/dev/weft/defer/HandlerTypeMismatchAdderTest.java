package dev.weft.defer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.task.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A handler-type mismatch names the {@code add…} method that added the handler whose value arrived: each method by its
 * own name, and a handler that passed the value on as it was (addFinally, addTimeout) beside the one that returned it.
 */
final class HandlerTypeMismatchAdderTest {
    private static final String STRING = "a java.lang.String";
    private final List<Throwable> seen = new ArrayList<>();

    @Test
    @SuppressWarnings("ReturnValueIgnored")
    void aValuePassedOnByAddFinallyNamesAddFinallyAndTheCallbackThatReturnedIt() {
        Deferred<String> d = new Deferred<>();
        d.addCallback(s -> s.length()); // d is now really a Deferred<Integer>
        d.addFinally(() -> {}).addCallback(s -> s.isEmpty()).addErrback(f -> seen.add(f.value()));

        d.callback("abc");

        assertThat(message())
                .isEqualTo("the callback at stage 3 of " + id(d) + "{current result: 3} expected a java.lang.String"
                        + " but got a java.lang.Integer: what the callback at stage 1 returned, passed on unchanged by"
                        + " the addFinally action at stage 2. To fix it, each addCallback returns this Deferred typed"
                        + " for what its handler returns: add the next handler to the returned reference, not to an"
                        + " earlier one, and make that handler return " + STRING);
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void theFiredValuePassedOnByAddFinallySaysSo() {
        Deferred raw = new Deferred<Integer>();
        ((Deferred<Integer>) raw).addFinally(() -> {}).addCallback(n -> n + 1).addErrback(f -> seen.add(f.value()));

        raw.callback("one");

        assertThat(message())
                .isEqualTo("the callback at stage 2 of " + id(raw) + "{current result: one} expected a"
                        + " java.lang.Integer but got a java.lang.String: the value the Deferred was fired with, passed"
                        + " on unchanged by the addFinally action at stage 1. To fix it, fire it with a"
                        + " java.lang.Integer, or declare the Deferred with the type it is really fired with");
    }

    @Test
    void aValueReturnedByAddBothNamesAddBoth() {
        Deferred<String> d = new Deferred<>();
        @SuppressWarnings("unchecked")
        Deferred<String> stale = (Deferred<String>) (Deferred<?>) d.addBoth(r -> 42);
        stale.addCallback(s -> s.length()).addErrback(f -> seen.add(f.value()));

        d.callback("abc");

        assertThat(message())
                .isEqualTo("the callback at stage 2 of " + id(d) + "{current result: 42} expected a java.lang.String"
                        + " but got a java.lang.Integer: what the addBoth handler at stage 1 returned. To fix it, each"
                        + " addBoth returns this Deferred typed for what its handler returns: add the next handler to the"
                        + " returned reference, not to an earlier one, and make that handler return " + STRING);
    }

    @Test
    @SuppressWarnings("ReturnValueIgnored")
    void aValueReturnedByAnAddCallbacksErrbackNamesAddCallbacks() {
        Deferred<String> d = new Deferred<>();
        d.addCallbacks(s -> 1, f -> 2);
        d.addCallback(s -> s.length()).addErrback(f -> seen.add(f.value()));

        d.errback(new IllegalStateException("x"));

        assertThat(message())
                .isEqualTo("the callback at stage 2 of " + id(d) + "{current result: 2} expected a java.lang.String"
                        + " but got a java.lang.Integer: what the errback of the addCallbacks at stage 1 returned. To fix"
                        + " it, each addCallbacks returns this Deferred typed for what its handler returns: add the next"
                        + " handler to the returned reference, not to an earlier one, and make that handler return "
                        + STRING);
    }

    @Test
    @SuppressWarnings("ReturnValueIgnored")
    void aValueFromAnAddCallbackDeferringDeferredNamesAddCallbackDeferring() {
        Deferred<String> d = new Deferred<>();
        d.addCallbackDeferring(s -> Deferred.succeed(s.length()));
        d.addCallback(s -> s.isEmpty()).addErrback(f -> seen.add(f.value()));

        d.callback("abcd");

        assertThat(message())
                .isEqualTo("the callback at stage 2 of " + id(d) + "{current result: 4} expected a java.lang.String"
                        + " but got a java.lang.Integer: what the Deferred that the addCallbackDeferring callback at"
                        + " stage 1 returned fired with. To fix it, each addCallbackDeferring returns this Deferred typed"
                        + " for what its handler returns: add the next handler to the returned reference, not to an"
                        + " earlier one, and make that handler return " + STRING);
    }

    @Test
    @SuppressWarnings("ReturnValueIgnored")
    void aValuePassedOnByAddTimeoutNamesAddTimeout() {
        Clock clock = new Clock();
        Deferred<String> d = new Deferred<>();
        d.addCallback(s -> s.length());
        d.addTimeout(5, clock).addCallback(s -> s.isEmpty()).addErrback(f -> seen.add(f.value()));

        d.callback("ab");

        assertThat(message())
                .isEqualTo("the callback at stage 4 of " + id(d) + "{current result: 2} expected a java.lang.String"
                        + " but got a java.lang.Integer: what the callback at stage 1 returned, passed on unchanged by"
                        + " the addTimeout at stage 3. To fix it, each addCallback returns this Deferred typed for what"
                        + " its handler returns: add the next handler to the returned reference, not to an earlier one,"
                        + " and make that handler return " + STRING);
    }

    @Test
    void aValueOnTimeoutCancelReturnedNamesAddTimeout() {
        Clock clock = new Clock();
        Deferred<String> d = new Deferred<>();
        d.addTimeout(5, clock, (result, seconds) -> seconds)
                .addCallback(s -> s.length())
                .addErrback(f -> seen.add(f.value()));

        clock.advance(5);

        assertThat(message())
                .isEqualTo("the callback at stage 3 of " + id(d) + "{current result: 5.0} expected a"
                        + " java.lang.String but got a java.lang.Double: what the onTimeoutCancel of the addTimeout at"
                        + " stage 1 returned, passed on unchanged by the addTimeout at stage 2. To fix it, make"
                        + " onTimeoutCancel return " + STRING + " or a Failure: addTimeout keeps the Deferred's type");
    }

    @Test
    void theAddErrbackMessageStaysAsItWas() {
        Deferred<String> d = new Deferred<>();
        d.addErrback(f -> 42).addCallback(s -> s.length()).addErrback(f -> seen.add(f.value()));

        d.errback(new RuntimeException("x"));

        assertThat(message())
                .isEqualTo("the callback at stage 2 of " + id(d) + "{current result: 42} expected a java.lang.String"
                        + " but got a java.lang.Integer: what the errback at stage 1 returned: an errback that returns"
                        + " a value recovers, and that value goes to the next callback, although addErrback keeps the"
                        + " Deferred's type. To fix it, make that errback return a java.lang.String (or null), return"
                        + " or rethrow the Failure to keep the error, or add it after this callback (an errback such as"
                        + " list::add returns a Boolean)");
    }

    private String message() {
        assertThat(seen).singleElement().isInstanceOf(ClassCastException.class);
        return seen.get(0).getMessage();
    }

    private static String id(Deferred<?> d) {
        return "Deferred@" + Integer.toHexString(System.identityHashCode(d));
    }
}
