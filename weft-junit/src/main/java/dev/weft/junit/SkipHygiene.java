package dev.weft.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Turns off some of {@link WeftExtension}'s after-test checks for one test method or a whole class, with a reason that
 * a reader can judge.
 *
 * <pre>{@code
 * @Test
 * @SkipHygiene(value = HygieneCheck.PENDING_CALLS, reason = "the retry timer is what this test inspects")
 * void schedulesARetry(Clock clock) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface SkipHygiene {
    /** Returns the checks to skip. */
    HygieneCheck[] value();

    /** Returns why; a blank reason fails the test. */
    String reason();
}
