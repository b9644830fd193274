package dev.weft.junit;

import dev.weft.fixture.SinkServer;
import dev.weft.internet.Addresses;
import dev.weft.internet.IDelayedCall;
import dev.weft.internet.nio.NioReactor;
import dev.weft.internet.nio.ReactorThread;
import dev.weft.internet.task.Clock;
import dev.weft.internet.testing.MemoryReactor;
import dev.weft.internet.testing.MemoryReactorClock;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.DynamicTestInvocationContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestInstanceFactoryContext;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;
import org.junit.jupiter.api.extension.TestInstancePreConstructCallback;
import org.junit.jupiter.api.extension.TestInstancePreDestroyCallback;

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
 * SinkServer} (TCP, default script, on {@code 127.0.0.1} or where the parameter's {@link Listen} says); one of each
 * per test, shared by its constructor, {@code @BeforeEach}, body and {@code @AfterEach} methods and by parameters of
 * one type. A parameter may be of a weft supertype that only one of them has ({@code MemoryReactor}); one that several
 * have ({@code IReactorTime}: the clock, the memory reactor and the running reactor) fails, naming them. A constructor is injected under the default {@code
 * PER_METHOD} lifecycle, where each test (each invocation of a parameterized one) has an instance of its own, and an
 * enclosing instance of a {@code @Nested} class gets the same values (on JUnit 5.12 and later JUnit asks for the
 * test's values; before, the extension keeps the constructor's for the test that follows on its thread); under {@code
 * @TestInstance(PER_CLASS)} the one instance serves every test, so a constructor parameter is refused, as is one of
 * {@code @BeforeAll} or {@code @AfterAll}, naming the method and why; so is one of a class enclosing a {@code
 * PER_CLASS @Nested} class, naming that class. If the instance is made but the test never runs (its constructor threw),
 * what the constructor was given is closed unjudged. After each test it fails it, naming each problem, if a {@code
 * Deferred} failed unhandled during the test (needs the default {@code java.util.logging} backend; the test's own
 * reports are still logged, the barriers that wait for them log nothing; a failure dropped before the test, collected
 * by a barrier before it starts, is logged as a warning and not counted; one still reachable when the test started and
 * dropped during it is counted), a delayed call is pending on an injected clock, a connection or port is
 * open on the injected reactor or {@code SinkServer} (named with its addresses; each first gives a peer's close up to a second to arrive,
 * returning as soon as none is open; a reactor the test stopped itself closed them all), the responder of a {@code
 * SinkServer} connection the test did not take failed (the error's cause is what it threw; reported even under
 * {@link SkipHygiene}), or a reactor thread started during the test still runs. {@link SkipHygiene} turns checks
 * off, with a reason, for a method, a class and its {@code @Nested} classes and subclasses. Each wait of the teardown on a reactor
 * thread lasts at most {@link #TEARDOWN_TIMEOUT}: a blocked reactor fails the test naming where its thread is (its
 * stack attached), as a suppressed error if the test failed already.
 *
 * <p>Under JUnit's parallel execution ({@code junit.jupiter.execution.parallel.enabled=true}) a check judges only the
 * test's own: the reactor-thread check counts the reactor threads started by the test's code (its body, {@code
 * @BeforeEach} and {@code @AfterEach} methods, each dynamic test of a {@code @TestFactory}, whichever thread runs it)
 * or by a thread that code made (an {@code assertTimeoutPreemptively} or {@code @Timeout(threadMode = SEPARATE_THREAD)}
 * thread, a pool the test creates): such threads inherit the test's mark, and the teardown asks each reactor thread
 * for its mark. A reactor thread started by a thread made outside the test (a shared pool's) is counted only if the
 * test's thread started it, as is one that does not answer within a second. A Deferred's unhandled failure is found by the garbage
 * collector, and cannot be told apart from another test's, so that check (and its barrier, which collects garbage)
 * runs only for a test that runs alone: its class {@code @Isolated}, or the test or a class around it {@code
 * @ResourceLock(value = Resources.GLOBAL, mode = READ_WRITE)}; for others it is off, and a notice says so once a run.
 * A failure names the test as {@code com.example.RetryTest.retries (repetition 1 of 3)}. Runs on the test thread (the
 * interceptors on the thread JUnit runs that code on); one instance serves a whole run.
 */
public final class WeftExtension
        implements ParameterResolver,
                BeforeEachCallback,
                AfterEachCallback,
                TestInstancePreConstructCallback,
                TestInstancePostProcessor,
                TestInstancePreDestroyCallback,
                InvocationInterceptor {
    private static final System.Logger LOG = System.getLogger(WeftExtension.class.getName());
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(WeftExtension.class);
    /**
     * How long the open-socket check waits for the injected reactor's sockets to close before it judges them, as
     * {@link SinkServer#close()} waits for its connections: a peer's close reaches the reactor a moment after the
     * peer's {@code close()} returns.
     */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(1);

    /**
     * How long each wait of the teardown on a reactor thread lasts at most, unless the configuration parameter {@code
     * weft.junit.teardownTimeout} says otherwise ({@code "30 s"}, {@code "500 ms"}, {@code "PT30S"}): for the injected
     * reactor to answer the open-socket check and to stop, and for the injected {@code SinkServer}'s to answer before
     * it is closed. A reactor that does not is blocked, and the test fails saying so, with its thread's stack.
     */
    public static final Duration TEARDOWN_TIMEOUT = Duration.ofSeconds(10);

    /** Creates the extension; JUnit does this for {@code @ExtendWith}. */
    public WeftExtension() {}

    /**
     * What one test was given and what was running before it. JUnit closes one left in the store, when a test's
     * instance was made but the test never ran ({@link #afterEach} takes it out otherwise).
     */
    private static final class State implements AutoCloseable {
        /** The thread that runs the test; under concurrent execution only its reactor threads are the test's. */
        final Thread testThread = Thread.currentThread();

        final List<ReactorThread> reactorsBefore = ReactorThread.running();
        final boolean concurrent;
        final Duration teardownTimeout;

        /** Carried by the threads that run the test's code, and inherited by the threads they make. */
        final Owners.Owner owner;

        /** Null when the unhandled-Deferred check is off for this test: then no barrier runs either. */
        @Nullable
        UnhandledErrors unhandled;

        @Nullable
        Clock clock;

        @Nullable
        MemoryReactorClock memoryReactor;

        @Nullable
        ReactorThread reactor;

        @Nullable
        SinkServer sink;

        /** Where {@link #sink} listens, whether by {@link Listen}, and which parameter asked first: for a mismatch. */
        @Nullable
        InetAddress sinkAddress;

        boolean sinkListenAsked;

        @Nullable
        String sinkAskedBy;

        /** The injected {@code SinkServer}'s reactor thread, to see whether it answers before closing it. */
        @Nullable
        ReactorThread sinkReactor;

        private boolean closed;

        State(ExtensionContext context) {
            concurrent = HygieneSettings.concurrent(context);
            teardownTimeout = HygieneSettings.teardownTimeout(context, TEARDOWN_TIMEOUT);
            owner = new Owners.Owner(testName(context));
            settle(context);
        }

        /**
         * Starts or stops the unhandled-Deferred check as the context's settings say: at first, and again when a
         * state made for a constructor from the class's context reaches its test (whose method may say otherwise).
         */
        void settle(ExtensionContext context) {
            boolean wanted = !HygieneSettings.skipped(context, false).contains(HygieneCheck.UNHANDLED_DEFERRED_ERRORS);
            if (wanted && concurrent && !HygieneSettings.isolated(context)) {
                wanted = false;
                noticeOnce(context);
            }
            UnhandledErrors u = unhandled;
            if (!wanted && u != null) {
                u.detach();
                unhandled = null;
            }
            if (!wanted || u != null) {
                return;
            }
            u = new UnhandledErrors();
            unhandled = u;
            List<String> before = u.start();
            if (!before.isEmpty()) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        () -> before.size() + " Deferred(s) failed unhandled before " + context.getDisplayName()
                                + " started (dropped by an earlier test, or by code that ran without WeftExtension);"
                                + " not counted against it: " + before);
            }
        }

        /** Closes what was injected, judging nothing: the test did not run. Idempotent. */
        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            UnhandledErrors u = unhandled;
            if (u != null) {
                u.detach();
            }
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
     * A test's state made while JUnit (before 5.12) builds its instance with the class's context: the constructor of a
     * {@code PER_METHOD} class, and of each class around it, runs on the thread that then runs the test, so the state
     * waits in {@link #PENDING} for that test's {@code @BeforeEach} (or is closed, if the test does not run).
     */
    private static final class Pending {
        final State state;
        /** The first constructor given a value, and that value's type: what a refusal names. */
        final Executable constructor;

        final Class<?> type;
        /** The instances made with it so far: an outer instance, then maybe a {@code @Nested} one. */
        final List<Object> instances = new ArrayList<>();

        Pending(State state, Executable constructor, Class<?> type) {
            this.state = state;
            this.constructor = constructor;
            this.type = type;
        }

        boolean made(Object instance) {
            return instances.stream().anyMatch(i -> i == instance);
        }
    }

    /** The state this thread's instance in the making was given, for the test that follows on this thread. */
    private static final ThreadLocal<@Nullable Pending> PENDING = new ThreadLocal<>();

    /** Closes and forgets this thread's pending state: its test will not run (or a new instance is begun). */
    private static void dropPending() {
        Pending p = PENDING.get();
        if (p != null) {
            PENDING.remove();
            p.state.close();
        }
    }

    /**
     * Names a test as a stack trace does, then as JUnit shows it, unless that adds nothing: {@code
     * com.example.RetryTest.retries (repetition 1 of 3)}, {@code com.example.RetryTest.retries}.
     */
    static String testName(ExtensionContext context) {
        String display = context.getDisplayName();
        Optional<Method> method = context.getTestMethod();
        if (method.isEmpty()) {
            return context.getTestClass().map(Class::getName).orElse(display);
        }
        Method m = method.get();
        String name = context.getTestClass().orElse(m.getDeclaringClass()).getName() + "." + m.getName();
        return display.startsWith(m.getName() + "(") ? name : name + " (" + display + ")";
    }

    /**
     * Says once a run, when the first test not isolated starts under parallel execution, that the unhandled-Deferred
     * check is off for such tests and how to have it.
     */
    private static void noticeOnce(ExtensionContext context) {
        context.getRoot().getStore(NS).getOrComputeIfAbsent("concurrency notice", k -> {
            LOG.log(
                    System.Logger.Level.INFO,
                    "JUnit's parallel execution is on (" + HygieneSettings.PARALLEL + "=true), so tests may run"
                            + " beside others (every test with junit.jupiter.execution.parallel.mode.default=concurrent;"
                            + " otherwise those of a class or method marked @Execution(CONCURRENT)), and WeftExtension"
                            + " checks for Deferreds that failed unhandled only in a test that runs alone: the garbage"
                            + " collector finds such a failure, and cannot tell which test dropped it. To have the"
                            + " check for a test, make it run alone: annotate its class @Isolated, or the test or its"
                            + " class @ResourceLock(value = Resources.GLOBAL, mode = ResourceAccessMode.READ_WRITE)."
                            + " The other checks run for every test.");
            return Boolean.TRUE;
        });
    }

    /**
     * Asks JUnit (5.12 and later) for the test's own context when it makes a test instance, so that a constructor's
     * parameters are the test's (under {@code PER_METHOD}, one instance per test). Older JUnit never asks, and gives
     * the class's context: then the values wait on the thread for the test that follows ({@link Pending}).
     */
    @Override
    public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
        return ExtensionContextScope.TEST_METHOD;
    }

    /**
     * Before JUnit makes a test instance: a new outermost instance begins a new test, so what an earlier one on this
     * thread left pending (its constructor, or another extension, failed) is closed; a {@code @Nested} instance keeps
     * it only if its enclosing instance was made with it. Refuses a {@code PER_CLASS} {@code @Nested} class whose
     * enclosing instance was given this extension's values, naming the nested class.
     */
    @Override
    public void preConstructTestInstance(TestInstanceFactoryContext factoryContext, ExtensionContext context) {
        Owners.clear();
        Pending p = PENDING.get();
        if (p == null) {
            return;
        }
        Optional<Object> outer = factoryContext.getOuterInstance();
        if (outer.isEmpty() || !p.made(outer.get())) {
            dropPending();
            return;
        }
        if (context.getTestMethod().isEmpty() && lifecycle(context) == Lifecycle.PER_CLASS) {
            dropPending();
            throw refusal(p.type, p.constructor, factoryContext.getTestClass());
        }
    }

    /** Notes an instance made with this thread's pending values: a {@code @Nested} instance in it may share them. */
    @Override
    public void postProcessTestInstance(Object testInstance, ExtensionContext context) {
        Pending p = PENDING.get();
        if (p != null) {
            p.instances.add(testInstance);
        }
    }

    /** Closes the values a constructor was given if it (or one around it) throws: its test will not run. */
    @Override
    public <T> T interceptTestClassConstructor(
            Invocation<T> invocation,
            ReflectiveInvocationContext<Constructor<T>> invocationContext,
            ExtensionContext extensionContext)
            throws Throwable {
        try {
            return invocation.proceed();
        } catch (Throwable t) {
            dropPending();
            if (extensionContext.getTestMethod().isPresent()) {
                State s = extensionContext.getStore(NS).remove(State.class, State.class);
                if (s != null) {
                    s.close();
                }
            }
            throw t;
        }
    }

    /** Closes what a test's constructor was given if the test did not run (a condition disabled it). */
    @Override
    public void preDestroyTestInstance(ExtensionContext context) {
        dropPending();
    }

    @Override
    public void interceptBeforeEachMethod(
            Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext context)
            throws Throwable {
        runAsTest(invocation, context);
    }

    @Override
    public void interceptTestMethod(
            Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext context)
            throws Throwable {
        runAsTest(invocation, context);
    }

    @Override
    public void interceptTestTemplateMethod(
            Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext context)
            throws Throwable {
        runAsTest(invocation, context);
    }

    @Override
    public <T> T interceptTestFactoryMethod(
            Invocation<T> invocation, ReflectiveInvocationContext<Method> invocationContext, ExtensionContext context)
            throws Throwable {
        return runAsTest(invocation, context);
    }

    /** Runs a dynamic test, on whichever thread JUnit picks, as the code of its {@code @TestFactory}'s test. */
    @Override
    public void interceptDynamicTest(
            Invocation<Void> invocation, DynamicTestInvocationContext invocationContext, ExtensionContext context)
            throws Throwable {
        runAsTest(invocation, context);
    }

    @Override
    public void interceptAfterEachMethod(
            Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext context)
            throws Throwable {
        runAsTest(invocation, context);
    }

    /**
     * Runs a piece of the test's code with the thread (and the threads it makes) carrying the test's owner, which the
     * reactor-thread check asks a reactor thread for ({@link Owners}); a dynamic test finds its factory's state.
     */
    private static <T> T runAsTest(Invocation<T> invocation, ExtensionContext context) throws Throwable {
        State s = context.getStore(NS).get(State.class, State.class);
        return Owners.runAs(s == null ? null : s.owner, invocation::proceed);
    }

    /**
     * Records the reactor threads already running and, if the unhandled-Deferred check runs for this test, starts
     * listening for unhandled errors, unless the test's constructor was injected and did it already. Failures dropped
     * before are collected first and logged as a warning, not counted against the test.
     */
    @Override
    public void beforeEach(ExtensionContext context) {
        Owners.clear();
        state(context);
    }

    /**
     * Returns the test's state, made and stored on first use, or the one its constructor was given on this thread
     * (JUnit before 5.12), settled by the test's own settings.
     */
    private static State state(ExtensionContext context) {
        return context.getStore(NS)
                .getOrComputeIfAbsent(
                        State.class,
                        k -> {
                            Pending p = PENDING.get();
                            if (p == null) {
                                return new State(context);
                            }
                            PENDING.remove();
                            p.state.settle(context);
                            return p.state;
                        },
                        State.class);
    }

    /** Returns the lifecycle of the context's class; {@code PER_CLASS} when it does not say (no instance per test). */
    private static Lifecycle lifecycle(ExtensionContext context) {
        return context.getTestInstanceLifecycle().orElse(Lifecycle.PER_CLASS);
    }

    /**
     * The error for a constructor whose one instance serves more than one test: its own class's, or, when that
     * instance encloses a {@code PER_CLASS} {@code @Nested} class, that class's, named.
     */
    private static ParameterResolutionException refusal(Class<?> type, Executable e, Class<?> perClass) {
        Class<?> declaring = e.getDeclaringClass();
        String why = declaring == perClass
                ? "the class's one instance (@TestInstance(Lifecycle.PER_CLASS)) serves every test, but what"
                        + " WeftExtension injects is one per test, checked and closed after it; ask for it in the test"
                        + " method or @BeforeEach, or leave the class PER_METHOD"
                : "the @Nested class " + perClass.getName() + " is @TestInstance(Lifecycle.PER_CLASS), so the one "
                        + declaring.getSimpleName() + " instance enclosing it serves every test of "
                        + perClass.getSimpleName() + ", but what WeftExtension injects is one per test, checked and"
                        + " closed after it; ask for it in the test method or @BeforeEach, or leave "
                        + perClass.getSimpleName() + " PER_METHOD";
        return new ParameterResolutionException(
                "WeftExtension cannot inject " + type.getSimpleName() + " into " + e + ": " + why);
    }

    /**
     * Tells whether the parameter is of a type this extension injects: one's class, or a weft supertype of it that no
     * other is; a type more than one is, and a parameter marked {@link Listen}, are taken to be refused, naming why.
     */
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return Fixtures.supports(parameter);
    }

    /**
     * Returns the parameter's value for this test: one of each per test, made when first asked for, so the test's
     * constructor, {@code @BeforeEach}, body and {@code @AfterEach} share it. A {@link MemoryReactor} parameter is the
     * test's {@link MemoryReactorClock}; a {@link Clock} is a clock of its own. A {@link SinkServer} listens where the
     * parameter's {@link Listen} says, else on {@code 127.0.0.1}.
     *
     * @throws ParameterResolutionException for a parameter of a method or constructor that serves more than one test:
     *     {@code @BeforeAll}, {@code @AfterAll}, or a constructor under {@code @TestInstance(PER_CLASS)} (its class's,
     *     or a {@code PER_CLASS} {@code @Nested} class's, around it); for a type more than one injected thing is
     *     ({@code IReactorTime}), naming them; for a {@link Listen} on another type or without an IP literal; for a
     *     {@code SinkServer} asked for on another address than the test's, naming both
     */
    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        Fixtures.Fixture fixture = Fixtures.fixture(parameter);
        InetAddress listen = fixture == Fixtures.Fixture.SINK_SERVER ? Fixtures.listenAddress(parameter) : null;
        State state;
        if (context.getTestMethod().isPresent()) {
            state = state(context);
        } else {
            Executable e = parameter.getDeclaringExecutable();
            if (!(e instanceof Constructor<?>)) {
                throw new ParameterResolutionException("WeftExtension cannot inject " + type.getSimpleName() + " into "
                        + e + ": a method that serves every test of the class has no test's values; ask for it in"
                        + " the test method, @BeforeEach or the constructor");
            }
            if (lifecycle(context) == Lifecycle.PER_CLASS) {
                dropPending();
                throw refusal(type, e, context.getRequiredTestClass());
            }
            // JUnit before 5.12: a PER_METHOD instance, made with the class's context on the test's thread
            Pending p = PENDING.get();
            if (p == null) {
                p = new Pending(new State(context), e, type);
                PENDING.set(p);
            }
            state = p.state;
        }
        return value(state, fixture, parameter, listen);
    }

    /** Returns the state's value of {@code fixture}, made on first use. */
    private static Object value(
            State state, Fixtures.Fixture fixture, ParameterContext parameter, @Nullable InetAddress listen) {
        if (fixture == Fixtures.Fixture.CLOCK) {
            Clock c = state.clock;
            if (c == null) {
                c = new Clock();
                state.clock = c;
            }
            return c;
        }
        if (fixture == Fixtures.Fixture.MEMORY_REACTOR) {
            MemoryReactorClock m = state.memoryReactor;
            if (m == null) {
                m = new MemoryReactorClock();
                state.memoryReactor = m;
            }
            return m;
        }
        if (fixture == Fixtures.Fixture.REACTOR_THREAD || fixture == Fixtures.Fixture.NIO_REACTOR) {
            ReactorThread rt = state.reactor;
            if (rt == null) {
                rt = ReactorThread.start();
                state.reactor = rt;
                Owners.injected(rt);
            }
            return fixture == Fixtures.Fixture.NIO_REACTOR ? rt.reactor() : rt;
        }
        InetAddress address = listen == null ? Fixtures.DEFAULT_LISTEN : listen;
        boolean asked = parameter.isAnnotated(Listen.class);
        SinkServer s = state.sink;
        InetAddress made = state.sinkAddress;
        if (s != null && made != null && !made.equals(address)) {
            String wanted = Addresses.hostOf(address);
            throw new ParameterResolutionException("WeftExtension cannot inject " + Fixtures.where(parameter)
                    + ": it asks for a server listening on " + Fixtures.listenNamed(address, asked)
                    + ", but the test's one SinkServer listens on " + Fixtures.listenNamed(made, state.sinkListenAsked)
                    + ", as " + state.sinkAskedBy + " asked; give every SinkServer parameter of the test (constructor,"
                    + " @BeforeEach, test and @AfterEach) the same @Listen, or start a second server in the test:"
                    + " SinkServer.builder().listenAddress(\"" + wanted + "\").start()");
        }
        if (s == null) {
            List<ReactorThread> before = ReactorThread.running();
            s = SinkServer.builder().listenAddress(address).start();
            state.sink = s;
            state.sinkAddress = address;
            state.sinkListenAsked = asked;
            state.sinkAskedBy = Fixtures.where(parameter);
            for (ReactorThread rt : ReactorThread.running()) {
                if (rt.startedBy() == Thread.currentThread() && !before.contains(rt)) {
                    state.sinkReactor = rt;
                    Owners.injected(rt);
                }
            }
        }
        return s;
    }

    /**
     * Closes what was injected and runs the checks not skipped, throwing an {@link AssertionError} naming every problem
     * found; the stack of a reactor thread found blocked is attached to it, suppressed. Each wait on a reactor lasts
     * at most {@link #TEARDOWN_TIMEOUT} (or {@code weft.junit.teardownTimeout}).
     */
    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        State state = context.getStore(NS).remove(State.class, State.class);
        if (state == null) {
            return;
        }
        Set<HygieneCheck> skipped;
        try {
            skipped = HygieneSettings.skipped(context, true);
        } catch (AssertionError blankReason) {
            state.close();
            throw blankReason;
        }
        // An interrupt left from the test (a @Timeout's) would end every wait at once: the waits are bounded anyway.
        boolean interrupted = Thread.interrupted();
        try {
            judge(context, state, skipped);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void judge(ExtensionContext context, State state, Set<HygieneCheck> skipped) throws Exception {
        List<String> problems = new ArrayList<>();
        List<Throwable> stacks = new ArrayList<>();
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
        Duration bound = state.teardownTimeout;
        String boundHint = "; WeftExtension waits up to " + bound.toMillis() + " ms for a reactor at teardown"
                + " (weft.junit.teardownTimeout)";
        ReactorThread rt = state.reactor;
        if (rt != null) {
            long deadline = System.nanoTime() + bound.toNanos();
            try {
                // a reactor the test stopped itself has closed every socket as it shut down: nothing to count
                if (!skipped.contains(HygieneCheck.OPEN_SOCKETS)
                        && !rt.reactor().isShutDown()) {
                    List<String> open = ReactorWaits.awaitSocketsClosed(rt, CLOSE_GRACE, deadline) > 0
                            ? ReactorWaits.describeOpenSockets(rt, deadline)
                            : List.of();
                    if (!open.isEmpty()) {
                        problems.add(open.size() + " socket(s) (connections, listening ports or connect attempts)"
                                + " still open on the injected reactor after waiting " + CLOSE_GRACE.toMillis()
                                + " ms for them to close: " + open + "; close them (loseConnection, stopListening)"
                                + " and wait for it before the test ends");
                    }
                }
                ReactorWaits.close(rt, deadline, "the injected reactor");
            } catch (ReactorWaits.Blocked b) {
                ReactorWaits.queueStop(rt); // for when it is free; the thread is a daemon
                problems.add("the injected reactor's thread is blocked: " + b.getMessage() + boundHint);
                stacks.add(b.where);
            }
        }
        SinkServer sink = state.sink;
        AssertionError sinkFailure = null;
        if (sink != null) {
            ReactorThread sinkReactor = state.sinkReactor;
            try {
                if (sinkReactor != null) {
                    ReactorWaits.answers(sinkReactor, System.nanoTime() + bound.toNanos(), "answer");
                }
                Runnable close = skipped.contains(HygieneCheck.OPEN_SOCKETS)
                        ? sink::closeAllowingOpen // still fails for a responder's failure: that is the test's own
                        : sink::close;
                if (sinkReactor == null) {
                    close.run();
                } else {
                    // a responder may block after the look above: the close waits for the reactor thread, so bound it
                    // (past the close's own wait for connections still open)
                    ReactorWaits.closeWithin(
                            close,
                            sinkReactor,
                            System.nanoTime() + bound.toNanos() + CLOSE_GRACE.toNanos(),
                            "the injected SinkServer");
                }
            } catch (ReactorWaits.Blocked b) {
                if (sinkReactor != null) {
                    ReactorWaits.queueStop(sinkReactor); // stops the server when its responder returns
                }
                problems.add("the injected SinkServer's reactor thread is blocked (a responder that does not return?),"
                        + " so it was not closed: " + b.getMessage() + boundHint);
                stacks.add(b.where);
            } catch (AssertionError e) {
                problems.add(e.getMessage());
                sinkFailure = e;
            }
        }
        if (!skipped.contains(HygieneCheck.REACTOR_THREADS)) {
            List<String> left = new ArrayList<>();
            long deadline = System.nanoTime() + Math.min(bound.toNanos(), CLOSE_GRACE.toNanos());
            for (ReactorThread r : ReactorThread.running()) {
                // the injected ones, if still running, are blocked and reported above
                if (r == rt || r == state.sinkReactor || state.reactorsBefore.contains(r) || Owners.isInjected(r)) {
                    continue;
                }
                if (!state.concurrent || startedByTheTest(r, state, deadline)) {
                    left.add(r.thread().getName());
                }
            }
            if (!left.isEmpty()) {
                problems.add("reactor thread(s) " + left + " still running; close every ReactorThread the test"
                        + " starts (try-with-resources)");
            }
        }
        UnhandledErrors u = state.unhandled;
        if (u != null) {
            List<String> unhandled = u.stop();
            if (!unhandled.isEmpty()) {
                problems.add(unhandled.size() + " Deferred(s) failed and nobody handled the failure: " + unhandled
                        + "; add an errback, or check it with failureResultOf");
            }
        }
        if (!problems.isEmpty()) {
            boolean responderFailed = sinkFailure != null && sinkFailure.getCause() != null;
            AssertionError e = new AssertionError(
                    testName(context) + " broke the kit's hygiene rules:\n  - "
                            + String.join("\n  - ", problems)
                            + "\n(if the test means to, annotate it @SkipHygiene(value = ..., reason = \"...\")"
                            + (responderFailed ? "; a responder's failure is the test's own and no check skips it" : "")
                            + ")",
                    // the server's message is among the problems already: the cause is what the responder threw
                    sinkFailure == null ? null : sinkFailure.getCause());
            if (sinkFailure != null) {
                for (Throwable other : sinkFailure.getSuppressed()) {
                    e.addSuppressed(other); // the other responders' failures
                }
            }
            stacks.forEach(e::addSuppressed);
            throw e;
        }
    }

    /**
     * Tells whether a reactor thread still running was started by the test's code, under parallel execution: its
     * thread carries the test's owner ({@link Owners}: the test's body, {@code @BeforeEach} or {@code @AfterEach}
     * methods, a dynamic test of its factory, or a thread any of them made). One started outside every test's code,
     * or that does not answer by {@code deadline} (blocked), is the test's if the test's thread started it.
     */
    private static boolean startedByTheTest(ReactorThread r, State state, long deadline) {
        Owners.Owner owner = Owners.of(r, deadline);
        if (owner != null) {
            return owner == state.owner;
        }
        if (r.reactor().isShutDown()) {
            return false;
        }
        return r.startedBy() == state.testThread || r.startedBy() == Thread.currentThread();
    }

    /**
     * Waits up to {@code grace} for the injected reactor's sockets to close, returning as soon as none is open, and
     * returns how many are open then ({@link ReactorWaits#awaitSocketsClosed}; {@code -1} if the reactor stopped).
     */
    static int awaitSocketsClosed(ReactorThread rt, Duration grace) throws ReactorWaits.Blocked {
        return ReactorWaits.awaitSocketsClosed(rt, grace, System.nanoTime() + TEARDOWN_TIMEOUT.toNanos());
    }
}
