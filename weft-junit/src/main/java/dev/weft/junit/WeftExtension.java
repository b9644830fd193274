package dev.weft.junit;

import dev.weft.fixture.SinkServer;
import dev.weft.internet.IDelayedCall;
import dev.weft.internet.nio.NioReactor;
import dev.weft.internet.nio.ReactorThread;
import dev.weft.internet.task.Clock;
import dev.weft.internet.testing.MemoryReactor;
import dev.weft.internet.testing.MemoryReactorClock;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit 5 extension for weft: injects what a test asks for and, after each test, fails it if it broke one of the
 * kit's rules.
 *
 * <pre>{@code
 * @ExtendWith(WeftExtension.class)
 * class RetryTest {
 *     @Test
 *     void retriesAfterOneSecond(Clock clock, SinkServer server) { ... }
 * }
 * }</pre>
 *
 * <p>It injects, fresh per test and closed after it: {@link Clock}, {@link MemoryReactorClock} (also for {@link
 * MemoryReactor}), {@link ReactorThread} (a running {@link NioReactor}) or that {@link NioReactor}, and {@link
 * SinkServer} (TCP, default script); one of each per test, shared by its constructor, {@code @BeforeEach}, body and
 * {@code @AfterEach} methods and by parameters of one type. A constructor is injected under the default {@code
 * PER_METHOD} lifecycle, where each test (each invocation of a parameterized one) has an instance of its own, and an
 * enclosing instance of a {@code @Nested} class gets the same values; under {@code @TestInstance(PER_CLASS)} the one
 * instance serves every test, so a constructor parameter is refused, as is one of {@code @BeforeAll} or {@code
 * @AfterAll}, naming the method and why. If the instance is made but the test never runs (its constructor threw),
 * what the constructor was given is closed unjudged. After each test it fails it, naming each problem, if a {@code
 * Deferred} failed unhandled during the test (needs the default {@code java.util.logging} backend; the test's own
 * reports are still logged, the barriers that wait for them log nothing; a failure dropped before the test, collected
 * by a barrier before it starts, is logged as a warning and not counted; one still reachable when the test started and
 * dropped during it is counted), a delayed call is pending on an injected clock, a connection or port is
 * open on the injected reactor or {@code SinkServer} (named with its addresses; each first gives a peer's close up to a second to arrive,
 * returning as soon as none is open; a reactor the test stopped itself closed them all), the responder of a {@code
 * SinkServer} connection the test did not take failed (the error's cause is what it threw; reported even under
 * {@link SkipHygiene}), or a reactor thread started during the test still runs. {@link SkipHygiene} turns checks
 * off, with a reason. Runs on the test thread; one instance serves a whole run.
 */
public final class WeftExtension implements ParameterResolver, BeforeEachCallback, AfterEachCallback {
    private static final System.Logger LOG = System.getLogger(WeftExtension.class.getName());
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(WeftExtension.class);
    private static final Set<Class<?>> INJECTED = Set.of(
            Clock.class,
            MemoryReactorClock.class,
            MemoryReactor.class,
            ReactorThread.class,
            NioReactor.class,
            SinkServer.class);

    /**
     * How long the open-socket check waits for the injected reactor's sockets to close before it judges them, as
     * {@link SinkServer#close()} waits for its connections: a peer's close reaches the reactor a moment after the
     * peer's {@code close()} returns.
     */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(1);

    /** The longest {@link #awaitSocketsClosed} waits without waking the reactor to look. */
    private static final Duration LOOK_EVERY = Duration.ofMillis(20);

    /** Creates the extension; JUnit does this for {@code @ExtendWith}. */
    public WeftExtension() {}

    /**
     * What one test was given and what was running before it. JUnit closes one left in the store, when a test's
     * instance was made but the test never ran ({@link #afterEach} takes it out otherwise).
     */
    private static final class State implements AutoCloseable {
        final Set<String> threadsBefore = reactorThreads();
        final UnhandledErrors unhandled = new UnhandledErrors();

        @Nullable
        Clock clock;

        @Nullable
        MemoryReactorClock memoryReactor;

        @Nullable
        ReactorThread reactor;

        @Nullable
        SinkServer sink;

        State(ExtensionContext context) {
            List<String> before = unhandled.start();
            if (!before.isEmpty()) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        () -> before.size() + " Deferred(s) failed unhandled before " + context.getDisplayName()
                                + " started (dropped by an earlier test, or by code that ran without WeftExtension);"
                                + " not counted against it: " + before);
            }
        }

        /** Closes what was injected, judging nothing: the test did not run. */
        @Override
        public void close() {
            unhandled.detach();
            ReactorThread rt = reactor;
            if (rt != null) {
                rt.close();
            }
            SinkServer s = sink;
            if (s != null) {
                try {
                    s.closeAllowingOpen();
                } catch (AssertionError responderFailed) {
                    // its connections were the constructor's, and the test that would report it never ran
                }
            }
        }
    }

    /**
     * Asks JUnit for the test's own context when it makes a test instance, so that a constructor's parameters are the
     * test's (under {@code PER_METHOD}, one instance per test).
     */
    @Override
    public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
        return ExtensionContextScope.TEST_METHOD;
    }

    /**
     * Records the reactor threads already running and starts listening for unhandled errors, unless the test's
     * constructor was injected and did it already. Failures dropped before are collected first and logged as a
     * warning, not counted against the test.
     */
    @Override
    public void beforeEach(ExtensionContext context) {
        state(context);
    }

    /** Returns the test's state, made and stored on first use. */
    private static State state(ExtensionContext context) {
        return context.getStore(NS).getOrComputeIfAbsent(State.class, k -> new State(context), State.class);
    }

    /** Tells whether the parameter is one of the types this extension injects. */
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return INJECTED.contains(parameter.getParameter().getType());
    }

    /**
     * Returns the parameter's value for this test: one of each per test, made when first asked for, so the test's
     * constructor, {@code @BeforeEach}, body and {@code @AfterEach} share it. A {@link MemoryReactor} parameter is the
     * test's {@link MemoryReactorClock}; a {@link Clock} is a clock of its own.
     *
     * @throws ParameterResolutionException for a parameter of a method or constructor that serves more than one test:
     *     {@code @BeforeAll}, {@code @AfterAll}, or a constructor under {@code @TestInstance(PER_CLASS)}
     */
    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (context.getTestMethod().isEmpty()) {
            Executable e = parameter.getDeclaringExecutable();
            boolean constructor = e instanceof Constructor<?>;
            throw new ParameterResolutionException("WeftExtension cannot inject "
                    + parameter.getParameter().getType().getSimpleName() + " into " + e + ": "
                    + (constructor
                            ? "the class's one instance (@TestInstance(Lifecycle.PER_CLASS)) serves every test, but"
                                    + " what WeftExtension injects is one per test, checked and closed after it; ask"
                                    + " for it in the test method or @BeforeEach, or leave the class PER_METHOD"
                            : "a method that serves every test of the class has no test's values; ask for it in"
                                    + " the test method, @BeforeEach or the constructor"));
        }
        State state = state(context);
        Class<?> type = parameter.getParameter().getType();
        if (type == Clock.class) {
            Clock c = state.clock;
            if (c == null) {
                c = new Clock();
                state.clock = c;
            }
            return c;
        }
        if (type == MemoryReactorClock.class || type == MemoryReactor.class) {
            MemoryReactorClock m = state.memoryReactor;
            if (m == null) {
                m = new MemoryReactorClock();
                state.memoryReactor = m;
            }
            return m;
        }
        if (type == ReactorThread.class || type == NioReactor.class) {
            ReactorThread rt = state.reactor;
            if (rt == null) {
                rt = ReactorThread.start();
                state.reactor = rt;
            }
            return type == NioReactor.class ? rt.reactor() : rt;
        }
        SinkServer s = state.sink;
        if (s == null) {
            s = SinkServer.start();
            state.sink = s;
        }
        return s;
    }

    /**
     * Closes what was injected and runs the checks not skipped, throwing an {@link AssertionError} naming every problem
     * found.
     */
    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        State state = context.getStore(NS).remove(State.class, State.class);
        if (state == null) {
            return;
        }
        Set<HygieneCheck> skipped = skipped(context);
        List<String> problems = new ArrayList<>();
        if (!skipped.contains(HygieneCheck.PENDING_CALLS)) {
            List<IDelayedCall> pending = new ArrayList<>();
            Clock clock = state.clock;
            if (clock != null) {
                pending.addAll(clock.getDelayedCalls());
            }
            MemoryReactorClock memoryReactor = state.memoryReactor;
            if (memoryReactor != null) {
                pending.addAll(memoryReactor.getDelayedCalls());
            }
            if (!pending.isEmpty()) {
                problems.add(pending.size() + " delayed call(s) still pending on the injected clock: " + pending
                        + "; advance the clock past them or cancel them");
            }
        }
        ReactorThread rt = state.reactor;
        if (rt != null) {
            // a reactor the test stopped itself has closed every socket as it shut down: nothing to count
            if (!skipped.contains(HygieneCheck.OPEN_SOCKETS) && !rt.reactor().isShutDown()) {
                List<String> open = awaitSocketsClosed(rt, CLOSE_GRACE) > 0
                        ? rt.call(rt.reactor()::describeOpenSockets) // described while open: closing ends them
                        : List.of();
                if (!open.isEmpty()) {
                    problems.add(open.size() + " socket(s) (connections, listening ports or connect attempts) still"
                            + " open on the injected reactor after waiting " + CLOSE_GRACE.toMillis() + " ms for"
                            + " them to close: " + open + "; close them (loseConnection, stopListening) and wait for"
                            + " it before the test ends");
                }
            }
            rt.close();
        }
        SinkServer sink = state.sink;
        AssertionError sinkFailure = null;
        if (sink != null) {
            try {
                if (skipped.contains(HygieneCheck.OPEN_SOCKETS)) {
                    sink.closeAllowingOpen(); // still fails for a responder's failure: that is the test's own
                } else {
                    sink.close();
                }
            } catch (AssertionError e) {
                problems.add(e.getMessage());
                sinkFailure = e;
            }
        }
        if (!skipped.contains(HygieneCheck.REACTOR_THREADS)) {
            Set<String> left = reactorThreads();
            left.removeAll(state.threadsBefore);
            if (!left.isEmpty()) {
                problems.add("reactor thread(s) " + left + " still running; close every ReactorThread the test"
                        + " starts (try-with-resources)");
            }
        }
        List<String> unhandled = state.unhandled.stop();
        if (!skipped.contains(HygieneCheck.UNHANDLED_DEFERRED_ERRORS) && !unhandled.isEmpty()) {
            problems.add(unhandled.size() + " Deferred(s) failed and nobody handled the failure: " + unhandled
                    + "; add an errback, or check it with failureResultOf");
        }
        if (!problems.isEmpty()) {
            boolean responderFailed = sinkFailure != null && sinkFailure.getCause() != null;
            throw new AssertionError(
                    context.getDisplayName() + " broke the kit's hygiene rules:\n  - "
                            + String.join("\n  - ", problems)
                            + "\n(if the test means to, annotate it @SkipHygiene(value = ..., reason = \"...\")"
                            + (responderFailed ? "; a responder's failure is the test's own and no check skips it" : "")
                            + ")",
                    sinkFailure);
        }
    }

    /**
     * Waits up to {@code grace} for the injected reactor's sockets to close, returning as soon as none is open, and
     * returns how many are open then. A close the peer has made reaches the reactor a moment later (after the peer's
     * thread, maybe another reactor, has closed its socket), so the count is read on the reactor thread at the start
     * of each turn that something woke (I/O, a timer, another thread's call): a check queued lazily does not wake the
     * reactor, so an idle one sleeps meanwhile. A turn whose own events close the last socket after that check can
     * leave the reactor asleep with the next check queued; a waking look at least every {@link #LOOK_EVERY} bounds
     * that wait.
     */
    static int awaitSocketsClosed(ReactorThread rt, Duration grace) {
        NioReactor reactor = rt.reactor();
        long deadline = System.nanoTime() + grace.toNanos();
        int open = rt.call(reactor::openSocketCount);
        while (open > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return open;
            }
            CompletableFuture<Integer> next = new CompletableFuture<>();
            reactor.callFromThreadLazily(() -> next.complete(reactor.openSocketCount()));
            try {
                open = next.get(Math.min(left, LOOK_EVERY.toNanos()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException quiet) {
                open = rt.call(reactor::openSocketCount); // wakes it: nothing else may
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return rt.call(reactor::openSocketCount);
            } catch (ExecutionException e) {
                throw new IllegalStateException("counting the injected reactor's sockets failed", e.getCause());
            }
        }
        return open;
    }

    private static Set<HygieneCheck> skipped(ExtensionContext context) {
        Set<HygieneCheck> skipped = EnumSet.noneOf(HygieneCheck.class);
        for (Optional<? extends AnnotatedElement> e : List.of(context.getTestMethod(), context.getTestClass())) {
            if (e.isEmpty()) {
                continue;
            }
            SkipHygiene s = e.get().getAnnotation(SkipHygiene.class);
            if (s != null) {
                if (s.reason().isBlank()) {
                    throw new AssertionError("@SkipHygiene on " + e.get() + " needs a reason: say why the test may"
                            + " break " + List.of(s.value()));
                }
                skipped.addAll(List.of(s.value()));
            }
        }
        return skipped;
    }

    private static Set<String> reactorThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("weft-reactor-"))
                .map(Thread::getName)
                .collect(Collectors.toCollection(java.util.HashSet::new));
    }
}
