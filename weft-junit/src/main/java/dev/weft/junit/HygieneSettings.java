package dev.weft.junit;

import java.lang.reflect.AnnotatedElement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * What {@link WeftExtension} reads from a test's context: the checks it skips, whether JUnit runs tests concurrently
 * and whether this one runs alone, and how long the teardown waits for a reactor. Stateless; thread-safe.
 */
final class HygieneSettings {
    /** JUnit's switch for parallel execution. */
    static final String PARALLEL = "junit.jupiter.execution.parallel.enabled";

    /** The configuration parameter that sets {@link WeftExtension#TEARDOWN_TIMEOUT}. */
    static final String TEARDOWN_TIMEOUT = "weft.junit.teardownTimeout";

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m)?");

    private HygieneSettings() {}

    /**
     * Returns the checks {@link SkipHygiene} turns off for the test: on its method, its class, or a class enclosing it
     * (a {@code @Nested} class inherits its outer class's), each found as JUnit finds an inherited annotation (on a
     * superclass or an interface too, the nearest one).
     * @throws AssertionError if one found has a blank reason and {@code strict}; otherwise it counts
     */
    static Set<HygieneCheck> skipped(ExtensionContext context, boolean strict) {
        Set<HygieneCheck> skipped = EnumSet.noneOf(HygieneCheck.class);
        for (AnnotatedElement e : elements(context)) {
            // as JUnit finds its own: on the element, on an annotation on it, on a class's interfaces and superclasses
            SkipHygiene s =
                    AnnotationSupport.findAnnotation(e, SkipHygiene.class).orElse(null);
            if (s != null) {
                if (strict && s.reason().isBlank()) {
                    throw new AssertionError("@SkipHygiene on " + e + " needs a reason: say why the test may"
                            + " break " + List.of(s.value()));
                }
                skipped.addAll(List.of(s.value()));
            }
        }
        return skipped;
    }

    /**
     * Tells whether JUnit may run other tests beside this one: {@value #PARALLEL} is true. (Whatever the modes, a
     * class or method marked {@code @Execution(CONCURRENT)} may then run beside it.)
     */
    static boolean concurrent(ExtensionContext context) {
        return context.getConfigurationParameter(PARALLEL)
                .map(v -> v.strip().equalsIgnoreCase("true"))
                .orElse(false);
    }

    /**
     * Tells whether the test runs alone, so that nothing else drops a {@code Deferred} meanwhile: it, its class or an
     * enclosing class holds JUnit's global lock exclusively, as {@code @Isolated} or {@code @ResourceLock(value =
     * Resources.GLOBAL, mode = READ_WRITE)} takes it. (A lock from a {@code ResourceLocksProvider} is not seen.)
     */
    static boolean isolated(ExtensionContext context) {
        for (AnnotatedElement e : elements(context)) {
            for (ResourceLock lock : AnnotationSupport.findRepeatableAnnotations(e, ResourceLock.class)) {
                if (lock.value().equals(Resources.GLOBAL) && lock.mode() == ResourceAccessMode.READ_WRITE) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Returns the bound of each of the teardown's waits on a reactor: {@value #TEARDOWN_TIMEOUT} if set (a whole
     * number with {@code ms}, {@code s} (the default unit) or {@code m}, or an ISO-8601 duration such as {@code
     * PT10S}), else {@code fallback}.
     * @throws ExtensionConfigurationException if it is set but is not such a positive duration
     */
    static Duration teardownTimeout(ExtensionContext context, Duration fallback) {
        Optional<String> value = context.getConfigurationParameter(TEARDOWN_TIMEOUT);
        if (value.isEmpty()) {
            return fallback;
        }
        String v = value.get().strip();
        Duration d = null;
        Matcher m = DURATION.matcher(v.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            d = unit.equals("ms")
                    ? Duration.ofMillis(n)
                    : unit.equals("s") ? Duration.ofSeconds(n) : Duration.ofMinutes(n);
        } else if (v.toUpperCase(Locale.ROOT).startsWith("PT")) {
            try {
                d = Duration.parse(v);
            } catch (RuntimeException notIso) {
                d = null;
            }
        }
        if (d == null || d.isNegative() || d.isZero()) {
            throw new ExtensionConfigurationException("the configuration parameter " + TEARDOWN_TIMEOUT + " is \"" + v
                    + "\", which is not a positive duration: give a whole number with ms, s or m (\"10 s\", \"500"
                    + " ms\") or an ISO-8601 duration (\"PT10S\")");
        }
        return d;
    }

    /**
     * The elements of the test and of the classes around it, innermost first: the method (its invocations share it)
     * and each enclosing class up to the outermost.
     */
    private static List<AnnotatedElement> elements(ExtensionContext context) {
        List<AnnotatedElement> elements = new ArrayList<>();
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            c.getElement().filter(e -> !elements.contains(e)).ifPresent(elements::add);
        }
        return elements;
    }
}
