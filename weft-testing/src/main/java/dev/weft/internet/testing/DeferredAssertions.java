package dev.weft.internet.testing;

import dev.weft.defer.Deferred;
import dev.weft.defer.Failure;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Twisted trial's {@code successResultOf}, {@code failureResultOf} and {@code assertNoResult}: read a {@link
 * Deferred}'s current result synchronously, failing the test with an {@link AssertionError} when it is not what was
 * expected.
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
 * <p>{@link #successResultOf} and {@link #failureResultOf} <em>take</em> the result: the chain's result becomes {@code
 * null}, so a failure counts as handled. {@link #assertNoResult} leaves it alone. Run on the thread that owns the
 * Deferred (the test thread).
 */
public final class DeferredAssertions {
    /** Marks "the handler did not run". */
    private static final Object NO_RESULT = new Object();

    private DeferredAssertions() {}

    /** Takes and returns the success result, maybe null, {@code deferred} has now; fails if none or a failure. */
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

    /** Takes and returns the failure {@code deferred} has now, of one of {@code expectedTypes} if any are given. */
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

    /** Checks that {@code deferred} has no result now (not fired, waiting or paused); a failure is then swallowed. */
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

    /** Records the current result and passes it on unchanged. */
    private static @Nullable Object currentResult(Deferred<?> deferred) {
        return record(deferred, false);
    }

    /** Records the current result and leaves {@code null}. */
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
