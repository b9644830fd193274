package dev.weft.protocols.tls;

import dev.weft.internet.IReactorThreads;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * Decides where the slow parts of a TLS handshake run: the {@code SSLEngine}'s delegated tasks
 * (key exchange, signatures, certificate path validation). On a real reactor they run on a worker
 * thread, so the reactor thread never blocks on them, and the connection resumes on the reactor
 * thread when they are done ({@link #offReactor(IReactorThreads)}). In memory they run inline, so
 * a test stays on one thread and deterministic ({@link #inline()}).
 *
 * <p>Immutable; thread-safe.
 */
public final class DelegatedTasks {
    private static final DelegatedTasks INLINE = new DelegatedTasks(null, null);

    private final @Nullable Executor worker;
    private final @Nullable Executor reactorThread;

    private DelegatedTasks(@Nullable Executor worker, @Nullable Executor reactorThread) {
        this.worker = worker;
        this.reactorThread = reactorThread;
    }

    /**
     * Runs every task at once on the calling thread (the default, and the choice for in-memory
     * tests).
     *
     * @return the inline policy
     */
    public static DelegatedTasks inline() {
        return INLINE;
    }

    /**
     * Runs tasks on the reactor's worker threads and resumes on the reactor thread.
     *
     * @param reactor the reactor whose {@code callInThread} runs the tasks and whose {@code
     *     callFromThread} resumes the connection
     * @return the policy
     */
    public static DelegatedTasks offReactor(IReactorThreads reactor) {
        Objects.requireNonNull(reactor, "reactor");
        return new DelegatedTasks(reactor::callInThread, reactor::callFromThread);
    }

    /**
     * Runs tasks on {@code worker} and resumes through {@code reactorThread}; for tests that want
     * to decide when a task runs and when its result comes back.
     *
     * @param worker runs each task
     * @param reactorThread runs the continuation on the thread that owns the connection
     * @return the policy
     */
    public static DelegatedTasks on(Executor worker, Executor reactorThread) {
        return new DelegatedTasks(
                Objects.requireNonNull(worker, "worker"), Objects.requireNonNull(reactorThread, "reactorThread"));
    }

    boolean isInline() {
        return worker == null;
    }

    /** Runs {@code task} per the policy, then {@code then} on the connection's thread. */
    void run(Runnable task, Runnable then) {
        Executor w = worker;
        Executor back = reactorThread;
        if (w == null || back == null) {
            task.run();
            then.run();
            return;
        }
        w.execute(() -> {
            try {
                task.run();
            } finally {
                back.execute(then);
            }
        });
    }
}
