package dev.weft.defer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A handler of the wrong type for the chain's result gets a message that says what happened. */
final class HandlerTypeMismatchTest {
    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void anErrbackReturningBooleanIsNamedAsTheOriginWithTheCure() {
        List<Failure> errors = new ArrayList<>();
        Deferred<String> d = new Deferred<>();
        d.addErrback(errors::add); // returns a Boolean: d is now really a Deferred<Boolean>
        d.addCallback(s -> s.length()); // added through the stale Deferred<String> reference
        List<Throwable> seen = new ArrayList<>();
        ((Deferred) d).addErrback(f -> seen.add(((Failure) f).value()));

        d.errback(new IllegalStateException("first"));

        assertThat(seen).singleElement().isInstanceOf(ClassCastException.class);
        Throwable cce = seen.get(0);
        assertThat(cce.getMessage())
                .contains("the callback at stage 2")
                .contains("expected a java.lang.String but got a java.lang.Boolean")
                .contains("what the errback at stage 1 returned")
                .contains("make that errback return a java.lang.String")
                .doesNotContain("returned reference");
        assertThat(cce.getCause()).isInstanceOf(ClassCastException.class);
    }

    /** The evaluator's case: typed all along, through the returned references; the errback's value is the cause. */
    @Test
    void anErrbackThatRecoversWithAnotherTypeIsNamedThroughTheReturnedReferences() {
        Deferred<String> d = new Deferred<>();
        List<Throwable> seen = new ArrayList<>();
        d.addErrback(f -> 42).addCallback(s -> s.length()).addErrback(f -> seen.add(f.value()));

        d.errback(new RuntimeException("x"));

        assertThat(seen.get(0).getMessage())
                .contains("the callback at stage 2")
                .contains("expected a java.lang.String but got a java.lang.Integer")
                .contains("what the errback at stage 1 returned")
                .contains("return or rethrow the Failure")
                .doesNotContain("returned reference");
    }

    @Test
    @SuppressWarnings("ReturnValueIgnored")
    void aCallbackAddedToAStaleReferenceNamesTheCallbackThatChangedTheType() {
        Deferred<String> d = new Deferred<>();
        List<Throwable> seen = new ArrayList<>();
        d.addCallback(s -> s.length());
        d.addCallback(s -> s.isEmpty()).addErrback(f -> seen.add(f.value()));

        d.callback("abc");

        assertThat(seen.get(0).getMessage())
                .contains("expected a java.lang.String but got a java.lang.Integer")
                .contains("what the callback at stage 1 returned")
                .contains("add the next handler to the returned reference");
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void aWrongTypeFiredIntoTheFirstStageSaysSo() {
        Deferred raw = new Deferred<Integer>();
        List<Throwable> seen = new ArrayList<>();
        ((Deferred<Integer>) raw).addCallback(n -> n + 1).addErrback(f -> seen.add(f.value()));

        raw.callback("forty-one");

        assertThat(seen.get(0).getMessage())
                .contains("stage 1")
                .contains("expected a java.lang.Integer but got a java.lang.String")
                .contains("the value the Deferred was fired with");
    }

    /** The evaluator's case: the constructor with fireOnOneCallback is typed as a list but fires a FirstResult. */
    @Test
    void aDeferredListFiringAFirstResultPointsToFirstSuccess() {
        Deferred<String> member = new Deferred<>();
        List<Throwable> seen = new ArrayList<>();
        new DeferredList<>(List.of(member), true, false, false)
                .addCallback(results -> results.size())
                .addErrback(f -> seen.add(f.value()));

        member.callback("first");

        assertThat(seen.get(0).getMessage())
                .contains("expected a java.util.List but got a dev.weft.defer.DeferredList$FirstResult")
                .contains("DeferredList.firstSuccess");
    }

    @Test
    void aClassCastExceptionFromInsideTheHandlerIsLeftAsItIs() {
        Deferred<Object> d = new Deferred<>();
        ClassCastException own = new ClassCastException("mine");
        List<Throwable> seen = new ArrayList<>();
        d.addCallback(o -> {
                    throw own;
                })
                .addErrback(f -> seen.add(f.value()));

        d.callback("x");

        assertThat(seen).containsExactly(own);
    }

    @Test
    void aCastDeepInsideTheHandlersOwnCodeIsLeftAsItIs() {
        Deferred<Object> d = new Deferred<>();
        List<Throwable> seen = new ArrayList<>();
        d.addCallback(o -> deepCast(o)).addErrback(f -> seen.add(f.value()));

        d.callback(Boolean.TRUE);

        assertThat(seen.get(0)).isInstanceOf(ClassCastException.class);
        assertThat(seen.get(0).getMessage()).doesNotContain("stage");
    }

    private static int deepCast(Object o) {
        return deeper(o);
    }

    private static int deeper(Object o) {
        return ((String) o).length();
    }
}
