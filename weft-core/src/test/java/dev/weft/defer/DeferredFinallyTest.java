package dev.weft.defer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Deferred#addFinally}: cleanup on both paths that passes the result or Failure on with its type. */
final class DeferredFinallyTest {
    private final List<Object> seen = new ArrayList<>();

    @Test
    void onSuccessTheActionRunsAndTheTypedValuePassesOn() {
        Deferred<String> d = new Deferred<>();
        Deferred<String> same = d.addCallback(s -> {
                    seen.add("before: " + s);
                    return s;
                })
                .addFinally(() -> seen.add("cleanup"));
        Deferred<Integer> length = same.addCallback(s -> {
            seen.add("after: " + s);
            return s.length();
        });

        assertThat(seen).isEmpty();
        d.callback("abc");

        assertThat(same).isSameAs(d);
        assertThat(seen).containsExactly("before: abc", "cleanup", "after: abc");
        assertThat(length.currentResult()).isEqualTo(3);
    }

    @Test
    void onFailureTheActionRunsAndTheSameFailurePassesOnUnhandled() {
        Failure failure = new Failure(new IOException("reset"));
        Deferred<String> d = new Deferred<>();
        d.addCallback(s -> seen.add("not run: " + s)).addFinally(() -> seen.add("cleanup"));

        d.errback(failure);

        assertThat(seen).containsExactly("cleanup");
        assertThat(d.currentResult()).isSameAs(failure);
        assertThat(d.unhandledFailure()).isSameAs(failure);
        d.addErrback(f -> seen.add(f.trap(IOException.class)));
        assertThat(seen).containsExactly("cleanup", IOException.class);
        assertThat(d.unhandledFailure()).isNull();
    }

    @Test
    void addedToAFiredDeferredTheActionRunsAtOnce() {
        Deferred<Integer> d = Deferred.succeed(7);

        Deferred<Integer> same = d.addFinally(() -> seen.add("cleanup"));

        assertThat(seen).containsExactly("cleanup");
        assertThat(same.currentResult()).isEqualTo(7);
    }

    @Test
    void anExceptionFromTheActionOnSuccessBecomesTheFailure() {
        IllegalStateException broken = new IllegalStateException("cleanup broke");
        Deferred<String> d = new Deferred<>();
        d.addFinally(() -> {
            throw broken;
        });

        d.callback("abc");

        assertThat(((Failure) d.currentResult()).value()).isSameAs(broken);
        assertThat(broken.getSuppressed()).isEmpty();
        d.addErrback(f -> null);
    }

    @Test
    void anExceptionFromTheActionOnFailureBecomesTheFailureAndCarriesTheEarlierOne() {
        IOException earlier = new IOException("reset");
        IllegalStateException broken = new IllegalStateException("cleanup broke");
        Deferred<String> d = new Deferred<>();
        d.addFinally(() -> {
            throw broken;
        });

        d.errback(earlier);

        assertThat(((Failure) d.currentResult()).value()).isSameAs(broken);
        assertThat(broken.getSuppressed()).containsExactly(earlier);
        d.addErrback(f -> null);
    }

    @Test
    void anActionRethrowingTheEarlierExceptionLeavesItAsItWas() {
        IllegalStateException earlier = new IllegalStateException("reset");
        Deferred<String> d = new Deferred<>();
        d.addFinally(() -> {
            throw earlier;
        });

        d.errback(earlier);

        assertThat(((Failure) d.currentResult()).value()).isSameAs(earlier);
        assertThat(earlier.getSuppressed()).isEmpty();
        d.addErrback(f -> null);
    }

    @Test
    void aNullResultPassesOnAsNull() {
        Deferred<String> d = new Deferred<>();
        d.addFinally(() -> seen.add("cleanup"));

        d.callback(null);

        assertThat(seen).containsExactly("cleanup");
        assertThat(d.currentResult()).isNull();
    }

    @Test
    void aNullActionIsRejected() {
        Deferred<String> d = new Deferred<>();
        assertThatThrownBy(() -> d.addFinally(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("action");
    }
}
