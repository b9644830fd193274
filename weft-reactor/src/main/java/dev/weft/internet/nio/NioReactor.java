package dev.weft.internet.nio;

import dev.weft.defer.Deferred;
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
import dev.weft.internet.nio.internal.Connector;
import dev.weft.internet.nio.internal.EventLoop;
import dev.weft.internet.nio.internal.ListeningPort;
import dev.weft.internet.nio.internal.WorkerPool;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The real reactor: a single-threaded event loop on a {@link java.nio.channels.Selector} that serves
 * TCP and UNIX-domain sockets, timers and threads. Twisted's default reactor, as {@link
 * IReactorCore}, {@link IReactorTime}, {@link IReactorThreads}, {@link IReactorTCP} and {@link
 * IReactorUNIX}.
 *
 * <pre>{@code
 * NioReactor reactor = new NioReactor();
 * reactor.listenTCP(8000, ServerFactory.forProtocol(Echo::new), 50, "127.0.0.1");
 * reactor.run(); // until reactor.stop()
 * }</pre>
 *
 * <p>To run it beside other code (tests, tools), {@link ReactorThread#start()} runs it on a thread of
 * its own and {@link Threads#blockingCallFromThread} reaches it from outside.
 *
 * <h2>Threads</h2>
 *
 * <p>Confined to the reactor thread: the thread that first calls {@link #run()} or {@link
 * #runOnce(Duration)}. Before that, one thread may set the reactor up (listen, connect, schedule);
 * afterwards the confined methods throw {@link IllegalStateException} on another thread. The
 * thread-safe ones say so: {@link #callFromThread(Runnable)}, {@link #isRunning()}, {@link
 * #isReactorThread()}, {@link #isShutDown()}, {@link #seconds()}, {@link #threadPoolSize()} and
 * {@link #awaitThreadPoolTermination(Duration)}. Protocols, factories,
 * transports, Deferred callbacks and delayed calls all run on the reactor thread and must not block:
 * hand blocking work to {@link #deferToThread(Callable)}.
 *
 * <h2>Lifecycle</h2>
 *
 * <p>{@link #run()} fires the {@code startup} system event ({@code before}, {@code during}, {@code
 * after} triggers; {@link #isRunning()} turns true before the {@code during} phase), then loops until
 * {@link #stop()}, then fires {@code shutdown}: its {@code before} triggers, then (first in the {@code
 * during} phase) every port is closed (its factory's {@code doStop} called), every connection lost
 * with a {@link dev.weft.internet.ConnectionLost} saying the reactor stopped (or {@link
 * dev.weft.internet.ConnectionAborted} if it was being aborted), every connect attempt failed with a
 * {@link dev.weft.internet.ConnectError}, and the thread pool told to stop; then the other triggers.
 * Pending delayed calls and calls from threads are dropped. A Deferred returned by a {@code before}
 * trigger ({@link #addSystemEventTriggerDeferring}) holds back the rest of its event while the loop
 * keeps turning. A reactor runs once: it cannot be restarted after {@link #stop()}, only after
 * {@link #crash()}. A reactor stepped with {@link #runOnce(Duration)} instead is shut down the same way by
 * {@link #close()}.
 *
 * <h2>Failures</h2>
 *
 * <p>An exception thrown by a protocol or factory callback is logged (through {@link System.Logger}
 * {@code "dev.weft.internet.nio"}) and closes that one connection with the exception as the reason,
 * in the client and the server alike (DEVIATIONS.md); the loop and every other connection go on. An exception from a
 * delayed call, a trigger or a call from a thread is logged. I/O failures arrive as {@code
 * connectionLost} or {@code clientConnectionFailed} reasons, never as exceptions out of the loop.
 */
public final class NioReactor
        implements IReactorCore, IReactorTime, IReactorThreads, IReactorTCP, IReactorUNIX, AutoCloseable {
    /** The permission bits given to a UNIX-domain socket's file when none are asked for: 0666, as Twisted. */
    public static final int DEFAULT_UNIX_MODE = 0666;

    private final EventLoop loop;

    /**
     * Creates a reactor whose thread pool has {@value WorkerPool#DEFAULT_SIZE} threads. Thread-safe.
     *
     * @throws java.io.UncheckedIOException if no selector can be opened
     */
    public NioReactor() {
        this(WorkerPool.DEFAULT_SIZE);
    }

    /**
     * Creates a reactor whose thread pool for {@link #callInThread} and {@link #deferToThread} runs at
     * most {@code threadPoolSize} threads (created when needed, ended when idle). Thread-safe.
     *
     * @param threadPoolSize the most threads, at least 1
     * @throws IllegalArgumentException if {@code threadPoolSize} is less than 1
     * @throws java.io.UncheckedIOException if no selector can be opened
     */
    public NioReactor(int threadPoolSize) {
        this.loop = new EventLoop(threadPoolSize);
    }

    EventLoop loop() {
        return loop;
    }

    // ---------------------------------------------------------------- IReactorCore

    /**
     * Runs the event loop on the calling thread, which becomes the reactor thread, until {@link
     * #stop()}; then shuts down (see the class comment) and returns.
     *
     * @throws IllegalStateException if already running, already stopped (a reactor cannot be
     *     restarted, except after {@link #crash()}), or called on another thread than the one that stepped it
     */
    @Override
    public void run() {
        loop.run();
    }

    /**
     * Asks the loop to shut down once the current callback returns; {@link #run()} returns after the
     * shutdown event. From another thread use {@code callFromThread(reactor::stop)}.
     *
     * @throws IllegalStateException if the reactor is not running or already stopping (Twisted's
     *     {@code ReactorNotRunning}), or on another thread
     */
    @Override
    public void stop() {
        loop.stop();
    }

    /**
     * Stops the loop at once without firing the {@code shutdown} event (Twisted's {@code crash}):
     * {@link #run()} returns after the current callback, leaving sockets, timers and triggers as they
     * are, and may be called again, which fires {@code startup} again. {@link #close()} shuts a crashed
     * reactor down. Does nothing while the reactor is not running, or once its shutdown has begun.
     *
     * @throws IllegalStateException on another thread
     */
    @Override
    public void crash() {
        loop.crash();
    }

    /**
     * Runs {@code call} once the reactor runs: at once if it already does, otherwise as an {@code
     * (AFTER, STARTUP)} trigger. Confined to the reactor thread.
     *
     * @param call what to run
     * @return the trigger's id, or null if {@code call} already ran
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

    /**
     * Adds a system event trigger. Confined to the reactor thread.
     *
     * @param phase when, within the event, to run
     * @param event the event
     * @param call what to run
     * @return the trigger's id
     */
    @Override
    public Object addSystemEventTrigger(Phase phase, SystemEvent event, Runnable call) {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(call, "call");
        loop.checkThread("addSystemEventTrigger");
        return loop.events().add(phase, event, call);
    }

    /**
     * Adds a system event trigger whose Deferred, returned in the {@code before} phase, holds back the
     * later phases of its event until it fires; the loop keeps running meanwhile (a pending {@code
     * before shutdown} Deferred keeps {@link #run()} turning). Confined to the reactor thread.
     *
     * @param phase when, within the event, to run
     * @param event the event
     * @param call what to run; a Deferred it returns is waited for
     * @return the trigger's id
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
     * Removes a trigger that has not run. Confined to the reactor thread.
     *
     * @param triggerId what {@link #addSystemEventTrigger} returned
     * @throws IllegalArgumentException if no pending trigger has that id
     */
    @Override
    public void removeSystemEventTrigger(Object triggerId) {
        loop.checkThread("removeSystemEventTrigger");
        loop.events().remove(triggerId);
    }

    /**
     * Tells whether {@link #run()} is between startup and shutdown. Thread-safe.
     *
     * @return Twisted's {@code running}
     */
    @Override
    public boolean isRunning() {
        return loop.isRunning();
    }

    /**
     * Runs one turn of the loop on the calling thread, which becomes the reactor thread, for tests and
     * tools that step the reactor instead of calling {@link #run()} (Twisted's {@code iterate}): runs
     * the calls from threads and the due delayed calls, flushes writes, waits for I/O at most {@code
     * maxWait} (less if a delayed call is due sooner, not at all if work is pending), and dispatches
     * it. Fires no system event.
     *
     * @param maxWait the longest wait for I/O
     * @throws IllegalStateException inside {@link #run()} or a callback, once shut down, or on another
     *     thread
     */
    public void runOnce(Duration maxWait) {
        loop.iterate(maxWait.isNegative() ? 0 : maxWait.toNanos());
    }

    /**
     * Shuts down a reactor that is not inside {@link #run()} (one stepped with {@link
     * #runOnce(Duration)}, or never started): fires the shutdown event, closing every port and
     * connection, and releases the selector. Does nothing if the reactor has shut down already.
     *
     * @throws IllegalStateException while {@link #run()} is active (use {@link #stop()}), or on
     *     another thread
     */
    @Override
    public void close() {
        loop.close();
    }

    /**
     * Tells whether the caller runs on this reactor's thread. Thread-safe.
     *
     * @return {@code true} on the thread that runs (or stepped) the reactor
     */
    @Override
    public boolean isReactorThread() {
        return loop.isReactorThread();
    }

    /**
     * Tells whether the reactor has started shutting down. Thread-safe.
     *
     * @return {@code true} once shutdown began
     */
    public boolean isShutDown() {
        return loop.isShuttingDown();
    }

    /**
     * Returns the most threads the pool for {@link #callInThread} runs. Thread-safe.
     *
     * @return the size given at construction ({@value WorkerPool#DEFAULT_SIZE} by default)
     */
    public int threadPoolSize() {
        return loop.pool().size();
    }

    /**
     * Tells how many sockets are open: connections, listening ports and connect attempts. Confined to
     * the reactor thread. Meant for tests and diagnostics.
     *
     * @return the number of open sockets the reactor owns
     */
    public int openSocketCount() {
        loop.checkThread("openSocketCount");
        return loop.openCount();
    }

    /**
     * Waits for the worker threads of a reactor that has stopped to end, for tests that check that no
     * thread is left over. Thread-safe.
     *
     * @param timeout the longest wait
     * @return {@code true} if every worker thread has ended
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitThreadPoolTermination(Duration timeout) throws InterruptedException {
        return loop.pool().awaitTermination(timeout.toMillis());
    }

    // ---------------------------------------------------------------- IReactorTime

    /**
     * Returns monotonic seconds since the reactor was created, not wall-clock time (DEVIATIONS.md).
     * Thread-safe.
     *
     * @return the time in seconds
     */
    @Override
    public double seconds() {
        return loop.seconds();
    }

    /**
     * Schedules {@code call} on the reactor thread {@code delaySeconds} from now. A call scheduled
     * from inside a delayed call runs on a later turn, even with delay 0. Confined to the reactor
     * thread.
     *
     * @param delaySeconds seconds to wait, at least 0
     * @param call what to run; an exception it throws is logged
     * @return the handle
     * @throws IllegalArgumentException if the delay is negative, infinite or NaN
     */
    @Override
    public IDelayedCall callLater(double delaySeconds, Runnable call) {
        Objects.requireNonNull(call, "call");
        loop.checkThread("callLater");
        return loop.timers().schedule(delaySeconds, call);
    }

    /**
     * Returns the pending delayed calls. Confined to the reactor thread.
     *
     * @return a snapshot
     */
    @Override
    public List<IDelayedCall> getDelayedCalls() {
        loop.checkThread("getDelayedCalls");
        return loop.timers().pending();
    }

    // ---------------------------------------------------------------- IReactorThreads

    /**
     * Runs {@code call} on the reactor thread, soon: the one thread-safe way in. Calls from one thread
     * run in order. The selector is woken only when the loop may be sleeping in it. Calls made after
     * the reactor stopped never run. Thread-safe.
     *
     * @param call what to run
     */
    @Override
    public void callFromThread(Runnable call) {
        loop.callFromThread(Objects.requireNonNull(call, "call"));
    }

    /**
     * Runs {@code call} on a thread of the reactor's pool. Confined to the reactor thread.
     *
     * @param call what to run; it may block; an exception it throws is logged
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
     * Runs {@code call} on a thread of the reactor's pool and fires its outcome on the reactor thread.
     * Confined to the reactor thread.
     *
     * @param call what to run; it may block
     * @param <T> its result type
     * @return a Deferred that fires with the result, or fails with what {@code call} threw (or with an
     *     {@link IllegalStateException} if the reactor is shutting down)
     */
    @Override
    public <T> Deferred<T> deferToThread(Callable<T> call) {
        Objects.requireNonNull(call, "call");
        loop.checkThread("deferToThread");
        return loop.pool().deferToThread(call);
    }

    /**
     * Registers a thread's wait, ended with an {@link IllegalStateException} if the reactor stops
     * first. Thread-safe.
     *
     * @param waiter the future waited on
     * @return false if the reactor has already stopped
     */
    @Override
    public boolean addStopWaiter(CompletableFuture<?> waiter) {
        return loop.addWaiter(waiter);
    }

    /**
     * Forgets a wait registered with {@link #addStopWaiter}. Thread-safe.
     *
     * @param waiter the future waited on
     */
    @Override
    public void removeStopWaiter(CompletableFuture<?> waiter) {
        loop.removeWaiter(waiter);
    }

    // ---------------------------------------------------------------- IReactorTCP

    /**
     * Listens for TCP connections and calls {@code factory.doStart()} before returning. IPv4 unless
     * {@code iface} is an IPv6 address; {@code SO_REUSEADDR} is set, as in Twisted. A host name as
     * {@code iface} is looked up on the calling thread. Confined to the reactor thread.
     *
     * @param port the port, or 0 for a free one (read it back from {@code getHost()})
     * @param factory builds a protocol for each connection; returning null closes it
     * @param backlog the listen queue's length, at least 1
     * @param iface the address to bind; {@code ""} for all IPv4 interfaces
     * @return the listening port
     * @throws dev.weft.internet.CannotListenError if the address cannot be bound, naming the address
     *     and the cause
     * @throws IllegalArgumentException if the port or backlog is out of range
     * @throws IllegalStateException once the reactor has shut down
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
     * Connects to a TCP server (see {@link IReactorTCP#connectTCP}); calls {@code doStart()} and
     * {@code startedConnecting} before returning. A host name is looked up on a pool thread; an
     * unknown one fails with {@link dev.weft.internet.UnknownHostError}. Confined to the reactor thread.
     *
     * @param host the server's host name or address literal
     * @param port the server's port, 1..65535
     * @param factory builds the protocol and hears how the attempt goes
     * @param timeout seconds before the attempt fails with {@link dev.weft.internet.ConnectTimeoutError},
     *     positive ({@link Double#POSITIVE_INFINITY} for none)
     * @param bindAddress the local address to bind first, or null
     * @return the connector
     * @throws IllegalArgumentException if the port or timeout is out of range, or the host is empty
     * @throws IllegalStateException once the reactor has shut down
     */
    @Override
    public IConnector connectTCP(
            String host, int port, ClientFactory factory, double timeout, @Nullable InetSocketAddress bindAddress) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(factory, "factory");
        loop.checkThread("connectTCP");
        Connector connector = Connector.tcp(loop, host, port, factory, timeout, bindAddress);
        connector.connect();
        return connector;
    }

    // ---------------------------------------------------------------- IReactorUNIX

    /**
     * Listens on a UNIX-domain socket whose file gets mode {@value #DEFAULT_UNIX_MODE} (octal 0666).
     * Confined to the reactor thread.
     *
     * @param path the socket file to create; it must not exist
     * @param factory builds a protocol for each connection
     * @param backlog the listen queue's length, at least 1
     * @return the listening port; stopping it deletes the file
     * @throws dev.weft.internet.CannotListenError if the socket cannot be bound (the file exists)
     * @throws IllegalStateException once the reactor has shut down
     */
    @Override
    public IListeningPort listenUNIX(String path, IProtocolFactory factory, int backlog) {
        return listenUNIX(path, factory, backlog, DEFAULT_UNIX_MODE);
    }

    /**
     * Listens on a UNIX-domain socket whose file gets the permission bits {@code mode}. Confined to
     * the reactor thread.
     *
     * @param path the socket file to create; it must not exist
     * @param factory builds a protocol for each connection
     * @param backlog the listen queue's length, at least 1
     * @param mode the file's permission bits, e.g. {@code 0600}; -1 leaves what the umask gives
     * @return the listening port; stopping it deletes the file
     * @throws dev.weft.internet.CannotListenError if the socket cannot be bound
     * @throws IllegalStateException once the reactor has shut down
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
     * Connects to a UNIX-domain socket; the factory's hooks run as for {@link #connectTCP}. A missing
     * file fails with a {@link dev.weft.internet.ConnectError}, a file nobody listens on with {@link
     * dev.weft.internet.ConnectionRefusedError}. Confined to the reactor thread.
     *
     * @param path the socket file
     * @param factory builds the protocol and hears how the attempt goes
     * @param timeout seconds before the attempt fails, positive ({@link Double#POSITIVE_INFINITY} for
     *     none)
     * @return the connector
     * @throws IllegalStateException once the reactor has shut down
     */
    @Override
    public IConnector connectUNIX(String path, ClientFactory factory, double timeout) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(factory, "factory");
        loop.checkThread("connectUNIX");
        Connector connector = Connector.unix(loop, path, factory, timeout);
        connector.connect();
        return connector;
    }

    /**
     * Names the reactor for logs.
     *
     * @return e.g. {@code "NioReactor[r1, running]"}
     */
    @Override
    public String toString() {
        return "NioReactor[" + loop.name() + (loop.isRunning() ? ", running" : "") + "]";
    }
}
