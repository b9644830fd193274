package dev.weft.cli;

import dev.weft.defer.Deferred;
import dev.weft.defer.TimeoutError;
import dev.weft.internet.BaseProtocol;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.IProtocolFactory;
import dev.weft.internet.IReactorThreads;
import dev.weft.internet.IReactorTime;
import dev.weft.internet.endpoints.IStreamClientEndpoint;
import dev.weft.internet.endpoints.IStreamServerEndpoint;
import dev.weft.internet.nio.NioReactor;
import dev.weft.internet.nio.ReactorThread;
import dev.weft.protocols.tls.KeyAndChain;
import dev.weft.protocols.tls.TLSClientOptions;
import dev.weft.protocols.tls.TlsEndpoints;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Runs one reactor for one command, on a background thread: the one place in the command that knows
 * the concrete reactor ({@code NioReactor} through {@link ReactorThread}) and its endpoint parser.
 * Everything else talks to the reactor through weft-core's role interfaces.
 *
 * <p>Thread-safe, except that the objects {@link #clock()} and {@link #threads()} return, and the
 * endpoints, are confined to the reactor thread; {@link #close()} must not be called on it.
 */
final class ReactorSession implements AutoCloseable {
    /** The interface a TCP listener binds unless the string names one: the command never listens wider than asked. */
    private static final String LOOPBACK = "127.0.0.1";

    /**
     * The listen backlog unless the endpoint says {@code backlog=N}: a sink meets bursts of clients
     * connecting at once, and Twisted's 50 makes the rest wait for SYN retries (the kernel caps it at
     * {@code net.core.somaxconn}).
     */
    static final int BACKLOG = 4096;

    private final ReactorThread thread;

    private ReactorSession(ReactorThread thread) {
        this.thread = thread;
        // A reactor thread that ran out of heap may fail again as it ends; the JVM would then print its own
        // trace and the command find no heap to say why. Let the heap reserve go first; the command reports.
        thread.thread().setUncaughtExceptionHandler((t, e) -> {
            OutOfMemory.release();
            if (!(e instanceof OutOfMemoryError)) {
                t.getThreadGroup().uncaughtException(t, e);
            }
        });
    }

    /** Starts a reactor on a new daemon thread and returns once it runs. */
    static ReactorSession start() {
        return new ReactorSession(ReactorThread.start());
    }

    /**
     * Starts a reactor that polls for up to {@code spinAfterAccept} before it sleeps after accepting
     * ({@link NioReactor#NioReactor(int, Duration)}) on a new daemon thread, and returns once it runs.
     */
    static ReactorSession start(Duration spinAfterAccept) {
        return new ReactorSession(
                ReactorThread.start(new NioReactor(NioReactor.DEFAULT_THREAD_POOL_SIZE, spinAfterAccept)));
    }

    /**
     * Completes when the reactor thread ends: normally once closed, exceptionally (with the cause) if
     * the loop failed. A command waits on this as well as on its own work, so it never hangs on a
     * reactor that is gone.
     */
    java.util.concurrent.CompletionStage<Void> ended() {
        return thread.ended();
    }

    /**
     * Waits for {@code work} (completed by the reactor's callbacks) or for the reactor's end, whichever comes first,
     * so that a command never waits on a reactor that is gone; returns the work's result, or throws its failure in a
     * {@link CompletionException} as {@link CompletableFuture#join()} does.
     *
     * @throws Error what ended the reactor's loop (such as an {@link OutOfMemoryError}), as it was; an {@code
     *     OutOfMemoryError} too if the reactor thread died without saying why (only running out of heap while it
     *     ended does that)
     * @throws IllegalStateException if the reactor ended otherwise before the work, naming why
     */
    <T> T join(CompletableFuture<T> work) {
        CompletableFuture<Void> gone = ended().toCompletableFuture();
        Thread reactor = thread.thread();
        CompletableFuture<Object> either = CompletableFuture.anyOf(work, gone);
        while (!work.isDone()) {
            try {
                // Timed, and the thread's life checked between waits: a thread that ran out of heap may die
                // before it could complete the stage that says it ended.
                either.get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // looked at below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the reactor", e);
            }
            if (work.isDone()) {
                break;
            }
            if (gone.isDone()) {
                Throwable why = gone.handle((ignored, error) -> error).join();
                Throwable cause = why instanceof CompletionException && why.getCause() != null ? why.getCause() : why;
                if (cause instanceof Error error) {
                    if (error instanceof OutOfMemoryError) {
                        OutOfMemory.release(); // the heap the command needs to say so and end
                    }
                    throw error;
                }
                throw new IllegalStateException(
                        "the reactor stopped before the work was done" + (cause == null ? "" : ": " + cause), cause);
            }
            if (!reactor.isAlive()) {
                if (work.isDone() || gone.isDone()) {
                    continue; // it ended, or did the work, after the looks above: all it did is seen now it is dead
                }
                OutOfMemory.release();
                throw new OutOfMemoryError("the reactor thread died without completing its work (out of heap)");
            }
        }
        return work.join();
    }

    /** Returns the reactor's clock; use it on the reactor thread. */
    IReactorTime clock() {
        return thread.reactor();
    }

    /** Returns the reactor's thread roles; {@code callFromThread} is thread-safe, the rest is not. */
    IReactorThreads threads() {
        return thread.reactor();
    }

    /** Runs {@code call} on the reactor thread, soon; thread-safe. */
    void execute(Runnable call) {
        thread.reactor().callFromThread(call);
    }

    /**
     * Runs {@code call} on the reactor thread and returns its result, or throws what it threw; blocks the caller, but
     * not beyond the reactor's end ({@link #join}: an {@code OutOfMemoryError} that ended it is thrown as itself).
     */
    <T> T call(Callable<T> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        execute(() -> {
            try {
                result.complete(call.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return outcome(result);
    }

    /**
     * Runs {@code call} on the reactor thread and waits for the Deferred it returns: its result, or its failure thrown
     * as itself; blocks the caller, but not beyond the reactor's end, as {@link #call} does.
     */
    <T> T await(Supplier<? extends Deferred<T>> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        execute(() -> {
            try {
                call.get()
                        .addCallbacks(
                                value -> {
                                    result.complete(value);
                                    return null;
                                },
                                failure -> {
                                    result.completeExceptionally(failure.value());
                                    return null;
                                });
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return outcome(result);
    }

    /** Joins {@code result}, throwing its failure as itself rather than in a {@link CompletionException}. */
    private <T> T outcome(CompletableFuture<T> result) {
        if (Thread.currentThread() == thread.thread()) {
            throw new IllegalStateException("a blocking call on the reactor thread would wait for ever");
        }
        try {
            return join(result);
        } catch (CompletionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw ReactorSession.<RuntimeException>sneaky(cause);
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }

    /**
     * Connects through {@code endpoint} (shown to the user as {@code shown}) with {@code factory}, which
     * builds {@code protocol}, and waits until the connection is made; with a positive {@code timeoutNanos}
     * ({@code --timeout}) gives up after that long.
     *
     * @throws CliFailure (runtime) saying why: the connect failed ({@link Problems#cannotConnect}), found no
     *     answer in time, or was made but {@code protocol} failed as it started ({@link
     *     Problems#failedAfterConnecting}: the connect's Deferred fails with what its {@code connectionMade}
     *     threw, after the reactor closed the connection)
     */
    void connect(
            String shown,
            IStreamClientEndpoint endpoint,
            IProtocolFactory factory,
            BaseProtocol protocol,
            long timeoutNanos) {
        try {
            await(() -> timeoutNanos > 0
                    ? endpoint.connect(factory).addTimeout(timeoutNanos / 1e9, clock())
                    : endpoint.connect(factory));
        } catch (TimeoutError e) {
            throw CliFailure.runtime(
                    "cannot connect to " + shown + ": no answer within " + Units.seconds(timeoutNanos)
                            + " (--timeout); check that the host is up and that no firewall drops the traffic",
                    e);
        } catch (Throwable e) { // the Deferred's failure as it is: an Error too (no thread for the input)
            if (made(protocol)) {
                throw CliFailure.runtime(Problems.failedAfterConnecting(shown, e), e);
            }
            if (e instanceof Error error) {
                throw error;
            }
            throw CliFailure.runtime(Problems.cannotConnect(shown, e), e);
        }
    }

    /** Tells whether the reactor gave {@code protocol} its connection; false if the reactor is gone. */
    private boolean made(BaseProtocol protocol) {
        try {
            return call(protocol::isConnected);
        } catch (RuntimeException reactorGone) {
            return false;
        }
    }

    /**
     * Parses a server endpoint string ({@code ssl:} included, through {@link TlsEndpoints}); a TCP
     * endpoint with no interface gets {@code interface=127.0.0.1}, so the command never listens on all
     * interfaces unless asked.
     *
     * @throws CliFailure (usage) naming the option and what is wrong with the string, (runtime) if a
     *     key or certificate file it names cannot be read
     */
    IStreamServerEndpoint server(String option, String description) {
        return server(option, description, null, false);
    }

    /**
     * Parses a server endpoint string of a command that has {@code --self-signed}; an {@code ssl:} string uses
     * {@code identity} when given (that option) instead of the files it names.
     */
    IStreamServerEndpoint server(String option, String description, @Nullable KeyAndChain identity) {
        return server(option, description, identity, true);
    }

    private IStreamServerEndpoint server(
            String option, String description, @Nullable KeyAndChain identity, boolean selfSignedOffered) {
        refuseUndecodable(option, description, true);
        try {
            return TlsEndpoints.serverFromString(thread.reactor(), description, LOOPBACK, BACKLOG, identity);
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage(Problems.badEndpoint(option, description, messageOf(e), true), e);
        } catch (UncheckedIOException e) {
            throw CliFailure.runtime(
                    Problems.unreadableIdentity(
                            description,
                            Objects.requireNonNullElse(e.getMessage(), "cannot read a file"),
                            selfSignedOffered),
                    e);
        }
    }

    /**
     * Parses a client endpoint string ({@code tls:} included).
     *
     * @throws CliFailure (usage) naming the option and what is wrong with the string
     */
    IStreamClientEndpoint client(String option, String description) {
        return client(option, description, UnaryOperator.identity());
    }

    /** Parses a client endpoint string; {@code adjust} changes the options of a {@code tls:} one. */
    IStreamClientEndpoint client(String option, String description, UnaryOperator<TLSClientOptions> adjust) {
        refuseUndecodable(option, description, false);
        try {
            return TlsEndpoints.clientFromString(thread.reactor(), description, adjust);
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage(Problems.badEndpoint(option, description, messageOf(e), false), e);
        } catch (UncheckedIOException e) {
            throw CliFailure.runtime(
                    Problems.oneLine(Objects.requireNonNullElse(e.getMessage(), "cannot read a file"))
                            + "; check the path given in the endpoint",
                    e);
        }
    }

    /** Refuses an endpoint string that is not valid UTF-8 (a UNIX socket path of other bytes), naming why. */
    private static void refuseUndecodable(String option, String description, boolean server) {
        if (Arguments.hasEscapedBytes(description)) {
            throw CliFailure.usage(Problems.badEndpoint(
                    option,
                    FileNames.show(description),
                    "it is not valid UTF-8 (a byte shown as \\xHH); endpoints, and the UNIX socket paths in them,"
                            + " are read as UTF-8 (only FILE arguments may be any bytes)",
                    server));
        }
    }

    /**
     * Listens on {@code description} with {@code factory}; blocks until the port is bound.
     *
     * @throws CliFailure (usage) for a malformed string, (runtime) if the address cannot be bound
     */
    IListeningPort listen(String option, String description, IProtocolFactory factory) {
        return listen(option, server(option, description), description, factory);
    }

    /** Listens as {@link #listen(String, String, IProtocolFactory)} does, with the identity of {@link #server(String, String, KeyAndChain)}. */
    IListeningPort listen(String option, String description, @Nullable KeyAndChain identity, IProtocolFactory factory) {
        return listen(option, server(option, description, identity), description, factory);
    }

    private IListeningPort listen(
            String option, IStreamServerEndpoint endpoint, String description, IProtocolFactory factory) {
        try {
            return await(() -> endpoint.listen(factory));
        } catch (RuntimeException e) {
            throw CliFailure.runtime(Problems.cannotListen(option, description, e), e);
        }
    }

    /**
     * Closes the session after its work, as try-with-resources would, {@code failed} being what the work threw (null if
     * nothing): an error of {@link #close()} is added to it as suppressed, except when it is {@code failed} itself. Out
     * of heap, the JVM throws its one preallocated {@link OutOfMemoryError} wherever the heap runs out, so close may
     * throw the very instance the work did; try-with-resources would suppress it into itself, an {@code
     * IllegalArgumentException} instead of the command's line.
     */
    void closeAfter(@Nullable Throwable failed) {
        if (failed == null) {
            close();
            return;
        }
        try {
            close();
        } catch (RuntimeException | Error e) {
            if (e != failed) {
                try {
                    failed.addSuppressed(e);
                } catch (OutOfMemoryError noHeap) {
                    // what the work threw matters more than what closing added
                }
            }
        }
    }

    /** Stops the reactor and waits for its thread to end. */
    @Override
    public void close() {
        try {
            thread.close();
        } catch (IllegalStateException | OutOfMemoryError e) {
            CompletableFuture<Void> end = ended().toCompletableFuture();
            if (!end.isCompletedExceptionally()
                    && (end.isDone() || thread.thread().isAlive())) {
                throw e;
            }
            // The loop failed, and the command has its failure (join throws it). Out of heap, the JVM may throw
            // its one preallocated OutOfMemoryError again here: thrown from a try-with-resources, that very
            // instance would be suppressed into itself, an IllegalArgumentException instead of the command's line.
        }
    }

    private static String messageOf(IllegalArgumentException e) {
        return Objects.requireNonNullElse(e.getMessage(), "not an endpoint string");
    }
}
