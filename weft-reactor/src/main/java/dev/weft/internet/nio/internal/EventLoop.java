package dev.weft.internet.nio.internal;

import dev.weft.internet.IAddress;
import dev.weft.internet.IProtocol;
import dev.weft.internet.IReactorTime;
import dev.weft.internet.SystemEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.Channel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The selector loop behind {@code NioReactor}: one thread, one {@link Selector}, a timer heap, a queue of
 * calls from other threads, a list of connections with writes to flush, and a list of sockets to close. One
 * turn:
 *
 * <ol>
 *   <li>run the calls other threads queued with {@link #callFromThread} (up to 4096 per turn);
 *   <li>run the delayed calls that are due (not those they schedule: those wait a turn);
 *   <li>flush the connections written to during 1–2;
 *   <li>try the first read of each connection accepted in an earlier turn ({@link
 *       Connection#startAccepted}), as if the select had found it readable first;
 *   <li>select, blocking until the next timer at most (not at all when work is pending or a socket
 *       waits to be closed), and dispatch each ready key to its {@link Selectable};
 *   <li>close the sockets handed to {@link #closeChannel} before the select of step 5, which has
 *       deregistered them;
 *   <li>flush the connections written to during 4–5.
 * </ol>
 *
 * <p>Writes are never sent from inside {@code write}: a connection joins the flush list once and is flushed
 * before the loop sleeps; one whose socket buffer fills waits for {@code OP_WRITE}. Sockets are closed only
 * once the selector has deregistered them, because the JDK closes a registered non-blocking socket in three
 * steps and an unregistered one in a single {@code close}.
 *
 * <p>The thread that first calls {@link #run}, {@link #iterate} or {@link #close} becomes the reactor thread
 * for good; until then any single thread may set the reactor up. {@link #callFromThread} is thread-safe;
 * everything else is confined to the reactor thread.
 */
public final class EventLoop {
    /** The size of the shared read buffer, and the size hint given to {@code getBuffer}: 64 KiB. */
    public static final int READ_BUFFER_SIZE = 64 * 1024;

    private static final int WRITE_BUFFER_SIZE = 256 * 1024;
    private static final AtomicInteger NEXT_ID = new AtomicInteger();

    private enum State {
        NEW,
        RUNNING,
        STOPPING,
        STOPPED
    }

    private final String name;
    private final Selector selector;
    /** How long the loop polls before it sleeps after accepting, in nanoseconds; 0: it sleeps at once. */
    private final long spinNanos;
    /** Whether a connection was accepted since the loop last slept: it then polls before sleeping. */
    private boolean acceptedSinceSleep;

    private final long origin = System.nanoTime();
    private final TimerQueue timers = new TimerQueue(this::seconds);
    private final ArrayDeque<Connection> flushQueue = new ArrayDeque<>();
    private final ArrayDeque<Channel> closeQueue = new ArrayDeque<>();
    private final ArrayDeque<Connection> firstReads = new ArrayDeque<>();
    private final Set<Selectable> open = new LinkedHashSet<>();
    private final SystemEvents events = new SystemEvents();
    private final WorkerPool pool;
    private final ThreadCalls threadCalls;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_SIZE);
    private final ByteBuffer writeBuffer = ByteBuffer.allocateDirect(WRITE_BUFFER_SIZE);
    private final Consumer<SelectionKey> dispatcher = this::dispatch;

    /** The reactor that runs this loop, which its connections name as theirs; null until it says so. */
    private @Nullable IReactorTime reactor;
    /** Makes this loop's connections: the public package's subclass of {@link Connection}. */
    private final ConnectionMaker connections;

    private volatile @Nullable Thread owner;
    private volatile State state = State.NEW;
    private volatile boolean running;
    private boolean stopRequested;
    private boolean crashRequested;
    private boolean inIteration;
    private boolean inRun;
    private boolean disconnected;

    /**
     * Opens a selector and creates a loop, not running, with a pool of at most {@code threadPoolSize} (at
     * least 1) threads, whose connections {@code connections} makes. When it runs out of work after
     * accepting connections, the loop polls its selector without blocking for up to {@code spinNanos}
     * (0: not at all) before it sleeps in {@code select} ({@code NioReactor(int, Duration)}).
     * @throws UncheckedIOException if the selector cannot be opened
     */
    public EventLoop(int threadPoolSize, long spinNanos, ConnectionMaker connections) {
        if (spinNanos < 0) {
            throw new IllegalArgumentException(
                    "the spin after accepting must not be negative, not " + spinNanos + " ns");
        }
        this.spinNanos = spinNanos;
        this.connections = connections;
        this.name = "r" + NEXT_ID.incrementAndGet();
        this.pool = new WorkerPool(threadPoolSize, name, this::callFromThread);
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        this.threadCalls = new ThreadCalls(selector);
        warmUpClose();
    }

    /**
     * Closes one socket now, while descriptors are free: the JDK's first close loads a class needing a
     * descriptor, and failing that (EMFILE) breaks every later close.
     */
    private static void warmUpClose() {
        try {
            java.nio.channels.SocketChannel.open().close();
        } catch (IOException e) {
            Faults.ioProblem("opening a first socket", e);
        }
    }

    // ---------------------------------------------------------------- threads

    /**
     * Tells whether the caller may use this loop: it is the reactor thread, or no thread has run it yet.
     * Thread-safe.
     */
    public boolean inLoop() {
        Thread o = owner;
        return o == null || o == Thread.currentThread();
    }

    /** Tells whether the caller is the thread that runs (or ran) this loop. Thread-safe. */
    public boolean isReactorThread() {
        return owner == Thread.currentThread();
    }

    /**
     * Throws {@link IllegalStateException}, naming {@code method}, unless the caller may use this loop.
     * Thread-safe.
     */
    public void checkThread(String method) {
        Thread o = owner;
        if (o != null && o != Thread.currentThread()) {
            throw new IllegalStateException(
                    method + " was called on thread \"" + Thread.currentThread().getName()
                            + "\", but the reactor is confined to its thread \"" + o.getName()
                            + "\": reach it with callFromThread(...) or Threads.blockingCall(...)");
        }
    }

    private void bindThread(String method) {
        checkThread(method);
        owner = Thread.currentThread();
    }

    /**
     * Queues {@code call} for the reactor thread, waking the selector if the loop may be blocked in it; after
     * the reactor stopped it never runs. Thread-safe.
     */
    public void callFromThread(Runnable call) {
        threadCalls.add(call);
    }

    /** Queues {@code call} for the reactor thread's next turn without waking the selector. Thread-safe. */
    public void callFromThreadLazily(Runnable call) {
        threadCalls.addLazily(call);
    }

    /**
     * Registers a wait that is completed exceptionally if the reactor stops first; false if it already has.
     * Thread-safe.
     */
    public boolean addWaiter(CompletableFuture<?> waiter) {
        return threadCalls.addWaiter(waiter);
    }

    /** Forgets a waiter registered by {@link #addWaiter}. Thread-safe. */
    public void removeWaiter(CompletableFuture<?> waiter) {
        threadCalls.removeWaiter(waiter);
    }

    /** Returns the worker pool. */
    public WorkerPool pool() {
        return pool;
    }

    // ---------------------------------------------------------------- time

    /** Names the reactor that runs this loop, before it runs: what its connections' {@code reactor()} returns. */
    public void reactor(IReactorTime runner) {
        reactor = runner;
    }

    /** {@return the reactor that runs this loop, or null if none said so} */
    public @Nullable IReactorTime reactor() {
        return reactor;
    }

    /** Makes a connection on this loop over {@code channel}, not started; see {@link Connection#Connection}. */
    Connection newConnection(
            SocketChannel channel,
            IProtocol protocol,
            IAddress host,
            IAddress peer,
            boolean unix,
            Connection.@Nullable Listener listener,
            Object description) {
        return connections.make(this, channel, protocol, host, peer, unix, listener, description);
    }

    /** Returns monotonic seconds since this loop was created. Thread-safe. */
    public double seconds() {
        return (System.nanoTime() - origin) / 1e9;
    }

    /** Returns the timer heap. */
    public TimerQueue timers() {
        return timers;
    }

    /** Schedules {@code call} on the timer heap, {@code delaySeconds} (at least 0) from now. */
    public DelayedCall callLater(double delaySeconds, Runnable call) {
        assert inLoop() : "callLater off the reactor thread";
        return timers.schedule(delaySeconds, call);
    }

    /** Returns the system event triggers. */
    public SystemEvents events() {
        return events;
    }

    // ---------------------------------------------------------------- state

    /** Tells whether {@link #run} is between its startup and its shutdown (Twisted's {@code running}). Thread-safe. */
    public boolean isRunning() {
        return running;
    }

    /** Tells whether the loop has started shutting down and accepts no new sockets. */
    public boolean isShuttingDown() {
        State s = state;
        return s == State.STOPPING || s == State.STOPPED;
    }

    /** Throws {@link IllegalStateException}, naming {@code method}, once shutdown has started. */
    public void checkAcceptsSockets(String method) {
        if (disconnected || state == State.STOPPED) {
            throw new IllegalStateException(
                    method + " was called after the reactor shut down; it opens no new sockets");
        }
    }

    // ---------------------------------------------------------------- run / stop

    /**
     * Runs the loop on this thread until {@link #stop()}: fires {@code startup}, turns, then shuts down.
     * @throws IllegalStateException if already running, stopped, or called from {@link #iterate}
     */
    public void run() {
        bindThread("run");
        if (state == State.RUNNING) {
            throw new IllegalStateException("the reactor is already running");
        }
        if (state != State.NEW) {
            throw new IllegalStateException("the reactor has stopped and cannot be restarted: create a new one");
        }
        if (inIteration) {
            throw new IllegalStateException("run() cannot be called from inside runOnce()");
        }
        state = State.RUNNING;
        boolean fatal = false;
        try {
            inRun = true;
            events.fire(SystemEvent.STARTUP, () -> running = true, () -> {});
            while (!stopRequested) {
                turn(-1);
            }
        } catch (Throwable t) {
            // The last resort: dispatch and the timers catch what callbacks throw, so this is the
            // selector or the JVM failing. Report it and shut down (closing every socket) rather than
            // leave a dead loop behind a port that still looks bound.
            fatal = Faults.isFatal(t);
            if (fatal) {
                abandon(t);
            } else {
                Faults.loopFailed(t);
            }
            throw t;
        } finally {
            inRun = false;
            if (fatal) {
                // abandoned above
            } else if (crashRequested) {
                crashRequested = false;
                stopRequested = false;
                running = false;
                state = State.NEW;
            } else {
                shutdownOrAbandon();
            }
        }
    }

    /** Shuts down as {@link #stop()} asks, or, if a fatal error cuts that short, abandons the loop. */
    private void shutdownOrAbandon() {
        try {
            shutdown();
        } catch (Throwable t) {
            if (Faults.isFatal(t)) {
                abandon(t);
            }
            throw t;
        }
    }

    /**
     * Ends the loop after a {@linkplain Faults#isFatal fatal} error, allocating as little as it can: no
     * callback, trigger or further turn runs (each would need the heap, or the JVM, that just failed);
     * every channel is closed, the pool stopped, timers and queues dropped so their memory can be
     * reclaimed; then the error is logged (with what was just freed), and only then does every thread
     * waiting on the reactor get {@code error}, so a program that exits on it has the log line first.
     * Each step goes on if the one before it fails.
     */
    private void abandon(Throwable error) {
        state = State.STOPPING;
        running = false;
        stopRequested = true;
        disconnected = true;
        try {
            for (Selectable s : open) {
                Channel unregistered = s.unregisteredChannel();
                if (unregistered != null) {
                    closeQuietly(unregistered);
                }
            }
        } catch (Throwable ignored) {
            // the selector's close below still releases what is registered
        }
        open.clear();
        timers.clear();
        flushQueue.clear();
        firstReads.clear();
        try {
            pool.shutdown();
        } catch (Throwable ignored) {
            // the pool's threads are daemons; they end when idle or with the JVM
        }
        try {
            if (selector.isOpen()) {
                // A registered channel's close completes when the closing selector deregisters it.
                for (SelectionKey key : selector.keys()) {
                    closeQuietly(key.channel());
                }
            }
        } catch (Throwable ignored) {
            // the selector's close below still releases what is registered
        }
        try {
            selector.close();
        } catch (Throwable ignored) {
            // nothing more to try
        }
        for (Channel ch; (ch = closeQueue.poll()) != null; ) {
            closeQuietly(ch);
        }
        try {
            Faults.loopFailed(error);
        } finally {
            state = State.STOPPED;
            threadCalls.stop(error);
        }
    }

    private static void closeQuietly(Channel ch) {
        try {
            ch.close();
        } catch (Throwable ignored) {
            // abandoning: nothing to tell
        }
    }

    /**
     * Stops the loop at once, without firing {@code shutdown}, leaving sockets, timers and triggers as they
     * are; {@link #run} may be called again. Does nothing while not running or once shutdown has begun.
     */
    public void crash() {
        checkThread("crash");
        if (state != State.RUNNING || !inRun || stopRequested) {
            return;
        }
        crashRequested = true;
        stopRequested = true;
        running = false;
    }

    /**
     * Asks the loop to shut down after the current turn.
     * @throws IllegalStateException if not running, or already stopping (Twisted's {@code ReactorNotRunning})
     */
    public void stop() {
        checkThread("stop");
        if (state != State.RUNNING || stopRequested) {
            throw new IllegalStateException("the reactor is not running (ReactorNotRunning)"
                    + (stopRequested ? ": stop() was already called" : ""));
        }
        stopRequested = true;
    }

    /**
     * Shuts down a loop that is not inside {@link #run}: fires {@code shutdown}, closing every socket, and
     * releases the selector. Does nothing if already shut down.
     * @throws IllegalStateException if {@link #run} is active (call {@code stop()} instead)
     */
    public void close() {
        if (state == State.STOPPED) {
            return;
        }
        bindThread("close");
        if (inRun || inIteration) {
            throw new IllegalStateException("the reactor is running: call stop() instead of close()");
        }
        shutdownOrAbandon();
    }

    private void shutdown() {
        if (state == State.STOPPED) {
            return;
        }
        state = State.STOPPING;
        stopRequested = true;
        boolean[] fired = {false};
        fired[0] = events.fire(
                SystemEvent.SHUTDOWN,
                () -> {
                    running = false;
                    disconnectAll();
                    pool.shutdown();
                },
                () -> {
                    fired[0] = true;
                    stopRequested = true; // ends the waiting turn before it selects
                });
        if (!fired[0]) {
            // A before-shutdown trigger returned a Deferred: turn until every such Deferred has fired.
            stopRequested = false;
            try {
                while (!fired[0]) {
                    turn(-1);
                }
            } finally {
                stopRequested = true;
            }
        }
        running = false;
        timers.clear();
        flushQueue.clear();
        try {
            selector.close();
        } catch (IOException | RuntimeException | LinkageError e) {
            Faults.ioProblem("closing the selector", e);
        }
        // The closed selector has deregistered every channel: each close is now a plain close().
        closeDeregistered(closeQueue.size());
        state = State.STOPPED;
        threadCalls.stop(null);
    }

    private void disconnectAll() {
        // A connectionLost may open new sockets (a reconnect, a new port); close those too, a few rounds.
        for (int round = 0; round < 8 && !open.isEmpty(); round++) {
            for (Selectable s : new ArrayList<>(open)) {
                open.remove(s);
                try {
                    s.reactorStopping();
                } catch (Throwable t) {
                    Faults.callbackFailed("shutting down " + s, t);
                }
            }
        }
        disconnected = true;
        for (Selectable s : new ArrayList<>(open)) {
            Faults.warn("still open after shutdown: " + s);
        }
    }

    // ---------------------------------------------------------------- one turn

    /**
     * Runs one turn of the loop, binding the calling thread as the reactor thread, waiting at most {@code
     * maxWaitNanos} (negative: until the next timer) in the selector.
     * @throws IllegalStateException on another thread, inside {@link #run} or a callback, or once shut down
     */
    public void iterate(long maxWaitNanos) {
        bindThread("runOnce");
        if (inRun || inIteration) {
            throw new IllegalStateException(
                    "runOnce() cannot be called while run() is active or from inside a reactor callback");
        }
        if (state != State.NEW) {
            throw new IllegalStateException("the reactor has stopped");
        }
        try {
            turn(maxWaitNanos);
        } catch (Throwable t) {
            if (Faults.isFatal(t)) {
                abandon(t);
            }
            throw t;
        }
    }

    private void turn(long maxWaitNanos) {
        inIteration = true;
        try {
            threadCalls.runSome();
            timers.runDue();
            flushAll();
            if (stopRequested) {
                return;
            }
            readFirsts();
            if (stopRequested) {
                return; // a protocol stopped the reactor in its first read: do not wait in the select
            }
            long timeoutMillis = timeoutMillis(maxWaitNanos);
            // Channels handed over until now are deregistered by this select; later ones by the next.
            int deregistering = closeQueue.size();
            if (timeoutMillis == 0) {
                selector.selectNow(dispatcher);
            } else if (!spinAfterAccepting()) {
                acceptedSinceSleep = false;
                threadCalls.beforeSleep();
                if (threadCalls.isEmpty()) {
                    selector.select(dispatcher, timeoutMillis < 0 ? 0 : timeoutMillis);
                } else {
                    selector.selectNow(dispatcher);
                }
                threadCalls.afterSleep();
            }
            if (Thread.interrupted()) {
                // An interrupt would make every later select return at once: clear it, as Netty does.
                Faults.debug("the reactor thread was interrupted; interrupts do not stop a reactor: call stop()");
            }
            closeDeregistered(deregistering);
            flushAll();
        } catch (IOException e) {
            throw new UncheckedIOException("the selector failed", e);
        } finally {
            inIteration = false;
        }
    }

    /**
     * Once the loop has accepted since it last slept, polls the selector without blocking, dispatching
     * what it finds, for up to {@link #spinNanos}; returns true once something was ready (the loop then
     * polls again at its next pause), false when it did not poll, the time is up or a call from another
     * thread waits (the caller then sleeps as without a poll: the calls are not marked asleep
     * meanwhile, so none wakes it).
     */
    private boolean spinAfterAccepting() throws IOException {
        if (!acceptedSinceSleep || spinNanos == 0) {
            return false;
        }
        long deadline = System.nanoTime() + spinNanos;
        do {
            if (!threadCalls.isEmpty()) {
                return false;
            }
            if (selector.selectNow(dispatcher) > 0) {
                return true;
            }
        } while (System.nanoTime() - deadline < 0);
        return false;
    }

    /** Notes that a listening port accepted a connection: the loop polls a while before it next sleeps. */
    public void accepted() {
        acceptedSinceSleep = true;
    }

    /** Returns 0 for "do not block", -1 for "block until woken", else milliseconds to block. */
    private long timeoutMillis(long maxWaitNanos) {
        if (!flushQueue.isEmpty() || !threadCalls.isEmpty() || !closeQueue.isEmpty()) {
            return 0;
        }
        double seconds = timers.secondsUntilNext();
        if (maxWaitNanos >= 0) {
            seconds = Math.min(seconds, maxWaitNanos / 1e9);
        }
        if (seconds <= 0) {
            return 0;
        }
        if (Double.isInfinite(seconds)) {
            return -1;
        }
        return Math.max(1, (long) Math.ceil(seconds * 1000));
    }

    private void dispatch(SelectionKey key) {
        Selectable s = (Selectable) key.attachment();
        if (!key.isValid()) {
            return;
        }
        timers.handle(s);
        try {
            s.ready(key);
        } catch (CancelledKeyException e) {
            // Closed by an earlier callback of this turn.
        } catch (Throwable t) {
            Faults.callbackFailed("the reactor while handling " + s, t);
            s.internalFailure(t);
        } finally {
            timers.handle(null);
        }
    }

    /** Tries the first read of the connections accepted in earlier turns ({@link Connection#startAccepted}). */
    private void readFirsts() {
        for (int n = firstReads.size(); n > 0; n--) {
            Connection c = firstReads.poll();
            if (c == null) {
                return;
            }
            timers.handle(c);
            try {
                c.firstRead();
            } catch (Throwable t) {
                Faults.callbackFailed("the reactor while reading " + c, t);
                c.internalFailure(t);
            } finally {
                timers.handle(null);
            }
        }
    }

    /** Queues the first read of a connection just accepted for the next turn, before its select. */
    void readFirst(Connection c) {
        firstReads.add(c);
    }

    private void flushAll() {
        for (int n = flushQueue.size(); n > 0; n--) {
            Connection c = flushQueue.poll();
            if (c == null) {
                return;
            }
            timers.handle(c); // a producer resumed, a connectionLost: their calls name the connection
            try {
                c.flushScheduled();
            } finally {
                timers.handle(null);
            }
        }
    }

    /** Closes the first {@code n} channels of the close list, which no selector holds any more. */
    private void closeDeregistered(int n) {
        for (; n > 0; n--) {
            Channel ch = closeQueue.poll();
            if (ch == null) {
                return;
            }
            closeNow(ch);
        }
    }

    private static void closeNow(Channel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            Faults.ioProblem("closing " + ch, e);
        }
    }

    // ---------------------------------------------------------------- sockets

    /**
     * Cancels {@code key} (null if never registered) and closes {@code channel} once the selector has
     * deregistered it: after this turn's select, or the next turn's if this one's has begun. With no key, or
     * after the selector closed, closes at once. The caller sets {@code SO_LINGER} or shuts down first
     * itself; a close error is logged.
     */
    public void closeChannel(@Nullable SelectionKey key, Channel channel) {
        assert inLoop() : "closeChannel off the reactor thread";
        if (key == null || !selector.isOpen()) {
            closeNow(channel);
            return;
        }
        key.cancel();
        closeQueue.add(channel);
    }

    /**
     * Registers the non-blocking {@code channel} with the selector; {@code handler} gets {@link
     * Selectable#ready} calls, or is null until the caller attaches one.
     * @throws ClosedChannelException if the channel is closed
     */
    public SelectionKey register(SelectableChannel channel, int ops, @Nullable Selectable handler)
            throws ClosedChannelException {
        assert inLoop() : "register off the reactor thread";
        return channel.register(selector, ops, handler);
    }

    /** Records an open selectable, to close it when the reactor shuts down. */
    public void track(Selectable s) {
        assert inLoop() : "track off the reactor thread";
        open.add(s);
    }

    /** Forgets a selectable that has closed. */
    public void untrack(Selectable s) {
        open.remove(s);
    }

    /**
     * Tells how many channels the selector holds: those registered, and those cancelled that its next
     * select deregisters. Confined to the reactor thread.
     */
    public int selectorKeyCount() {
        return selector.keys().size();
    }

    /** Tells how many sockets (connections, ports, attempts) are open. */
    public int openCount() {
        return open.size();
    }

    /** Returns the open sockets (connections, ports, attempts), in the order they opened. */
    public List<Selectable> openSelectables() {
        assert inLoop() : "openSelectables off the reactor thread";
        return List.copyOf(open);
    }

    /**
     * Puts {@code c}, with something to flush or a close to finish, on the flush list: it is flushed before
     * the loop sleeps.
     */
    public void scheduleFlush(Connection c) {
        assert inLoop() : "scheduleFlush off the reactor thread";
        flushQueue.add(c);
    }

    /** Returns the loop's direct read buffer, shared by every connection (each read consumes it before the next). */
    public ByteBuffer readBuffer() {
        return readBuffer;
    }

    /**
     * Returns the loop's direct write buffer (256 KiB), shared by every connection: a flush copies queued
     * bytes into it.
     */
    public ByteBuffer writeBuffer() {
        return writeBuffer;
    }

    /** Returns this loop's short name, e.g. {@code "r1"}, used in thread names. */
    public String name() {
        return name;
    }
}
