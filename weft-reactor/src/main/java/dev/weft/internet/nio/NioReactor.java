package dev.weft.internet.nio;

import dev.weft.defer.Deferred;
import dev.weft.internet.Addresses;
import dev.weft.internet.ClientFactory;
import dev.weft.internet.IConnector;
import dev.weft.internet.IDelayedCall;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.IProtocolFactory;
import dev.weft.internet.IReactorCore;
import dev.weft.internet.IReactorTCP;
import dev.weft.internet.IReactorThreads;
import dev.weft.internet.IReactorTime;
import dev.weft.internet.IReactorUNIX;
import dev.weft.internet.Phase;
import dev.weft.internet.SystemEvent;
import dev.weft.internet.Threads;
import dev.weft.internet.nio.internal.Connection;
import dev.weft.internet.nio.internal.Connector;
import dev.weft.internet.nio.internal.EventLoop;
import dev.weft.internet.nio.internal.ListeningPort;
import dev.weft.internet.nio.internal.Selectable;
import dev.weft.internet.nio.internal.ShutdownHook;
import dev.weft.internet.nio.internal.WorkerPool;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The real reactor (Twisted's default reactor): a single-threaded event loop on a {@link
 * java.nio.channels.Selector} serving TCP and UNIX-domain sockets, timers and threads.
 *
 * <pre>{@code
 * NioReactor reactor = new NioReactor();
 * reactor.listenTCP(8000, ServerFactory.forProtocol(Echo::new), 50, "127.0.0.1");
 * reactor.run(); // until reactor.stop()
 * }</pre>
 *
 * <p>To run it beside other code, {@link ReactorThread#start()} runs it on a thread of its own and {@link
 * Threads#blockingCallFromThread} reaches it from outside.
 *
 * <p><b>Threads.</b> Confined to the reactor thread: the thread that first calls {@link #run()} or {@link
 * #runOnce(Duration)}. Before that, one thread may set the reactor up (listen, connect, schedule); afterwards
 * the confined methods throw {@link IllegalStateException} on another thread. The thread-safe ones say so.
 * Protocols, factories, transports, Deferred callbacks and delayed calls all run on the reactor thread and
 * must not block: hand blocking work to {@link #deferToThread(Callable)}.
 *
 * <p><b>Lifecycle.</b> {@link #run()} fires the {@code startup} system event ({@link #isRunning()} turns true
 * before its {@code during} phase), loops until {@link #stop()}, then fires {@code shutdown}: its {@code
 * before} triggers, then every port is closed, every connection lost with a {@link
 * dev.weft.internet.ConnectionLost} (or {@link dev.weft.internet.ConnectionAborted} if being aborted), every
 * connect attempt failed with a {@link dev.weft.internet.ConnectError} and the thread pool stopped; then the
 * other triggers. Pending delayed calls and calls from threads are dropped. A reactor runs once: it cannot be
 * restarted after {@link #stop()}, only after {@link #crash()}. One stepped with {@link #runOnce(Duration)}
 * is shut down by {@link #close()}. Calls that need a live reactor throw {@link IllegalStateException} once
 * it has shut down.
 *
 * <p><b>Failures.</b> An exception thrown by a protocol or factory callback is logged ({@link System.Logger}
 * {@code "dev.weft.internet.nio"}) and closes that one connection with the exception as the reason (see
 * DEVIATIONS.md); the loop and the other connections go on. An exception from a delayed call, a trigger or a
 * call from a thread is logged. I/O failures arrive as {@code connectionLost} or {@code
 * clientConnectionFailed} reasons. An {@link OutOfMemoryError}, {@link InternalError} or {@link
 * UnknownError} on the reactor thread is no callback's failure: the reactor stops at once, closing its
 * sockets without callbacks, and {@link #run()} throws it, as it reaches every thread blocked in a call
 * into the reactor ({@link StackOverflowError} stays a callback's failure).
 *
 * <p><b>Signals.</b> {@link #run()} stops the reactor when the JVM shuts down (SIGTERM, SIGINT, SIGHUP,
 * {@code System.exit}), as Twisted's {@code reactor.run()} does on SIGINT and SIGTERM, so the {@code shutdown}
 * triggers run and the sockets close first; {@link #run(boolean) run(false)} leaves that to the caller.
 */
public final class NioReactor
        implements IReactorCore, IReactorTime, IReactorThreads, IReactorTCP, IReactorUNIX, AutoCloseable {
    /** The permission bits given to a UNIX-domain socket's file when none are asked for: 0666, as Twisted. */
    public static final int DEFAULT_UNIX_MODE = 0666;

    /** The most threads {@link #NioReactor()} lets its pool run at once. */
    public static final int DEFAULT_THREAD_POOL_SIZE = WorkerPool.DEFAULT_SIZE;

    /**
     * How long the shutdown hook of {@link #run()} waits, once the JVM has begun to shut down, for the reactor
     * to stop (its {@code shutdown} triggers included) before it lets the JVM halt: 30 seconds.
     */
    public static final Duration SHUTDOWN_HOOK_TIMEOUT = Duration.ofSeconds(30);

    private final EventLoop loop;
    /** The shutdown hook registered while {@link #run(boolean) run(true)} runs; null otherwise. */
    private volatile @Nullable ShutdownHook hook;

    /**
     * Creates a reactor whose thread pool has {@value WorkerPool#DEFAULT_SIZE} threads. Thread-safe.
     * @throws java.io.UncheckedIOException if no selector can be opened
     */
    public NioReactor() {
        this(WorkerPool.DEFAULT_SIZE);
    }

    /**
     * Creates a reactor whose pool for {@link #callInThread} and {@link #deferToThread} runs at most {@code
     * threadPoolSize} (at least 1) threads, created when needed, ended when idle. Thread-safe.
     * @throws java.io.UncheckedIOException if no selector can be opened
     */
    public NioReactor(int threadPoolSize) {
        this.loop = new EventLoop(threadPoolSize, 0, NioConnection::new);
        loop.reactor(this); // what each connection's reactor() gives, e.g. to a TLS layer without a clock
    }

    /**
     * Creates a reactor that, when it runs out of work after accepting connections, polls for events
     * without blocking for up to {@code spinAfterAccept} before it sleeps in {@code select} (Netty and the
     * kernel call this busy polling). A sleeping loop is woken by whoever makes its next event, and on a
     * virtual machine that wake-up is dear for the waker: a client that opens many short connections
     * pays it inside each {@code connect}. Once a poll finds nothing within that time the loop sleeps,
     * and polls again only after its next accept: the price is up to that long of one core's time per
     * pause while connections come in; an idle reactor, or one that has accepted nothing since it last
     * slept, sleeps at once as with the other constructors, where this is off. {@code weft sink} turns
     * it on (weft-reactor's README has the figures). Thread-safe.
     * @throws IllegalArgumentException if {@code spinAfterAccept} is negative
     * @throws java.io.UncheckedIOException if no selector can be opened
     */
    public NioReactor(int threadPoolSize, Duration spinAfterAccept) {
        this.loop = new EventLoop(threadPoolSize, spinAfterAccept.toNanos(), NioConnection::new);
        loop.reactor(this); // what each connection's reactor() gives, e.g. to a TLS layer without a clock
    }

    EventLoop loop() {
        return loop;
    }

    // ---------------------------------------------------------------- IReactorCore

    /**
     * Runs the event loop on the calling thread, which becomes the reactor thread, until {@link #stop()};
     * then shuts down (see the class comment) and returns. Throws what ended the loop otherwise, such as an
     * {@link OutOfMemoryError} on this thread (the class comment's Failures). The same as {@link #run(boolean)
     * run(true)}: the reactor stops when the JVM shuts down.
     * @throws IllegalStateException if already running, already stopped (a reactor cannot be restarted,
     * except after {@link #crash()}), or called on another thread than the one that stepped it
     */
    @Override
    public void run() {
        run(true);
    }

    /**
     * Runs the event loop as {@link #run()} does; with {@code installSignalHandlers} (Twisted's parameter),
     * registers a JVM shutdown hook for as long as it runs. When the JVM begins to shut down (SIGTERM,
     * SIGINT, SIGHUP, {@code System.exit} on another thread, or the last non-daemon thread ending), the hook
     * stops the reactor and waits until this method returns, so the {@code shutdown} triggers run and the
     * sockets close; then the JVM halts, with its own exit status (143 after SIGTERM, 130 after SIGINT),
     * perhaps before the code after this call runs. The wait ends at once if the reactor thread itself is
     * inside {@code System.exit} (the triggers then do not run), and after {@link #SHUTDOWN_HOOK_TIMEOUT}
     * otherwise. Pass false when the program has a shutdown hook of its own that still needs the reactor
     * ({@link ReactorThread} does).
     * @throws IllegalStateException as {@link #run()}
     */
    public void run(boolean installSignalHandlers) {
        if (installSignalHandlers) {
            runWithHook(SHUTDOWN_HOOK_TIMEOUT);
        } else {
            loop.run();
        }
    }

    /** Is {@code run(true)} with a hook that waits at most {@code bound}: for tests. */
    void runWithHook(Duration bound) {
        if (hook != null) {
            loop.run(); // run() inside run() throws; the hook stays the outer run's
            return;
        }
        loop.checkThread("run");
        ShutdownHook installed = ShutdownHook.install(loop, bound);
        hook = installed;
        try {
            loop.run();
        } finally {
            hook = null;
            if (installed != null) {
                installed.uninstall();
            }
        }
    }

    /** Returns the shutdown hook registered while {@code run()} runs, or null: for tests. */
    @Nullable
    ShutdownHook shutdownHook() {
        return hook;
    }

    /**
     * Asks the loop to shut down once the current callback returns; from another thread use {@code
     * callFromThread(reactor::stop)}.
     * @throws IllegalStateException if the reactor is not running or already stopping (Twisted's {@code
     * ReactorNotRunning})
     */
    @Override
    public void stop() {
        loop.stop();
    }

    /**
     * Stops the loop at once without firing the {@code shutdown} event (Twisted's {@code crash}): {@link
     * #run()} returns after the current callback, leaving sockets, timers and triggers as they are, and may
     * be called again, which fires {@code startup} again. {@link #close()} shuts a crashed reactor down. Does
     * nothing while not running, or once shutdown has begun.
     */
    @Override
    public void crash() {
        loop.crash();
    }

    /**
     * Runs {@code call} once the reactor runs: at once if it already does (then returns null), else as an
     * {@code (AFTER, STARTUP)} trigger.
     */
    @Override
    public @Nullable Object callWhenRunning(Runnable call) {
        Objects.requireNonNull(call, "call");
        loop.checkThread("callWhenRunning");
        if (loop.isRunning()) {
            call.run();
            return null;
        }
        return loop.events().add(Phase.AFTER, SystemEvent.STARTUP, call);
    }

    /** Adds a system event trigger, run in {@code phase} of {@code event}. */
    @Override
    public Object addSystemEventTrigger(Phase phase, SystemEvent event, Runnable call) {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(call, "call");
        loop.checkThread("addSystemEventTrigger");
        return loop.events().add(phase, event, call);
    }

    /**
     * Adds a system event trigger whose Deferred, returned in the {@code BEFORE} phase, holds back the later
     * phases of its event until it fires; the loop keeps running meanwhile.
     */
    @Override
    public Object addSystemEventTriggerDeferring(Phase phase, SystemEvent event, Callable<?> call) {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(call, "call");
        loop.checkThread("addSystemEventTriggerDeferring");
        return loop.events().addDeferring(phase, event, call);
    }

    /**
     * Removes a trigger that has not run; throws {@link IllegalArgumentException} if no pending trigger has
     * that id.
     */
    @Override
    public void removeSystemEventTrigger(Object triggerId) {
        loop.checkThread("removeSystemEventTrigger");
        loop.events().remove(triggerId);
    }

    /** Tells whether {@link #run()} is between startup and shutdown (Twisted's {@code running}). Thread-safe. */
    @Override
    public boolean isRunning() {
        return loop.isRunning();
    }

    /**
     * Runs one turn of the loop on the calling thread, which becomes the reactor thread (Twisted's {@code
     * iterate}): the calls from threads and due delayed calls, writes, a wait for I/O of at most {@code
     * maxWait} (less if a call is due sooner, none if work is pending), and its dispatch. Fires no system
     * event.
     * @throws IllegalStateException inside {@link #run()} or a callback, or once shut down
     */
    public void runOnce(Duration maxWait) {
        loop.iterate(maxWait.isNegative() ? 0 : maxWait.toNanos());
    }

    /**
     * Shuts down a reactor that is not inside {@link #run()} (stepped with {@link #runOnce(Duration)}, or
     * never started): fires the shutdown event and releases the selector. Does nothing if shut down already.
     * @throws IllegalStateException while {@link #run()} is active (use {@link #stop()})
     */
    @Override
    public void close() {
        loop.close();
    }

    /** Tells whether the caller runs on the thread that runs (or stepped) this reactor. Thread-safe. */
    @Override
    public boolean isReactorThread() {
        return loop.isReactorThread();
    }

    /** Tells whether the reactor has started shutting down. Thread-safe. */
    public boolean isShutDown() {
        return loop.isShuttingDown();
    }

    /** Returns the most threads the pool for {@link #callInThread} runs. Thread-safe. */
    public int threadPoolSize() {
        return loop.pool().size();
    }

    /**
     * Tells how many sockets the reactor owns (connections, listening ports, connect attempts), for tests and
     * diagnostics.
     */
    public int openSocketCount() {
        loop.checkThread("openSocketCount");
        return loop.openCount();
    }

    /**
     * Describes each socket {@link #openSocketCount()} counts, oldest first, for a test's failure message: {@code
     * "listening port <Factory on 8080> at 127.0.0.1:8080"}, {@code "connection <Echo #0 on 8080>, local
     * 127.0.0.1:8080, peer 127.0.0.1:51234"} (a UNIX socket shows its path), {@code "connect attempt of <Connector to
     * ...>"}. Call it on the reactor thread.
     */
    public List<String> describeOpenSockets() {
        loop.checkThread("describeOpenSockets");
        List<String> described = new ArrayList<>();
        for (Selectable s : loop.openSelectables()) {
            if (s instanceof Connection c) {
                described.add("connection " + c + ", local " + Addresses.text(c.getHost()) + ", peer "
                        + Addresses.text(c.getPeer()));
            } else if (s instanceof ListeningPort p) {
                String name = p.toString(); // names a UNIX port's path already, a TCP port's number only
                String at = p.isListening() ? Addresses.text(p.getHost()) : "";
                described.add("listening port " + name + (name.contains(at) ? "" : " at " + at));
            } else {
                described.add(String.valueOf(s));
            }
        }
        return described;
    }

    /** Waits up to {@code timeout} for the worker threads of a stopped reactor to end; true if all did. Thread-safe. */
    public boolean awaitThreadPoolTermination(Duration timeout) throws InterruptedException {
        return loop.pool().awaitTermination(timeout.toMillis());
    }

    // ---------------------------------------------------------------- IReactorTime

    /**
     * Returns monotonic seconds since the reactor was created, not wall-clock time (see DEVIATIONS.md).
     * Thread-safe.
     */
    @Override
    public double seconds() {
        return loop.seconds();
    }

    /**
     * Schedules {@code call} on the reactor thread {@code delaySeconds} (at least 0) from now; one scheduled
     * from inside a delayed call runs on a later turn, even with delay 0. What it throws is logged, naming the
     * call (the class its lambda is written in) and, if a connection's callbacks scheduled it (or a delayed call
     * they scheduled), that connection: {@code Unhandled exception in a delayed call DelayedCall[called at
     * 2.5s: a lambda in com.example.Echo, scheduled while handling <Echo #3 on 8080>]}.
     * @throws IllegalArgumentException if the delay is negative, infinite or NaN
     */
    @Override
    public IDelayedCall callLater(double delaySeconds, Runnable call) {
        Objects.requireNonNull(call, "call");
        loop.checkThread("callLater");
        return loop.timers().schedule(delaySeconds, call);
    }

    /** Returns the pending delayed calls. Confined to the reactor thread. */
    @Override
    public List<IDelayedCall> getDelayedCalls() {
        loop.checkThread("getDelayedCalls");
        return loop.timers().pending();
    }

    // ---------------------------------------------------------------- IReactorThreads

    /**
     * Runs {@code call} on the reactor thread, soon: the one thread-safe way in. Calls from one thread run in
     * order; calls made after the reactor stopped never run. Thread-safe.
     */
    @Override
    public void callFromThread(Runnable call) {
        loop.callFromThread(Objects.requireNonNull(call, "call"));
    }

    /**
     * Queues {@code call} for the reactor thread without waking the selector: it runs at the start of the
     * reactor's next turn, whatever wakes it. Thread-safe.
     */
    @Override
    public void callFromThreadLazily(Runnable call) {
        loop.callFromThreadLazily(Objects.requireNonNull(call, "call"));
    }

    /**
     * Runs {@code call}, which may block, on a thread of the reactor's pool; what it throws is logged.
     * @throws java.util.concurrent.RejectedExecutionException once the reactor has shut down
     */
    @Override
    public void callInThread(Runnable call) {
        Objects.requireNonNull(call, "call");
        loop.checkThread("callInThread");
        loop.pool().execute(() -> {
            try {
                call.run();
            } catch (Throwable t) {
                dev.weft.internet.nio.internal.Faults.callbackFailed("callInThread " + call, t);
            }
        });
    }

    /**
     * Runs {@code call}, which may block, on a pool thread; the Deferred fires on the reactor thread with its
     * result or what it threw (an {@link IllegalStateException} if shutting down).
     */
    @Override
    public <T> Deferred<T> deferToThread(Callable<T> call) {
        Objects.requireNonNull(call, "call");
        loop.checkThread("deferToThread");
        return loop.pool().deferToThread(call);
    }

    /**
     * Registers a thread's wait, ended with an {@link IllegalStateException} if the reactor stops first;
     * false if it already has. Thread-safe.
     */
    @Override
    public boolean addStopWaiter(CompletableFuture<?> waiter) {
        return loop.addWaiter(waiter);
    }

    /** Forgets a wait registered with {@link #addStopWaiter}. Thread-safe. */
    @Override
    public void removeStopWaiter(CompletableFuture<?> waiter) {
        loop.removeWaiter(waiter);
    }

    // ---------------------------------------------------------------- IReactorTCP

    /**
     * Listens for TCP connections, calling {@code factory.doStart()} before returning. IPv4 unless {@code
     * iface} is an IPv6 address; {@code SO_REUSEADDR} is set, as in Twisted; a host name is looked up on the
     * calling thread.
     * @param port the port, or 0 for a free one (read it back from {@code getHost()})
     * @param backlog the listen queue's length, at least 1
     * @param iface the address to bind; {@code ""} for all IPv4 interfaces
     * @throws dev.weft.internet.CannotListenError if the address cannot be bound, naming the address and the
     * cause
     * @throws IllegalArgumentException if the port or backlog is out of range
     */
    @Override
    public IListeningPort listenTCP(int port, IProtocolFactory factory, int backlog, String iface) {
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(iface, "iface");
        loop.checkThread("listenTCP");
        ListeningPort listening = ListeningPort.tcp(loop, port, factory, backlog, iface);
        listening.startListening();
        return listening;
    }

    /**
     * Connects to a TCP server (see {@link IReactorTCP#connectTCP}), calling {@code doStart()} and {@code
     * startedConnecting} before returning. A host name is looked up on a pool thread; an unknown one fails
     * with {@link dev.weft.internet.UnknownHostError}.
     * @param port the server's port, 1..65535
     * @param timeout seconds before the attempt fails with {@link dev.weft.internet.ConnectTimeoutError},
     * positive ({@link Double#POSITIVE_INFINITY} for none)
     * @throws IllegalArgumentException if the port or timeout is out of range, or the host is empty
     */
    @Override
    public IConnector connectTCP(
            String host, int port, ClientFactory factory, double timeout, @Nullable InetSocketAddress bindAddress) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(factory, "factory");
        loop.checkThread("connectTCP");
        Connector connector = Connector.tcp(loop, host, port, factory, timeout, bindAddress);
        connector.setReactorTime(this);
        connector.connect();
        return connector;
    }

    // ---------------------------------------------------------------- IReactorUNIX

    /**
     * Listens on a UNIX-domain socket whose file, which must not exist, gets mode {@value #DEFAULT_UNIX_MODE}
     * (octal 0666); stopping the port deletes it.
     * @throws dev.weft.internet.CannotListenError if the socket cannot be bound (the file exists)
     */
    @Override
    public IListeningPort listenUNIX(String path, IProtocolFactory factory, int backlog) {
        return listenUNIX(path, factory, backlog, DEFAULT_UNIX_MODE);
    }

    /**
     * Listens on a UNIX-domain socket whose file, which must not exist, gets the permission bits {@code mode}
     * (e.g. {@code 0600}; -1: what the umask gives); stopping the port deletes it.
     * @throws dev.weft.internet.CannotListenError if the socket cannot be bound
     */
    @Override
    public IListeningPort listenUNIX(String path, IProtocolFactory factory, int backlog, int mode) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(factory, "factory");
        loop.checkThread("listenUNIX");
        ListeningPort listening = ListeningPort.unix(loop, path, factory, backlog, mode);
        listening.startListening();
        return listening;
    }

    /**
     * Connects to a UNIX-domain socket, failing after {@code timeout} seconds (positive; {@link
     * Double#POSITIVE_INFINITY}: never); the factory's hooks run as for {@link #connectTCP}. A missing file
     * fails with a {@link dev.weft.internet.ConnectError}, a file nobody listens on with {@link
     * dev.weft.internet.ConnectionRefusedError}.
     */
    @Override
    public IConnector connectUNIX(String path, ClientFactory factory, double timeout) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(factory, "factory");
        loop.checkThread("connectUNIX");
        Connector connector = Connector.unix(loop, path, factory, timeout);
        connector.setReactorTime(this);
        connector.connect();
        return connector;
    }

    /** Names the reactor for logs, e.g. {@code "NioReactor[r1, running]"}. */
    @Override
    public String toString() {
        return "NioReactor[" + loop.name() + (loop.isRunning() ? ", running" : "") + "]";
    }
}
