package dev.weft.defer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

final class FailureTest {
    private final FileNotFoundException missing = new FileNotFoundException("no such file: a.txt");
    private final Failure failure = new Failure(missing);

    @Test
    void holdsTheVeryExceptionAndItsClass() {
        assertThat(failure.value()).isSameAs(missing);
        assertThat(failure.type()).isEqualTo(FileNotFoundException.class);
    }

    @Test
    void checkReturnsTheFirstMatchingArgumentInArgumentOrder() {
        assertThat(failure.check(IOException.class, FileNotFoundException.class))
                .isEqualTo(IOException.class);
        assertThat(failure.check(FileNotFoundException.class, IOException.class))
                .isEqualTo(FileNotFoundException.class);
        assertThat(failure.check(IllegalStateException.class, Exception.class)).isEqualTo(Exception.class);
        assertThat(failure.check(IllegalStateException.class, UncheckedIOException.class))
                .isNull();
    }

    @Test
    void checkMatchesInterfacesToo() {
        Failure f = new Failure(new MarkedException());
        assertThat(f.check(Marker.class)).isEqualTo(Marker.class);
    }

    @Test
    void checkByNameMatchesTheClassOrASuperclassAndReturnsTheFirstMatchingName() {
        assertThat(failure.check("java.lang.IllegalStateException", "java.io.IOException", "java.lang.Exception"))
                .isEqualTo("java.io.IOException");
        assertThat(failure.check("java.io.FileNotFoundException")).isEqualTo("java.io.FileNotFoundException");
        assertThat(failure.check("java.lang.Throwable")).isEqualTo("java.lang.Throwable");
        assertThat(failure.check("IOException")).as("simple names do not match").isNull();
    }

    @Test
    void trapReturnsTheMatchOrRethrowsTheOriginalCheckedException() {
        assertThat(failure.trap(RuntimeException.class, IOException.class)).isEqualTo(IOException.class);
        assertThat(failure.trap("java.io.IOException")).isEqualTo("java.io.IOException");
        assertThat(catchThrowable(() -> failure.trap(IllegalStateException.class)))
                .isSameAs(missing);
        assertThat(catchThrowable(() -> failure.trap("java.lang.RuntimeException")))
                .isSameAs(missing);
    }

    @Test
    void checkWithNoTypesMatchesNothingAsTwistedsReturnsNone() {
        assertThat(failure.check()).isNull();
        assertThat(failure.check(new Class<?>[0])).isNull();
        assertThat(failure.check(new String[0])).isNull();
    }

    @Test
    void trapWithNoTypesRethrowsTheOriginalExceptionAsTwistedsReRaises() {
        assertThat(catchThrowable(() -> failure.trap())).isSameAs(missing);
        assertThat(catchThrowable(() -> failure.trap(new Class<?>[0]))).isSameAs(missing);

        Deferred<Object> d = Deferred.fail(missing);
        d.addErrback(f -> f.trap());
        assertThat(((Failure) d.currentResult()).value()).isSameAs(missing);
        d.addErrback(f -> "handled");
    }

    @Test
    void raiseExceptionThrowsTheSameInstanceWithItsOriginalStackTrace() {
        StackTraceElement[] before = missing.getStackTrace().clone();
        Throwable thrown = catchThrowable(failure::raiseException);
        assertThat(thrown).isSameAs(missing);
        assertThat(thrown.getStackTrace()).containsExactly(before);
    }

    @Test
    void trappedExceptionThrownFromAnErrbackIsTheNextFailuresValue() {
        Deferred<Object> d = Deferred.fail(missing);
        d.addErrback(f -> f.trap(IllegalArgumentException.class));
        assertThat(((Failure) d.currentResult()).value()).isSameAs(missing);
        assertThat(d.currentResult()).isNotSameAs(failure);
    }

    @Test
    void getErrorMessageIsTheMessageOrEmpty() {
        assertThat(failure.getErrorMessage()).isEqualTo("no such file: a.txt");
        assertThat(new Failure(new IllegalStateException()).getErrorMessage()).isEmpty();
    }

    @Test
    void parentsListTheClassNamesUpToThrowable() {
        assertThat(failure.parents())
                .containsExactly(
                        "java.io.FileNotFoundException",
                        "java.io.IOException",
                        "java.lang.Exception",
                        "java.lang.Throwable");
    }

    @Test
    void toStringShowsTheStackTrace() {
        assertThat(failure.toString())
                .startsWith("[Failure instance: java.io.FileNotFoundException: no such file: a.txt")
                .contains("at dev.weft.defer.FailureTest.<init>")
                .endsWith("]");
        assertThat(failure.getTraceback()).contains("FailureTest");
    }

    @Test
    void errorsFollowTheSameMatchingRuleAsOtherThrowables() {
        Failure f = new Failure(new StackOverflowError());
        assertThat(f.check(Throwable.class)).isEqualTo(Throwable.class);
        assertThat(f.check(VirtualMachineError.class)).isEqualTo(VirtualMachineError.class);
    }

    @Test
    void nullValueIsRejected() {
        assertThatThrownBy(() -> new Failure(null)).isInstanceOf(NullPointerException.class);
    }

    private interface Marker {}

    private static final class MarkedException extends RuntimeException implements Marker {
        private static final long serialVersionUID = 1L;
    }
}
