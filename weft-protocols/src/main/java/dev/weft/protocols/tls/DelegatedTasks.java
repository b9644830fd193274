package dev.weft.protocols.tls;

import dev.weft.internet.IReactorThreads;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * Decides where an {@code SSLEngine}'s delegated tasks (key exchange, signatures, path validation)
 * run: on a worker thread, resuming on the reactor thread ({@link #offReactor(IReactorThreads)}), or
 * inline, keeping a test on one thread ({@link #inline()}). Immutable; thread-safe.
 */
public final class DelegatedTasks {
    private static final DelegatedTasks INLINE = new DelegatedTasks(null, null);

    private final @Nullable Executor worker;
    private final @Nullable Executor reactorThread;

    private DelegatedTasks(@Nullable Executor worker, @Nullable Executor reactorThread) {
        this.worker = worker;
        this.reactorThread = reactorThread;
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
     * while a task runs (the JDK's engine holds its lock for the whole task).
     */
    public static DelegatedTasks offReactor(IReactorThreads reactor) {
        Objects.requireNonNull(reactor, "reactor");
        return new DelegatedTasks(reactor::callInThread, reactor::callFromThread);
    }

    /**
     * Runs tasks on {@code worker} and resumes through {@code reactorThread}; for tests that decide
     * when a task runs and when its result comes back.
     *
     * @param worker runs each task
     * @param reactorThread runs the continuation on the connection's thread
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
