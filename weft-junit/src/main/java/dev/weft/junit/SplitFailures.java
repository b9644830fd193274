package dev.weft.junit;

import dev.weft.internet.testing.Split;
import java.lang.reflect.Method;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * Puts the {@link Split} of a failing {@link ChunkedSource} invocation at the start of its failure message, e.g. {@code
 * split Split.at(2): expected ...}: Maven Surefire names a parameterized invocation by its index only ({@code
 * method(Split, byte[])[3]}), not by JUnit's display name, so without it a report would not tell which split failed.
 * {@code @ChunkedSource} registers it; JUnit calls it on the test thread.
 *
 * <p>An {@link AssertionError} becomes an {@link AssertionFailedError} (a failure, with the expected and actual values
 * kept); any other exception becomes a {@link RuntimeException} (an error); either has the original as its cause and
 * its stack trace. An aborted test ({@link TestAbortedException}) and a message that already names the split go
 * unchanged.
 */
public final class SplitFailures implements InvocationInterceptor {
    /** Creates the interceptor; JUnit does this for {@code @ChunkedSource}. */
    public SplitFailures() {}

    @Override
    public void interceptTestTemplateMethod(
            Invocation<@Nullable Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext extensionContext)
            throws Throwable {
        try {
            invocation.proceed();
        } catch (Throwable t) {
            Split split = null;
            for (Object argument : invocationContext.getArguments()) {
                if (argument instanceof Split s) {
                    split = s;
                    break;
                }
            }
            throw split == null ? t : naming(split, t);
        }
    }

    /** Returns {@code t} with {@code split} at the start of its message, as the class describes. */
    static Throwable naming(Split split, Throwable t) {
        String message = t.getMessage();
        String name = split.toString();
        if (t instanceof TestAbortedException || (message != null && message.contains(name))) {
            return t;
        }
        String text =
                "split " + name + ": " + (t instanceof AssertionError ? (message == null ? "failed" : message) : t);
        Throwable named;
        if (t instanceof AssertionFailedError f && f.isExpectedDefined() && f.isActualDefined()) {
            named = new AssertionFailedError(
                    text, f.getExpected().getValue(), f.getActual().getValue(), t);
        } else if (t instanceof AssertionError) {
            named = new AssertionFailedError(text, t);
        } else {
            named = new RuntimeException(text, t);
        }
        named.setStackTrace(t.getStackTrace());
        return named;
    }
}
