package dev.weft.internet.testing;

import dev.weft.defer.Deferred;
import dev.weft.internet.Addresses;
import dev.weft.internet.ClientFactory;
import dev.weft.internet.IConnector;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.IProtocolFactory;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.IPv6Address;
import dev.weft.internet.IReactorCore;
import dev.weft.internet.IReactorTCP;
import dev.weft.internet.IReactorThreads;
import dev.weft.internet.IReactorUNIX;
import dev.weft.internet.UNIXAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jspecify.annotations.Nullable;

/**
 * A reactor that only records what it is asked to do: Twisted's {@code MemoryReactor}. Pass it to
 * the code under test, then inspect {@link #tcpServers()}, {@link #tcpClients()}, {@link
 * #unixServers()}, {@link #unixClients()} and {@link #connectors()}; complete a recorded connection
 * with {@link ConnectionCompleter}, or drive the factories by hand.
 *
 * <pre>{@code
 * MemoryReactor reactor = new MemoryReactor();
 * new Client(reactor).start();
 * TcpClientRecord attempt = reactor.tcpClients().get(0);
 * assertThat(attempt.port()).isEqualTo(6379);
 * attempt.factory().clientConnectionFailed(attempt.connector(), new Failure(new ConnectionRefusedError()));
 * }</pre>
 *
 * <p>It never creates a transport or a protocol, and never calls a factory's {@code doStart} or
 * {@code doStop} (a real reactor calls {@code doStart} inside {@code listenTCP}/{@code connectTCP});
 * {@code connectTCP}/{@code connectUNIX} call only {@code startedConnecting}, synchronously, before
 * returning the connector. System-event triggers are recorded in {@link #triggers()} and never fired;
 * {@link #run()} runs only the {@link #callWhenRunning} hooks. As after Twisted's PR #12514, the
 * {@code hasRun}/{@code hasStopped}/{@code hasCrashed} flags start {@code false} and {@code
 * callWhenRunning} on a running reactor runs the call at once.
 *
 * <p>Readers and writers ({@link #addReader(Object)} and friends, Twisted's {@code IReactorFDSet})
 * are plain sets of objects: weft's reactor has no file-descriptor API, so they are only recorded,
 * for code that registers selectables of its own.
 *
 * <p>Threads: there is no thread pool. {@link #callFromThread(Runnable)} is thread-safe and only
 * queues the call; the test runs the queue on its own thread with {@link #runThreadCalls()} ({@link
 * #run()} does so too, after the hooks). {@link #callInThread(Runnable)} runs the call at once on the
 * caller's thread; {@link #deferToThread(Callable)} does the same and reports the outcome through
 * {@code callFromThread}, so its Deferred never fires before {@code runThreadCalls()}, as on a real
 * reactor, where it fires on a later turn.
 *
 * <p>Confined to the test thread, except {@link #callFromThread(Runnable)}.
 */
public class MemoryReactor implements IReactorCore, IReactorTCP, IReactorUNIX, IReactorThreads {
    private static final List<String> PHASES = List.of("before", "during", "after");

    private final List<TcpServerRecord> tcpServers = new ArrayList<>();
    private final List<TcpClientRecord> tcpClients = new ArrayList<>();
    private final List<UnixServerRecord> unixServers = new ArrayList<>();
    private final List<UnixClientRecord> unixClients = new ArrayList<>();
    private final List<FakeConnector> connectors = new ArrayList<>();
    private final List<SystemEventTrigger> triggers = new ArrayList<>();
    private final List<SystemEventTrigger> whenRunningHooks = new ArrayList<>();
    private final Set<Object> readers = new LinkedHashSet<>();
    private final Set<Object> writers = new LinkedHashSet<>();
    private final ConcurrentLinkedQueue<Runnable> threadCalls = new ConcurrentLinkedQueue<>();
    private boolean running;
    private boolean hasRun;
    private boolean hasStopped;
    private boolean hasCrashed;

    /** Creates a reactor that has recorded nothing and is not running. */
    public MemoryReactor() {}

    // ---- IReactorCore ----

    /**
     * Sets running, runs every {@link #callWhenRunning} hook in the order they were added, runs the
     * queued {@link #callFromThread} calls, then {@linkplain #stop() stops} (unless a hook already
     * did), leaving {@link #isRunning()} {@code false}. The hooks stay recorded. An exception from a
     * hook propagates, with running reset to {@code false}.
     *
     * @throws IllegalStateException if the reactor is already running (a hook called {@code run()})
     */
    @Override
    public void run() {
        if (running) {
            throw new IllegalStateException("MemoryReactor.run() called while the reactor is already running");
        }
        running = true;
        hasRun = true;
        try {
            for (SystemEventTrigger hook : List.copyOf(whenRunningHooks)) {
                hook.call().run();
            }
            runThreadCalls();
        } catch (RuntimeException | Error e) {
            running = false;
            throw e;
        }
        if (running) {
            stop();
        }
    }

    /**
     * Sets running to {@code false} and records that the reactor stopped, as Twisted's fake does:
     * also when it is not running (a real reactor throws then). Fires no trigger.
     */
    @Override
    public void stop() {
        running = false;
        hasStopped = true;
    }

    /** Stops without ceremony, as Twisted's {@code crash()}: running {@code false}, crashed recorded. */
    @Override
    public void crash() {
        running = false;
        hasCrashed = true;
    }

    /**
     * Runs {@code call} at once if the reactor is running; otherwise records it in {@link
     * #whenRunningHooks()} for {@link #run()}.
     *
     * @param call what to run
     * @return the recorded hook's id (removable with {@link #removeSystemEventTrigger(Object)}), or
     *     null if {@code call} already ran
     */
    @Override
    public @Nullable Object callWhenRunning(Runnable call) {
        if (running) {
            call.run();
            return null;
        }
        SystemEventTrigger hook = new SystemEventTrigger("after", "startup", call);
        whenRunningHooks.add(hook);
        return hook;
    }

    /**
     * Records a trigger in {@link #triggers()}; it is never fired.
     *
     * @param phase {@code "before"}, {@code "during"} or {@code "after"}
     * @param eventType the event, e.g. {@code "shutdown"}
     * @param call what the trigger would run
     * @return the recorded {@link SystemEventTrigger}, which is its id
     * @throws IllegalArgumentException if {@code phase} is not one of the three phases
     */
    @Override
    public Object addSystemEventTrigger(String phase, String eventType, Runnable call) {
        if (!PHASES.contains(phase)) {
            throw new IllegalArgumentException(
                    "system event phase must be \"before\", \"during\" or \"after\", not \"" + phase + "\"");
        }
        SystemEventTrigger trigger = new SystemEventTrigger(phase, eventType, call);
        triggers.add(trigger);
        return trigger;
    }

    /**
     * Records a trigger that may return a Deferred in {@link #triggers()}, like {@link
     * #addSystemEventTrigger}; it is never fired (its {@link SystemEventTrigger#call()} runs {@code
     * call} and drops the result).
     *
     * @param phase {@code "before"}, {@code "during"} or {@code "after"}
     * @param eventType the event, e.g. {@code "shutdown"}
     * @param call what the trigger would run
     * @return the recorded {@link SystemEventTrigger}, which is its id
     * @throws IllegalArgumentException if {@code phase} is not one of the three phases
     */
    @Override
    public Object addSystemEventTriggerDeferring(String phase, String eventType, Callable<?> call) {
        Objects.requireNonNull(call, "call");
        return addSystemEventTrigger(phase, eventType, () -> {
            try {
                call.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("system event trigger failed: " + e, e);
            }
        });
    }

    /**
     * Removes a trigger or a pending {@link #callWhenRunning} hook (Twisted's {@code MemoryReactor}
     * raises {@code NotImplementedError} here).
     *
     * @param triggerId what {@code addSystemEventTrigger} or {@code callWhenRunning} returned
     * @throws IllegalArgumentException if no recorded trigger or hook has that id
     */
    @Override
    public void removeSystemEventTrigger(Object triggerId) {
        if (!removeByIdentity(triggers, triggerId) && !removeByIdentity(whenRunningHooks, triggerId)) {
            throw new IllegalArgumentException("no system event trigger with id " + triggerId
                    + ": it was never added to this reactor, or was removed already");
        }
    }

    private static boolean removeByIdentity(List<SystemEventTrigger> list, Object id) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == id) {
                list.remove(i);
                return true;
            }
        }
        return false;
    }

    /**
     * Tells whether {@link #run()} is in progress (Twisted's {@code running}).
     *
     * @return {@code true} only while {@code run()} runs its hooks
     */
    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Tells whether {@link #run()} has been called (Twisted's {@code hasRun}).
     *
     * @return {@code true} once it has; {@code false} for a new reactor
     */
    public boolean hasRun() {
        return hasRun;
    }

    /**
     * Tells whether {@link #stop()} has been called (Twisted's {@code hasStopped}).
     *
     * @return {@code true} once it has; {@code false} for a new reactor
     */
    public boolean hasStopped() {
        return hasStopped;
    }

    /**
     * Tells whether {@link #crash()} has been called (Twisted's {@code hasCrashed}).
     *
     * @return {@code true} once it has; {@code false} for a new reactor
     */
    public boolean hasCrashed() {
        return hasCrashed;
    }

    /**
     * Returns the calls recorded by {@link #callWhenRunning} before the reactor ran (Twisted's
     * {@code whenRunningHooks}); they stay recorded after {@link #run()}.
     *
     * @return a snapshot, in the order they were added
     */
    public List<Runnable> whenRunningHooks() {
        return whenRunningHooks.stream().map(SystemEventTrigger::call).toList();
    }

    /**
     * Returns the live list of triggers recorded by {@link #addSystemEventTrigger} (Twisted's {@code
     * triggers}, flattened), in the order they were added.
     *
     * @return the live list
     */
    public List<SystemEventTrigger> triggers() {
        return triggers;
    }

    // ---- IReactorTCP / IReactorUNIX ----

    /**
     * Records the call in {@link #tcpServers()} and returns a {@link FakePort}; binds nothing and
     * calls nothing on {@code factory}.
     *
     * @param port the port number
     * @param factory recorded, untouched
     * @param backlog recorded
     * @param iface recorded
     * @return a port whose address is {@code IPv6Address("TCP", iface, port)} when {@code iface} is
     *     an IPv6 literal and otherwise {@code IPv4Address("TCP", "0.0.0.0", port)}: an IPv4 interface
     *     is not reflected, exactly as in Twisted
     * @throws IllegalArgumentException if {@code port} is outside 0..65535
     */
    @Override
    public IListeningPort listenTCP(int port, IProtocolFactory factory, int backlog, String iface) {
        FakePort fake = new FakePort(
                Addresses.isIPv6Literal(iface)
                        ? new IPv6Address("TCP", iface, port)
                        : IPv4Address.tcp("0.0.0.0", port));
        tcpServers.add(new TcpServerRecord(port, factory, backlog, iface));
        return fake;
    }

    /**
     * Records the call in {@link #tcpClients()}, calls {@code factory.startedConnecting(connector)}
     * and appends the connector to {@link #connectors()}. Nothing else happens until the test (or a
     * {@link ConnectionCompleter}) acts.
     *
     * @param host recorded unchanged; an IPv6 literal gives the connector an {@link IPv6Address}
     *     destination, anything else (host names included, unresolved) an {@link IPv4Address}
     * @param port recorded
     * @param factory recorded; only {@code startedConnecting} is called
     * @param timeout recorded
     * @param bindAddress recorded
     * @return the new {@link FakeConnector}
     * @throws IllegalArgumentException if {@code port} is outside 0..65535
     */
    @Override
    public IConnector connectTCP(
            String host, int port, ClientFactory factory, double timeout, @Nullable InetSocketAddress bindAddress) {
        FakeConnector connector = new FakeConnector(Addresses.tcp(host, port));
        tcpClients.add(new TcpClientRecord(host, port, factory, timeout, bindAddress, connector));
        factory.startedConnecting(connector);
        connectors.add(connector);
        return connector;
    }

    /**
     * Records the call in {@link #unixServers()} and returns a {@link FakePort} whose address is
     * {@code UNIXAddress(path)}; creates no file and calls nothing on {@code factory}.
     *
     * @param path recorded
     * @param factory recorded, untouched
     * @param backlog recorded
     * @return the new port
     */
    @Override
    public IListeningPort listenUNIX(String path, IProtocolFactory factory, int backlog) {
        unixServers.add(new UnixServerRecord(path, factory, backlog));
        return new FakePort(new UNIXAddress(path));
    }

    /**
     * Records the call in {@link #unixClients()}, calls {@code factory.startedConnecting(connector)}
     * and appends the connector, whose destination is {@code UNIXAddress(path)}, to {@link
     * #connectors()}.
     *
     * @param path recorded
     * @param factory recorded; only {@code startedConnecting} is called
     * @param timeout recorded
     * @return the new {@link FakeConnector}
     */
    @Override
    public IConnector connectUNIX(String path, ClientFactory factory, double timeout) {
        FakeConnector connector = new FakeConnector(new UNIXAddress(path));
        unixClients.add(new UnixClientRecord(path, factory, timeout, connector));
        factory.startedConnecting(connector);
        connectors.add(connector);
        return connector;
    }

    /**
     * Returns the live list of recorded {@code listenTCP} calls (Twisted's {@code tcpServers}).
     *
     * @return the live list, oldest first; a test may change it
     */
    public List<TcpServerRecord> tcpServers() {
        return tcpServers;
    }

    /**
     * Returns the live list of recorded {@code connectTCP} calls (Twisted's {@code tcpClients}).
     *
     * @return the live list, oldest first; a test (or {@link ConnectionCompleter}) may change it
     */
    public List<TcpClientRecord> tcpClients() {
        return tcpClients;
    }

    /**
     * Returns the live list of recorded {@code listenUNIX} calls (Twisted's {@code unixServers}).
     *
     * @return the live list, oldest first
     */
    public List<UnixServerRecord> unixServers() {
        return unixServers;
    }

    /**
     * Returns the live list of recorded {@code connectUNIX} calls (Twisted's {@code unixClients}).
     *
     * @return the live list, oldest first
     */
    public List<UnixClientRecord> unixClients() {
        return unixClients;
    }

    /**
     * Returns the live list of connectors returned by {@code connectTCP} and {@code connectUNIX}, in
     * call order (Twisted's {@code connectors}).
     *
     * @return the live list
     */
    public List<FakeConnector> connectors() {
        return connectors;
    }

    // ---- readers and writers (Twisted's IReactorFDSet) ----

    /**
     * Adds {@code reader} to the set of readers; adding it twice changes nothing.
     *
     * @param reader any object standing for a readable selectable
     */
    public void addReader(Object reader) {
        readers.add(reader);
    }

    /**
     * Adds {@code writer} to the set of writers; adding it twice changes nothing.
     *
     * @param writer any object standing for a writable selectable
     */
    public void addWriter(Object writer) {
        writers.add(writer);
    }

    /**
     * Removes {@code reader} from the readers, if it is there.
     *
     * @param reader the reader
     */
    public void removeReader(Object reader) {
        readers.remove(reader);
    }

    /**
     * Removes {@code writer} from the writers, if it is there.
     *
     * @param writer the writer
     */
    public void removeWriter(Object writer) {
        writers.remove(writer);
    }

    /**
     * Returns the readers.
     *
     * @return a snapshot, in the order they were first added
     */
    public List<Object> getReaders() {
        return List.copyOf(readers);
    }

    /**
     * Returns the writers.
     *
     * @return a snapshot, in the order they were first added
     */
    public List<Object> getWriters() {
        return List.copyOf(writers);
    }

    /**
     * Empties both sets.
     *
     * @return what was removed: the readers, then the writers that were not also readers
     */
    public List<Object> removeAll() {
        Set<Object> removed = new LinkedHashSet<>(readers);
        removed.addAll(writers);
        readers.clear();
        writers.clear();
        return List.copyOf(removed);
    }

    // ---- IReactorThreads ----

    /**
     * Queues {@code call} for {@link #runThreadCalls()}. Thread-safe.
     *
     * @param call what to run on the test thread
     */
    @Override
    public void callFromThread(Runnable call) {
        threadCalls.add(call);
    }

    /**
     * Runs the queued {@link #callFromThread} calls in the order they were queued, including calls
     * queued while running them, until the queue is empty. An exception from a call propagates; the
     * calls after it stay queued.
     *
     * @return how many calls ran
     */
    public int runThreadCalls() {
        int ran = 0;
        for (Runnable call = threadCalls.poll(); call != null; call = threadCalls.poll()) {
            ran++;
            call.run();
        }
        return ran;
    }

    /**
     * Tells how many {@link #callFromThread} calls are queued. Thread-safe.
     *
     * @return the queue's length
     */
    public int pendingThreadCalls() {
        return threadCalls.size();
    }

    /**
     * Runs {@code call} at once on the calling thread: the memory reactor has no thread pool.
     *
     * @param call what to run; an exception it throws propagates
     */
    @Override
    public void callInThread(Runnable call) {
        call.run();
    }

    /**
     * Runs {@code call} at once on the calling thread and queues its outcome with {@link
     * #callFromThread}: the returned Deferred fires (or fails with what {@code call} threw) when the
     * test calls {@link #runThreadCalls()}.
     *
     * @param call what to run
     * @param <T> the type of its result
     * @return a Deferred that has not fired yet
     */
    @Override
    public <T> Deferred<T> deferToThread(Callable<T> call) {
        Deferred<T> result = new Deferred<>();
        T value;
        try {
            value = call.call();
        } catch (Exception | AssertionError e) {
            callFromThread(() -> result.errback(e));
            return result;
        }
        callFromThread(() -> result.callback(value));
        return result;
    }
}
