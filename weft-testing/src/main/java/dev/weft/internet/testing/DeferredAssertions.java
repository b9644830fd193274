package dev.weft.internet.testing;

import dev.weft.defer.Deferred;
import dev.weft.defer.Failure;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Reads a {@link Deferred}'s current result synchronously, failing the test when it is not what was
 * expected: Twisted trial's {@code successResultOf}, {@code failureResultOf} and {@code
 * assertNoResult}.
 *
 * <pre>{@code
 * import static dev.weft.internet.testing.DeferredAssertions.*;
 *
 * Deferred<String> d = client.fetch();
 * assertNoResult(d);
 * client.dataReceived(reply);
 * assertThat(successResultOf(d)).isEqualTo("ok");
 * }</pre>
 *
 * <p>As in Twisted's trial, {@link #successResultOf} and {@link #failureResultOf} <em>take</em> the
 * result: each adds one handler pair that records the result and returns {@code null}, so handlers
 * added afterwards see {@code null}, and a failure read by {@link #failureResultOf} counts as handled
 * (it is never reported as an unhandled error). Called on a Deferred that has no result yet, they
 * fail the test, and their pair stays on the chain and takes the result when it comes, again as in
 * Twisted. {@link #assertNoResult} instead passes the result on unchanged; when it finds a result it
 * fails the test and, like Twisted, swallows a failure result so it is not reported a second time as
 * unhandled.
 *
 * <p>The methods depend on no test framework: they throw {@link AssertionError}, which every
 * framework reports as a failed assertion. Run them on the thread that owns the Deferred (the test
 * thread, standing in for the reactor thread).
 */
public final class DeferredAssertions {
    /** Marks "the handler did not run": distinct from every result, including null. */
    private static final Object NO_RESULT = new Object();

    private DeferredAssertions() {}

    /**
     * Returns the success result that {@code deferred} has now.
     *
     * @param deferred the Deferred
     * @param <T> the result type
     * @return the result (which may be null); the chain's result is now {@code null}
     * @throws AssertionError if {@code deferred} has no result yet, or a failure result (whose
     *     exception becomes the cause)
     */
    public static <T> @Nullable T successResultOf(Deferred<T> deferred) {
        Object result = takeResult(deferred);
        if (result == NO_RESULT) {
            throw new AssertionError("Success result expected on " + deferred + ", found no result instead");
        }
        if (result instanceof Failure failure) {
            throw new AssertionError(
                    "Success result expected on " + deferred + ", found failure result instead: " + describe(failure),
                    failure.value());
        }
        @SuppressWarnings("unchecked") // the chain's success result at this point has the Deferred's type
        T value = (T) result;
        return value;
    }

    /**
     * Returns the failure result that {@code deferred} has now.
     *
     * @param deferred the Deferred
     * @param expectedTypes if any are given, the failure's exception must be an instance of one of
     *     them
     * @return the failure; the chain's result is now {@code null}, so the failure counts as handled
     * @throws AssertionError if {@code deferred} has no result yet, a success result, or a failure of
     *     none of the expected types (whose exception becomes the cause)
     */
    public static Failure failureResultOf(Deferred<?> deferred, Class<?>... expectedTypes) {
        Object result = takeResult(deferred);
        if (result == NO_RESULT) {
            throw new AssertionError("Failure result expected on " + deferred + ", found no result instead");
        }
        if (!(result instanceof Failure failure)) {
            throw new AssertionError(
                    "Failure result expected on " + deferred + ", found success result (" + result + ") instead");
        }
        if (expectedTypes.length > 0 && failure.check(expectedTypes) == null) {
            String expected = Arrays.stream(expectedTypes).map(Class::getName).collect(Collectors.joining(" or "));
            throw new AssertionError(
                    "Failure of type (" + expected + ") expected on " + deferred + ", found " + describe(failure)
                            + " instead",
                    failure.value());
        }
        return failure;
    }

    /**
     * Checks that {@code deferred} has no result now: it has not fired, or it waits on another
     * Deferred, or it is paused.
     *
     * @param deferred the Deferred
     * @throws AssertionError if it has a result; a failure result is then swallowed (like Twisted),
     *     and its exception becomes the cause
     */
    public static void assertNoResult(Deferred<?> deferred) {
        Object result = currentResult(deferred);
        if (result == NO_RESULT) {
            return;
        }
        if (result instanceof Failure failure) {
            deferred.addErrback(ignored -> null);
            throw new AssertionError(
                    "No result expected on " + deferred + ", found " + describe(failure) + " instead", failure.value());
        }
        throw new AssertionError("No result expected on " + deferred + ", found " + result + " instead");
    }

    /** Adds a handler that records the current result (or failure) and passes it on unchanged. */
    private static @Nullable Object currentResult(Deferred<?> deferred) {
        return record(deferred, false);
    }

    /** Adds a handler that records the current result (or failure) and leaves {@code null}, as trial does. */
    private static @Nullable Object takeResult(Deferred<?> deferred) {
        return record(deferred, true);
    }

    private static @Nullable Object record(Deferred<?> deferred, boolean take) {
        Object[] seen = {NO_RESULT};
        deferred.addBoth(result -> {
            seen[0] = result;
            return take ? null : result;
        });
        return seen[0];
    }

    private static String describe(Failure failure) {
        return failure.type().getName() + ": " + failure.getErrorMessage();
    }
}
