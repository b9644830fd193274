package dev.weft.junit;

import dev.weft.internet.nio.ReactorThread;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Tells which test started a reactor thread under parallel execution. While {@link WeftExtension} runs a test's code
 * (its {@code @BeforeEach}, body, {@code @AfterEach} methods, and each dynamic test of a {@code @TestFactory}), the
 * running thread carries the test's {@link Owner} in an inheritable thread-local; a thread made meanwhile inherits it
 * (an {@code assertTimeoutPreemptively} thread, a pool's thread the test creates), and so does a reactor thread any of
 * them starts. The teardown asks such a reactor thread for its owner, once (the answer is kept). Thread-safe.
 */
final class Owners {
    /** The test whose code the thread runs, or whose code made the thread; null outside of any. */
    private static final InheritableThreadLocal<@Nullable Owner> CURRENT = new InheritableThreadLocal<>();

    /** The owners reactor threads gave, kept while their thread lives. */
    private static final Map<Thread, Owner> KNOWN = Collections.synchronizedMap(new WeakHashMap<>());

    /** The reactors WeftExtension injected: their test judges them; nobody else asks them (one blocked would not answer). */
    private static final Set<ReactorThread> INJECTED =
            Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    /** No owner: a reactor thread started outside every test's code. */
    private static final Owner NOBODY = new Owner("nobody");

    private Owners() {}

    /** One test, by the name its failures use. */
    static final class Owner {
        private final String test;

        Owner(String test) {
            this.test = test;
        }

        @Override
        public String toString() {
            return test;
        }
    }

    /** Runs {@code body} on this thread as {@code owner}'s code, then restores what the thread carried. */
    static <T> T runAs(@Nullable Owner owner, ThrowingSupplier<T> body) throws Throwable {
        if (owner == null) {
            return body.get();
        }
        Owner before = CURRENT.get();
        CURRENT.set(owner);
        try {
            return body.get();
        } finally {
            CURRENT.set(before);
        }
    }

    /**
     * Forgets the owner this thread carries, when JUnit begins a test's instance or its {@code @BeforeEach} on it: a
     * worker thread the pool made while a test's code ran (a blocking wait makes one) inherited that test's owner,
     * which its own later work must not carry.
     */
    static void clear() {
        CURRENT.remove();
    }

    /** What {@link #runAs} runs. */
    @FunctionalInterface
    interface ThrowingSupplier<T> {
        T get() throws Throwable;
    }

    /** Notes a reactor WeftExtension injected, while it is reachable. */
    static void injected(ReactorThread rt) {
        INJECTED.add(rt);
    }

    /** Tells whether WeftExtension injected {@code rt}. */
    static boolean isInjected(ReactorThread rt) {
        return INJECTED.contains(rt);
    }

    /**
     * Returns the owner of the test whose code started {@code rt}, or null if it started outside every test's code, or
     * if it did not answer by {@code deadline} (blocked, or stopped), when nothing can be told.
     */
    static @Nullable Owner of(ReactorThread rt, long deadline) {
        Owner known = KNOWN.get(rt.thread());
        if (known != null) {
            return known == NOBODY ? null : known;
        }
        Owner answer;
        try {
            answer = ReactorWaits.tryAsk(
                    rt,
                    () -> {
                        Owner o = CURRENT.get();
                        return o == null ? NOBODY : o;
                    },
                    deadline);
        } catch (TimeoutException blocked) {
            return null;
        }
        if (answer == null) {
            return null; // stopped meanwhile: not running, not counted
        }
        KNOWN.put(rt.thread(), answer);
        return answer == NOBODY ? null : answer;
    }
}
