package dev.weft.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Turns off some of {@link WeftExtension}'s after-test checks for one test method or a whole class, with a reason that
 * a reader can judge. On a class it reaches its {@code @Nested} classes and its subclasses, and an interface's reaches
 * the classes that implement it; the nearest one counts (a subclass's own replaces its superclass's), and the method's,
 * its class's and each enclosing class's add up. It may also sit on an annotation of your own.
 *
 * <pre>{@code
 * @Test
 * @SkipHygiene(value = HygieneCheck.PENDING_CALLS, reason = "the retry timer is what this test inspects")
 * void schedulesARetry(Clock clock) { ... }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface SkipHygiene {
    /** Returns the checks to skip. */
    HygieneCheck[] value();

    /** Returns why; a blank reason fails the test. */
    String reason();
}
