package dev.weft.junit;

import dev.weft.internet.nio.NioReactor;
import dev.weft.internet.nio.ReactorThread;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The waits of {@link WeftExtension}'s teardown on a reactor thread, each bounded: a reactor that does not answer in
 * time is reported {@link Blocked} (with where its thread is), one that stops meanwhile answers "stopped" (a test may
 * stop its reactor itself). Used from the test thread.
 */
final class ReactorWaits {
    /** Returned by {@link #awaitSocketsClosed} when the reactor stopped, or started stopping, before it answered. */
    static final int STOPPED = -1;

    /** The longest {@link #awaitSocketsClosed} waits without waking the reactor to look. */
    private static final Duration LOOK_EVERY = Duration.ofMillis(20);

    private ReactorWaits() {}

    /**
     * A reactor thread did not answer, or did not end, within the teardown's bound; {@link #where} has its stack trace
     * as it was then.
     */
    static final class Blocked extends Exception {
        private static final long serialVersionUID = 1L;

        /** The blocked thread's stack, as a throwable to attach to the test's failure. */
        final ThreadStack where;

        private Blocked(String message, ThreadStack where) {
            super(message, null, false, false);
            this.where = where;
        }

        /** Describes {@code thread} after {@code message}: its state and its first frame outside the JDK. */
        static Blocked of(String message, Thread thread) {
            StackTraceElement[] stack = thread.getStackTrace();
            String at = Arrays.stream(stack)
                    .filter(f -> !f.getClassName().startsWith("java.")
                            && !f.getClassName().startsWith("jdk.")
                            && !f.getClassName().startsWith("sun."))
                    .findFirst()
                    .map(f -> " at " + f.getClassName() + "." + f.getMethodName() + "(" + f.getFileName() + ":"
                            + f.getLineNumber() + ")")
                    .orElse("");
            Thread.State state = thread.getState();
            ThreadStack where = new ThreadStack("where " + thread.getName() + " (" + state + ") was");
            where.setStackTrace(stack);
            return new Blocked(
                    message + " " + thread.getName() + " is " + state + at + " (its whole stack is attached"
                            + " to this failure, suppressed)",
                    where);
        }
    }

    /**
     * Waits up to {@code grace} for {@code rt}'s sockets to close, returning as soon as none is open, and returns how
     * many are open then, or {@link #STOPPED} if the reactor stopped meanwhile (its shutdown closes them all). A close
     * the peer has made reaches the reactor a moment later (after the peer's thread, maybe another reactor, has closed
     * its socket), so the count is read on the reactor thread at the start of each turn that something woke (I/O, a
     * timer, another thread's call): a look queued lazily does not wake the reactor, so an idle one sleeps meanwhile.
     * A turn whose own events close the last socket after that look can leave the reactor asleep with the next look
     * queued; a waking look at least every {@link #LOOK_EVERY} bounds that wait.
     *
     * @param deadline {@link System#nanoTime()} by which the reactor must have answered each waking look
     * @throws Blocked if the reactor thread does not answer by {@code deadline}
     */
    static int awaitSocketsClosed(ReactorThread rt, Duration grace, long deadline) throws Blocked {
        NioReactor reactor = rt.reactor();
        Callable<Integer> count = () -> reactor.isShutDown() ? STOPPED : reactor.openSocketCount();
        long graceEnd = System.nanoTime() + grace.toNanos();
        Integer open = answer(rt, count, deadline, "count the injected reactor's open sockets");
        while (open != null && open > 0) {
            long left = graceEnd - System.nanoTime();
            if (left <= 0) {
                return open;
            }
            try {
                open = ask(rt, count, true, System.nanoTime() + Math.min(left, LOOK_EVERY.toNanos()));
            } catch (TimeoutException quiet) {
                open = answer(rt, count, deadline, "count the injected reactor's open sockets"); // wakes it
            }
        }
        return open == null ? STOPPED : open;
    }

    /**
     * Describes the sockets open on {@code rt} (while open: closing ends them); none if the reactor stopped first.
     * @throws Blocked if the reactor thread does not answer by {@code deadline}
     */
    static List<String> describeOpenSockets(ReactorThread rt, long deadline) throws Blocked {
        NioReactor reactor = rt.reactor();
        List<String> open = answer(
                rt,
                () -> reactor.isShutDown() ? List.<String>of() : reactor.describeOpenSockets(),
                deadline,
                "describe the injected reactor's open sockets");
        return open == null ? List.of() : open;
    }

    /**
     * Waits until {@code rt}'s thread runs a call, by {@code deadline}: returns false if the reactor has stopped.
     * @throws Blocked if it does not answer in time
     */
    static boolean answers(ReactorThread rt, long deadline, String what) throws Blocked {
        return answer(rt, () -> Boolean.TRUE, deadline, what) != null;
    }

    /**
     * Stops {@code rt} and waits by {@code deadline} for its thread to end, then closes it (which rethrows how its
     * loop failed, if it did).
     * @throws Blocked if the thread has not ended by then; the stop stays queued for when it is free
     */
    static void close(ReactorThread rt, long deadline, String what) throws Blocked {
        queueStop(rt);
        Thread thread = rt.thread();
        try {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                TimeUnit.NANOSECONDS.timedJoin(thread, left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Blocked.of("interrupted while waiting for " + thread.getName() + " to stop " + what + ";", thread);
        }
        if (thread.isAlive()) {
            throw Blocked.of(thread.getName() + " (" + what + ") did not stop within the teardown's bound;", thread);
        }
        rt.close();
    }

    /**
     * Runs {@code close} (a fixture's close, which waits for its reactor thread) on a thread of its own and waits for it
     * until {@code deadline}; rethrows what it threw. If it has not returned by then, {@code rt}'s stop is queued for
     * when its thread is free and the close goes on in the background, its outcome unreported.
     * @throws Blocked if the close has not returned by {@code deadline}, with where {@code rt}'s thread is
     */
    static void closeWithin(Runnable close, ReactorThread rt, long deadline, String what) throws Blocked {
        FutureTask<Void> task = new FutureTask<>(close, null);
        Thread closer = new Thread(task, "weft-junit-close");
        closer.setDaemon(true);
        closer.start();
        try {
            task.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            queueStop(rt);
            throw Blocked.of(what + " did not close within the teardown's bound: its reactor thread", rt.thread());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Blocked.of("interrupted while closing " + what + ";", rt.thread());
        }
    }

    /** Asks {@code rt}'s reactor to stop when its thread runs its queued calls, unless it is stopping already. */
    static void queueStop(ReactorThread rt) {
        NioReactor reactor = rt.reactor();
        reactor.callFromThread(() -> {
            if (reactor.isRunning()) {
                try {
                    reactor.stop();
                } catch (IllegalStateException alreadyStopping) {
                    // stop() was called already
                }
            }
        });
    }

    /**
     * Runs {@code call} on the reactor thread and returns its result, or null if the reactor stopped first.
     * @throws Blocked if it has not answered by {@code deadline}
     */
    private static <T> @Nullable T answer(ReactorThread rt, Callable<T> call, long deadline, String what)
            throws Blocked {
        try {
            return ask(rt, call, false, deadline);
        } catch (TimeoutException e) {
            Thread thread = rt.thread();
            throw Blocked.of(
                    Thread.currentThread().isInterrupted()
                            ? "interrupted while waiting for " + thread.getName() + " to " + what + ";"
                            : thread.getName() + " did not " + what + " within the teardown's bound: it is blocked"
                                    + " (a callback that does not return: a deadlock, or a blocking call on the"
                                    + " reactor thread);",
                    thread);
        }
    }

    /**
     * Runs {@code call} on the reactor thread and returns its result, or null if the reactor stopped first.
     * @throws TimeoutException if it has not answered by {@code deadline}
     */
    static <T> @Nullable T tryAsk(ReactorThread rt, Callable<T> call, long deadline) throws TimeoutException {
        return ask(rt, call, false, deadline);
    }

    /**
     * Queues {@code call} (lazily: without waking the reactor) and waits for it until {@code deadline}; returns null if
     * the reactor stopped first.
     * @throws TimeoutException if it has not answered by then, or the wait was interrupted (the flag is set again)
     */
    private static <T> @Nullable T ask(ReactorThread rt, Callable<T> call, boolean lazily, long deadline)
            throws TimeoutException {
        NioReactor reactor = rt.reactor();
        CompletableFuture<T> result = new CompletableFuture<>();
        if (!reactor.addStopWaiter(result)) {
            return null;
        }
        try {
            Runnable body = () -> {
                try {
                    result.complete(call.call());
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
            };
            if (lazily) {
                reactor.callFromThreadLazily(body);
            } else {
                reactor.callFromThread(body);
            }
            return result.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (reactor.isShutDown()) {
                return null; // the reactor's stop ended the wait
            }
            throw new IllegalStateException("WeftExtension's teardown failed on " + rt, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TimeoutException("interrupted");
        } finally {
            reactor.removeStopWaiter(result);
        }
    }

    /** Shows where another thread is: its stack trace is that thread's, not where it was made. */
    static final class ThreadStack extends Throwable {
        private static final long serialVersionUID = 1L;

        ThreadStack(String message) {
            super(message, null, false, true);
        }
    }
}
