package dev.weft.protocols.tls;

import dev.weft.internet.IReactorCore;
import dev.weft.internet.IReactorThreads;
import dev.weft.internet.Phase;
import dev.weft.internet.SystemEvent;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * Decides where an {@code SSLEngine}'s delegated tasks (key exchange, signatures, path validation)
 * run: on a worker thread, resuming on the reactor thread ({@link #offReactor(IReactorThreads)}), or
 * inline, keeping a test on one thread ({@link #inline()}). Immutable; thread-safe.
 */
public final class DelegatedTasks {
    private static final DelegatedTasks INLINE = new DelegatedTasks(null, null, null, null, null);

    private final @Nullable Executor worker;
    private final @Nullable Executor reactorThread;
    /** Null when continuations always wake the connection's thread. */
    private final @Nullable Executor whenAwake;
    /** The reactor whose shutdown drops continuations still queued; null when unknown. */
    private final @Nullable IReactorCore core;
    /** The reactor's {@code callFromThread}, which runs a call on a later turn; null when there is no reactor. */
    private final @Nullable Executor laterTurn;

    private DelegatedTasks(
            @Nullable Executor worker,
            @Nullable Executor reactorThread,
            @Nullable Executor whenAwake,
            @Nullable IReactorCore core,
            @Nullable Executor laterTurn) {
        this.worker = worker;
        this.reactorThread = reactorThread;
        this.whenAwake = whenAwake;
        this.core = core;
        this.laterTurn = laterTurn;
    }

    /** {@return the policy that runs every task at once on the calling thread (the default)} */
    public static DelegatedTasks inline() {
        return INLINE;
    }

    /**
     * {@return the policy that runs tasks through the reactor's {@code callInThread} and resumes through
     * its {@code callFromThread}} The worker also wraps the handshake flight its task made and, on a
     * transport that lends it an {@link dev.weft.internet.IOffThreadWrite} writer (the reactor's TCP
     * connections), writes it; the reactor thread sends what is left and calls nothing on the engine
     * while a task runs (the JDK's engine holds its lock for the whole task). When the worker wrote the
     * whole flight and the handshake waits for the peer's answer, the continuation goes back through
     * {@code callFromThreadLazily}: it runs when that answer wakes the reactor, which is not woken
     * twice per handshake.
     *
     * <p>A stopped reactor never runs a continuation still queued; if {@code reactor} is also an {@link
     * IReactorCore}, a connection whose loss waits for a task's continuation is lost in the reactor's
     * shutdown instead, after the reactor disconnected the others, with the reactor's reason ({@code
     * ConnectionLost}, "the reactor stopped").
     *
     * <p>A connection with no clock (none given, a transport that gives none) also takes its later turns
     * from {@code reactor}'s {@code callFromThread}: the peer's close held for a paused protocol reaches it
     * on the turn after its resume.
     */
    public static DelegatedTasks offReactor(IReactorThreads reactor) {
        Objects.requireNonNull(reactor, "reactor");
        return new DelegatedTasks(
                reactor::callInThread,
                reactor::callFromThread,
                reactor::callFromThreadLazily,
                reactor instanceof IReactorCore c ? c : null,
                reactor::callFromThread);
    }

    /**
     * Runs tasks on {@code worker} and resumes through {@code reactorThread}; for tests that decide
     * when a task runs and when its result comes back. A loss that waits for a continuation {@code
     * reactorThread} never runs is never delivered: use {@link #offReactor} on a reactor that can stop.
     *
     * @param worker runs each task
     * @param reactorThread runs the continuation on the connection's thread
     * @return the policy
     */
    public static DelegatedTasks on(Executor worker, Executor reactorThread) {
        return new DelegatedTasks(
                Objects.requireNonNull(worker, "worker"),
                Objects.requireNonNull(reactorThread, "reactorThread"),
                null,
                null,
                null);
    }

    /**
     * As {@link #on(Executor, Executor)}, with {@code whenAwake} for a continuation that may wait for
     * the reactor's next wake (a reactor's {@code callFromThreadLazily}).
     *
     * @param worker runs each task
     * @param reactorThread runs the continuation on the connection's thread
     * @param whenAwake queues the continuation for the connection's thread without waking it
     * @return the policy
     */
    public static DelegatedTasks on(Executor worker, Executor reactorThread, Executor whenAwake) {
        return new DelegatedTasks(
                Objects.requireNonNull(worker, "worker"),
                Objects.requireNonNull(reactorThread, "reactorThread"),
                Objects.requireNonNull(whenAwake, "whenAwake"),
                null,
                null);
    }

    boolean isInline() {
        return worker == null;
    }

    /**
     * {@return the reactor's {@code callFromThread} given to {@link #offReactor}, which runs a call on the
     * connection's thread after the current one returns; null for the other policies}
     */
    @Nullable
    Executor laterTurn() {
        return laterTurn;
    }

    /**
     * Runs {@code task} per the policy, then {@code then} on the connection's thread: queued without
     * waking that thread if {@code handBack} says it may wait, and woken after all if the thread came
     * to the connection meanwhile.
     */
    void run(Runnable task, Runnable then, HandBack handBack) {
        Executor w = worker;
        Executor back = reactorThread;
        Executor later = whenAwake;
        if (w == null || back == null) {
            task.run();
            then.run();
            return;
        }
        w.execute(() -> {
            Executor lazyBack = null;
            try {
                task.run();
                lazyBack = later != null && handBack.mayWait() ? later : null;
            } finally {
                if (lazyBack != null) {
                    lazyBack.execute(then);
                    if (!handBack.settleLazy()) {
                        back.execute(NOTHING);
                    }
                } else {
                    back.execute(then);
                }
            }
        });
    }

    private static final Runnable NOTHING = () -> {};

    /**
     * On the connection's thread: runs {@code call} in the reactor's shutdown (its {@code during} phase,
     * after the reactor disconnected its connections) unless the returned handle, run first on that
     * thread, cancels it; does nothing without a reactor. For what a continuation would do but a
     * stopped reactor never runs.
     */
    Runnable atShutdown(Runnable call) {
        return atShutdown(core, call);
    }

    /** As {@link #atShutdown(Runnable)}, on the reactor {@code c}; does nothing if it is null. */
    static Runnable atShutdown(@Nullable IReactorCore c, Runnable call) {
        if (c == null) {
            return NOTHING;
        }
        boolean[] done = {false};
        Object trigger = c.addSystemEventTrigger(Phase.DURING, SystemEvent.SHUTDOWN, () -> {
            done[0] = true;
            call.run();
        });
        return () -> {
            if (!done[0]) {
                done[0] = true;
                c.removeSystemEventTrigger(trigger);
            }
        };
    }

    /** Asked on the worker, after a task, how its continuation goes back to the connection's thread. */
    interface HandBack {
        /** {@return whether nothing is due before the peer's next bytes, so the continuation may wait for them} */
        boolean mayWait();

        /**
         * Called after the continuation was queued without a wake-up; {@return false if the connection's
         * thread came to the connection meanwhile} (then it is woken, so it does not sleep on input it took)
         */
        boolean settleLazy();
    }
}
