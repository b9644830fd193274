package dev.weft.internet.nio.internal;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The JVM shutdown hook that {@code NioReactor.run()} registers while it runs, standing in for Twisted's
 * SIGINT/SIGTERM handlers: when the JVM begins to shut down (SIGTERM, SIGINT, SIGHUP, {@code System.exit}, or
 * its last non-daemon thread ending) it asks the loop to stop and waits for {@code run()} to return, so that
 * the shutdown triggers run and the sockets close before the JVM halts.
 *
 * <p>The wait never hangs the JVM: it ends at once if the reactor thread is itself inside {@code
 * System.exit} (a callback or trigger called it: that thread waits for this hook, so it can never return from
 * {@code run()}), and otherwise after a bound ({@code NioReactor.SHUTDOWN_HOOK_TIMEOUT}), naming where the
 * reactor thread is stuck. {@link #install} and {@link #uninstall} are for the reactor thread; {@link
 * #awaitStop()} is what the hook's own thread runs.
 */
public final class ShutdownHook {
    /** How often the hook looks whether the reactor thread has entered {@code System.exit}. */
    private static final long POLL_MILLIS = 20;

    /** How a hook's wait for the reactor ended. */
    public enum Outcome {
        /** {@code run()} returned: the reactor shut down. */
        STOPPED,
        /** The reactor thread is inside {@code System.exit}, waiting for the hooks: it cannot stop. */
        EXITING,
        /** The reactor did not stop within the bound. */
        TIMED_OUT
    }

    private final EventLoop loop;
    private final Thread reactorThread;
    private final Duration bound;
    private final Thread thread;
    private final CountDownLatch returned = new CountDownLatch(1);

    private ShutdownHook(EventLoop loop, Thread reactorThread, Duration bound) {
        this.loop = loop;
        this.reactorThread = reactorThread;
        this.bound = bound;
        this.thread = new Thread(this::awaitStop, "weft-reactor-" + loop.name() + "-shutdown");
    }

    /**
     * Registers a hook that stops {@code loop}, run by the calling thread, and waits at most {@code bound} for
     * it; returns null, registering nothing, if the JVM is already shutting down.
     */
    public static @Nullable ShutdownHook install(EventLoop loop, Duration bound) {
        ShutdownHook hook = new ShutdownHook(loop, Thread.currentThread(), bound);
        try {
            Runtime.getRuntime().addShutdownHook(hook.thread);
        } catch (IllegalStateException shuttingDown) {
            Faults.debug("the JVM is shutting down: reactor " + loop.name() + " runs without a shutdown hook");
            return null;
        }
        return hook;
    }

    /**
     * Tells a waiting hook that {@code run()} has returned, and unregisters the hook, unless the JVM is shutting
     * down already (then the hook has run, or runs and returns at once).
     */
    public void uninstall() {
        returned.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(thread);
        } catch (IllegalStateException shuttingDown) {
            // The JVM runs its hooks: this one has been released above.
        }
    }

    /** Returns the hook's thread, as registered with {@link Runtime#addShutdownHook}. */
    public Thread thread() {
        return thread;
    }

    /**
     * Asks the loop to stop (from the reactor thread, as a call from another thread) and waits until {@code
     * run()} returns, the reactor thread is found inside {@code System.exit}, or the bound passes; logs
     * what it does, and returns which it was.
     */
    public Outcome awaitStop() {
        if (returned.getCount() == 0) {
            return Outcome.STOPPED;
        }
        Faults.info("The JVM is shutting down (SIGTERM, SIGINT, SIGHUP, System.exit or its last non-daemon"
                + " thread ending): stopping reactor " + loop.name() + " and waiting up to " + text(bound)
                + " for its shutdown triggers and sockets");
        loop.callFromThread(new StopFromHook(loop));
        long deadline = System.nanoTime() + bound.toNanos();
        try {
            while (returned.getCount() > 0) {
                if (insideExit(reactorThread)) {
                    Faults.warn("The reactor thread \"" + reactorThread.getName() + "\" of " + loop.name()
                            + " is inside System.exit, called from a callback or trigger: the reactor cannot"
                            + " stop, so its shutdown triggers do not run and its sockets close with the JVM."
                            + " To shut down cleanly, call reactor.stop() and exit once run() has returned");
                    return Outcome.EXITING;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    Faults.warn("The reactor " + loop.name() + " did not stop within " + text(bound)
                            + " of the JVM shutting down; the JVM halts without waiting longer. Its thread \""
                            + reactorThread.getName() + "\" is at " + where(reactorThread)
                            + ": a shutdown trigger or callback that blocks holds it");
                    return Outcome.TIMED_OUT;
                }
                returned.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS)), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.TIMED_OUT;
        }
        return Outcome.STOPPED;
    }

    /** Tells whether {@code t} is inside {@code System.exit} (or {@code Runtime.exit}), which runs the hooks. */
    static boolean insideExit(Thread t) {
        for (StackTraceElement frame : t.getStackTrace()) {
            if ("java.lang.Shutdown".equals(frame.getClassName())) {
                return true;
            }
        }
        return false;
    }

    /** Says where {@code t} is: its top frame, and the first frame outside the JDK if that is another. */
    private static String where(Thread t) {
        StackTraceElement[] frames = t.getStackTrace();
        if (frames.length == 0) {
            return "(no stack: it has ended)";
        }
        for (StackTraceElement frame : frames) {
            String c = frame.getClassName();
            if (!c.startsWith("java.") && !c.startsWith("jdk.") && !c.startsWith("sun.")) {
                return frame == frames[0] ? frame.toString() : frames[0] + ", called from " + frame;
            }
        }
        return frames[0].toString();
    }

    private static String text(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** Stops the loop unless it is stopping already; named for a failure's log line. */
    private record StopFromHook(EventLoop loop) implements Runnable {
        @Override
        public void run() {
            try {
                loop.stop();
            } catch (IllegalStateException stoppingAlready) {
                // stop() or crash() was called already: run() returns without this.
            }
        }

        @Override
        public String toString() {
            return "the shutdown hook's stop of " + loop.name();
        }
    }
}
