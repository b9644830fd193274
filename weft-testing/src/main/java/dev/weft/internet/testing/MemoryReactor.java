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
import dev.weft.internet.IReactorTime;
import dev.weft.internet.IReactorUNIX;
import dev.weft.internet.Phase;
import dev.weft.internet.SystemEvent;
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
 * A reactor that only records what it is asked to do (Twisted's {@code MemoryReactor}). Pass it to the code under test,
 * then inspect {@link #tcpServers()}, {@link #tcpClients()}, {@link #unixServers()}, {@link #unixClients()} and {@link
 * #connectors()}; complete a recorded connection with {@link ConnectionCompleter}, or drive the factories by hand.
 *
 * <pre>{@code
 * MemoryReactor reactor = new MemoryReactor();
 * new Client(reactor).start();
 * TcpClientRecord attempt = reactor.tcpClients().get(0);
 * attempt.factory().clientConnectionFailed(attempt.connector(), new Failure(new ConnectionRefusedError()));
 * }</pre>
 *
 * <p>It creates no transports or protocols and never calls {@code doStart}/{@code doStop}; connecting calls only {@code
 * startedConnecting}. Triggers are recorded, never fired. {@link #callFromThread(Runnable)} only queues; run the queue
 * with {@link #runThreadCalls()}.
 *
 * <p>Confined to the test thread, except {@link #callFromThread(Runnable)}.
 */
public class MemoryReactor implements IReactorCore, IReactorTCP, IReactorUNIX, IReactorThreads {

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
     * Runs the {@link #callWhenRunning} hooks in order, then the queued thread calls, then stops.
     * @throws IllegalStateException if the reactor is already running
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

    /** Marks the reactor stopped, even if it was not running. Fires no trigger. */
    @Override
    public void stop() {
        running = false;
        hasStopped = true;
    }

    /** Marks the reactor stopped and crashed. */
    @Override
    public void crash() {
        running = false;
        hasCrashed = true;
    }

    /** Runs {@code call} now if running, else records it for {@link #run()}; returns its id, or null if it ran. */
    @Override
    public @Nullable Object callWhenRunning(Runnable call) {
        if (running) {
            call.run();
            return null;
        }
        SystemEventTrigger hook = new SystemEventTrigger(Phase.AFTER, SystemEvent.STARTUP, call);
        whenRunningHooks.add(hook);
        return hook;
    }

    /**
     * Records a trigger in {@link #triggers()}, never fired; returns the recorded {@link SystemEventTrigger}, its id.
     */
    @Override
    public Object addSystemEventTrigger(Phase phase, SystemEvent event, Runnable call) {
        SystemEventTrigger trigger = new SystemEventTrigger(
                Objects.requireNonNull(phase, "phase"), Objects.requireNonNull(event, "event"), call);
        triggers.add(trigger);
        return trigger;
    }

    @Override
    public Object addSystemEventTriggerDeferring(Phase phase, SystemEvent event, Callable<?> call) {
        Objects.requireNonNull(call, "call");
        return addSystemEventTrigger(phase, event, () -> {
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
     * Removes a trigger or a pending {@link #callWhenRunning} hook by its id.
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

    /** {@return whether {@link #run()} is in progress} */
    @Override
    public boolean isRunning() {
        return running;
    }

    /** {@return whether {@link #run()} has been called} */
    public boolean hasRun() {
        return hasRun;
    }

    /** {@return whether {@link #stop()} has been called} */
    public boolean hasStopped() {
        return hasStopped;
    }

    /** {@return whether {@link #crash()} has been called} */
    public boolean hasCrashed() {
        return hasCrashed;
    }

    /** {@return a snapshot of the {@link #callWhenRunning} calls, kept after {@link #run()}} */
    public List<Runnable> whenRunningHooks() {
        return whenRunningHooks.stream().map(SystemEventTrigger::call).toList();
    }

    /** {@return the live list of triggers recorded by {@link #addSystemEventTrigger}} */
    public List<SystemEventTrigger> triggers() {
        return triggers;
    }

    // ---- IReactorTCP / IReactorUNIX ----

    /**
     * Records the call in {@link #tcpServers()}; binds nothing and calls nothing on {@code factory}.
     * @return a {@link FakePort} on {@code 0.0.0.0}, or on {@code iface} if it is an IPv6 literal
     * @throws IllegalArgumentException if {@code port} is outside 0..65535
     */
    @Override
    public IListeningPort listenTCP(int port, IProtocolFactory factory, int backlog, String iface) {
        FakePort fake = new FakePort(
                Addresses.isIPv6Literal(iface) ? IPv6Address.tcp(iface, port) : IPv4Address.tcp("0.0.0.0", port));
        tcpServers.add(new TcpServerRecord(port, factory, backlog, iface));
        return fake;
    }

    /**
     * Records the call in {@link #tcpClients()} ({@code host} unresolved), calls only {@code factory.startedConnecting}
     * and appends the new {@link FakeConnector} to {@link #connectors()}.
     * @throws IllegalArgumentException if {@code port} is outside 0..65535
     */
    @Override
    public IConnector connectTCP(
            String host, int port, ClientFactory factory, double timeout, @Nullable InetSocketAddress bindAddress) {
        FakeConnector connector = new FakeConnector(Addresses.tcp(host, port), ownClock());
        tcpClients.add(new TcpClientRecord(host, port, factory, timeout, bindAddress, connector));
        factory.startedConnecting(connector);
        connectors.add(connector);
        return connector;
    }

    /**
     * Records the call in {@link #unixServers()}; creates no file and calls nothing on {@code factory}.
     * @return a {@link FakePort} at {@code UNIXAddress(path)}
     */
    @Override
    public IListeningPort listenUNIX(String path, IProtocolFactory factory, int backlog) {
        unixServers.add(new UnixServerRecord(path, factory, backlog));
        return new FakePort(new UNIXAddress(path));
    }

    /**
     * Records the call in {@link #unixClients()}, calls only {@code factory.startedConnecting} and appends the new
     * {@link FakeConnector} to {@link #connectors()}.
     */
    @Override
    public IConnector connectUNIX(String path, ClientFactory factory, double timeout) {
        FakeConnector connector = new FakeConnector(new UNIXAddress(path), ownClock());
        unixClients.add(new UnixClientRecord(path, factory, timeout, connector));
        factory.startedConnecting(connector);
        connectors.add(connector);
        return connector;
    }

    /** {@return the live list of recorded {@code listenTCP} calls, oldest first} */
    public List<TcpServerRecord> tcpServers() {
        return tcpServers;
    }

    /** {@return the live list of recorded {@code connectTCP} calls, oldest first} */
    public List<TcpClientRecord> tcpClients() {
        return tcpClients;
    }

    /** {@return the live list of recorded {@code listenUNIX} calls, oldest first} */
    public List<UnixServerRecord> unixServers() {
        return unixServers;
    }

    /** {@return the live list of recorded {@code connectUNIX} calls, oldest first} */
    public List<UnixClientRecord> unixClients() {
        return unixClients;
    }

    /** {@return the live list of connectors from {@code connectTCP}/{@code connectUNIX}} */
    public List<FakeConnector> connectors() {
        return connectors;
    }

    // ---- readers and writers (Twisted's IReactorFDSet) ----

    /** Adds {@code reader} to the readers (a plain set; weft has no file-descriptor API). */
    public void addReader(Object reader) {
        readers.add(reader);
    }

    /** Adds {@code writer} to the writers. */
    public void addWriter(Object writer) {
        writers.add(writer);
    }

    /** Removes {@code reader} from the readers, if present. */
    public void removeReader(Object reader) {
        readers.remove(reader);
    }

    /** Removes {@code writer} from the writers, if present. */
    public void removeWriter(Object writer) {
        writers.remove(writer);
    }

    /** {@return a snapshot of the readers, in the order first added} */
    public List<Object> getReaders() {
        return List.copyOf(readers);
    }

    /** {@return a snapshot of the writers, in the order first added} */
    public List<Object> getWriters() {
        return List.copyOf(writers);
    }

    /** Empties both sets; returns the readers, then the writers that were not also readers. */
    public List<Object> removeAll() {
        Set<Object> removed = new LinkedHashSet<>(readers);
        removed.addAll(writers);
        readers.clear();
        writers.clear();
        return List.copyOf(removed);
    }

    // ---- IReactorThreads ----

    /** Queues {@code call} for {@link #runThreadCalls()}. Thread-safe. */
    @Override
    public void callFromThread(Runnable call) {
        threadCalls.add(call);
    }

    /**
     * Runs the queued {@link #callFromThread} calls, including ones queued meanwhile, and returns how many ran. An
     * exception propagates and leaves later calls queued.
     */
    public int runThreadCalls() {
        int ran = 0;
        for (Runnable call = threadCalls.poll(); call != null; call = threadCalls.poll()) {
            ran++;
            call.run();
        }
        return ran;
    }

    /** {@return how many {@link #callFromThread} calls are queued}. Thread-safe. */
    public int pendingThreadCalls() {
        return threadCalls.size();
    }

    /** Runs {@code call} at once on the calling thread (there is no thread pool); its exception propagates. */
    @Override
    public void callInThread(Runnable call) {
        call.run();
    }

    /**
     * Runs {@code call} at once and returns an unfired Deferred of its outcome, queued with {@link #callFromThread}: it
     * fires on {@link #runThreadCalls()}.
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

    private @Nullable IReactorTime ownClock() {
        return this instanceof IReactorTime clock ? clock : null;
    }
}
