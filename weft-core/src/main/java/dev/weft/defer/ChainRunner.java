package dev.weft.defer;

import java.lang.System.Logger.Level;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Runs Deferred chains: Twisted's {@code _runCallbacks}, iteratively.
 *
 * <p>One call of {@link #run} is one pass. It takes pairs off the current Deferred's chain and calls
 * the half that matches the current result. When a handler returns a Deferred X that has no result
 * yet (or is paused, or itself waits), the current Deferred pauses and leaves a <em>continuation</em>
 * on X's chain; when a pass over X reaches that continuation, X's result moves to the waiting
 * Deferred, which is pushed on an explicit stack and resumed right there, before X's later pairs. So
 * a chain of Deferreds waiting on each other resolves in constant Java stack depth, however long it
 * is (Twisted ticket #411). A paused Deferred at the top of the stack stops the whole pass.
 *
 * <p>Twisted recurses where {@code chainDeferred} fires its target ({@code b.callback} inside a's
 * pass). weft runs that nested pass on the same explicit stack, above a <em>barrier</em>: the
 * Deferred that fired keeps its "running" flag while the nested pass runs, and a pause inside the
 * nested pass ends only the nested pass, after which the outer Deferred goes on with {@code null}, as
 * after Twisted's nested call returned. Long {@code chainDeferred} chains therefore do not overflow
 * the stack (Twisted reports {@code RecursionError} from about a thousand links).
 *
 * <p>Handlers that fire other Deferreds run those passes nested on the Java stack, as in Twisted.
 * Confined to the thread of the Deferreds it runs.
 */
final class ChainRunner {
    private static final String SELF_RETURN = "Callback returned the Deferred it was attached to; this breaks the"
            + " callback chain: the Deferred now waits on itself and never fires its later handlers";

    private ChainRunner() {}

    /**
     * Runs one pass over {@code start}'s chain, unless a pass over it is already running further up
     * the stack (then the pairs it has just received run later in that pass).
     *
     * @param start a fired Deferred
     */
    static void run(Deferred<?> start) {
        if (start.running) {
            return;
        }
        Frames frames = null;
        Deferred<?> current = start;
        boolean resume = false;
        try {
            while (true) {
                if (!resume && current.paused != 0) {
                    if (frames == null || !frames.hasBarrier()) {
                        return;
                    }
                    current = frames.unwindToBarrier();
                    endChainedFire(current);
                    resume = true;
                    continue;
                }
                resume = false;
                Deferred<?> next = null;
                boolean nested = false;
                Pair pair;
                while ((pair = current.pollPair()) != null) {
                    if (pair.kind == Pair.CONTINUE) {
                        next = handOn(current, target(pair));
                        break;
                    }
                    if (pair.kind == Pair.CHAIN) {
                        if (fireChained(current, target(pair))) {
                            next = pair.target;
                            nested = true;
                            break;
                        }
                        continue;
                    }
                    if (runHandler(current, pair)) {
                        break;
                    }
                }
                if (next != null) {
                    if (frames == null) {
                        frames = new Frames();
                    }
                    frames.push(current, nested);
                    current = next;
                    continue;
                }
                current.passFinished();
                if (frames == null || frames.isEmpty()) {
                    return;
                }
                boolean owner = frames.topIsBarrier();
                current = frames.pop();
                if (owner) {
                    endChainedFire(current);
                    resume = true;
                }
            }
        } catch (Throwable fatal) {
            if (frames != null) {
                frames.releaseBarrierOwners();
            }
            throw fatal;
        }
    }

    private static Deferred<?> target(Pair pair) {
        Deferred<?> target = pair.target;
        if (target == null) {
            throw new AssertionError("internal pair without a target");
        }
        return target;
    }

    /** Moves {@code current}'s result to the Deferred waiting on it, and returns that Deferred. */
    private static Deferred<?> handOn(Deferred<?> current, Deferred<?> waiting) {
        waiting.result = current.result;
        current.result = null;
        current.clearUnhandled();
        waiting.paused--;
        waiting.waitingOn = null;
        return waiting;
    }

    /**
     * Calls one half of an ordinary pair, and chains the result if it is a Deferred.
     *
     * @return true when {@code current} now waits on another Deferred (the pass over it stops)
     */
    /**
     * Calls a handler with the chain's current result. The chain holds null as a result like any
     * other (a handler returned it, or the Deferred fired with it); the handler's own type says
     * whether it takes one, which the erased view here cannot.
     */
    @SuppressWarnings("NullAway")
    private static @Nullable Object apply(Callback<Object, ?> handler, @Nullable Object arg) throws Exception {
        return handler.apply(arg);
    }

    private static boolean runHandler(Deferred<?> current, Pair pair) {
        Object arg = current.result;
        Callback<Object, ?> handler = arg instanceof Failure ? pair.errback : pair.callback;
        Object out;
        if (handler == null) {
            out = arg;
        } else {
            current.running = true;
            try {
                out = apply(handler, arg);
            } catch (ClassCastException e) {
                current.result = new Failure(HandlerTypeMismatch.explain(e, arg, current, pair, handler));
                return false;
            } catch (Throwable t) {
                rethrowIfFatal(t);
                current.result = new Failure(t);
                return false;
            } finally {
                current.running = false;
            }
        }
        current.result = out;
        if (out == current) {
            DebugInfo.LOG.log(Level.WARNING, SELF_RETURN + ": " + handler);
        }
        if (!(out instanceof Deferred<?> awaited)) {
            return false;
        }
        if (!awaited.called || awaited.result instanceof Deferred || awaited.paused != 0) {
            current.paused++;
            current.waitingOn = awaited;
            awaited.appendPair(Pair.continuation(current));
            return true;
        }
        Object stolen = awaited.result;
        awaited.result = null;
        awaited.clearUnhandled();
        current.result = stolen;
        return false;
    }

    /**
     * Fires {@code target} with {@code current}'s result, as the pair {@code chainDeferred} added does
     * ({@code target.callback(result)}), without running {@code target}'s chain yet.
     *
     * @return true when {@code target} fired and its pass must now run nested; {@code current} then
     *     keeps its running flag until {@link #endChainedFire}
     */
    private static boolean fireChained(Deferred<?> current, Deferred<?> target) {
        current.running = true;
        try {
            Object arg = current.result;
            if (arg instanceof Deferred) {
                throw Deferred.deferredAsResult(arg);
            }
            if (target.beginFire(arg)) {
                return true;
            }
            current.running = false;
            current.result = null;
        } catch (Throwable t) {
            current.running = false;
            rethrowIfFatal(t);
            current.result = new Failure(t);
        }
        return false;
    }

    /** Finishes the pair {@code chainDeferred} added once the nested pass it started has ended. */
    private static void endChainedFire(Deferred<?> owner) {
        owner.running = false;
        owner.result = null;
    }

    /**
     * Rethrows {@link VirtualMachineError}s (out of memory, stack overflow), the only Throwables a
     * chain does not turn into a Failure.
     *
     * @param t what a handler threw
     */
    static void rethrowIfFatal(Throwable t) {
        if (t instanceof VirtualMachineError fatal) {
            throw fatal;
        }
    }

    /**
     * The explicit stack of Deferreds under the current one. An entry marked as a barrier is a
     * Deferred whose {@code chainDeferred} pair started the nested pass running above it.
     */
    private static final class Frames {
        private @Nullable Deferred<?>[] entries = new Deferred<?>[8];
        private boolean[] barrier = new boolean[8];
        private int size;
        private int barriers;

        void push(Deferred<?> d, boolean isBarrier) {
            if (size == entries.length) {
                entries = Arrays.copyOf(entries, size * 2);
                barrier = Arrays.copyOf(barrier, size * 2);
            }
            entries[size] = d;
            barrier[size] = isBarrier;
            size++;
            if (isBarrier) {
                barriers++;
            }
        }

        boolean isEmpty() {
            return size == 0;
        }

        boolean hasBarrier() {
            return barriers > 0;
        }

        boolean topIsBarrier() {
            return barrier[size - 1];
        }

        Deferred<?> pop() {
            size--;
            Deferred<?> d = entries[size];
            entries[size] = null;
            if (barrier[size]) {
                barrier[size] = false;
                barriers--;
            }
            if (d == null) {
                throw new AssertionError("empty frame");
            }
            return d;
        }

        /** Drops the frames of the nested pass that a pause ended, and returns its barrier owner. */
        Deferred<?> unwindToBarrier() {
            while (!barrier[size - 1]) {
                size--;
                entries[size] = null;
            }
            return pop();
        }

        /** Clears the running flags of barrier owners when a fatal error escapes the pass. */
        void releaseBarrierOwners() {
            for (int i = 0; i < size; i++) {
                Deferred<?> d = entries[i];
                if (barrier[i] && d != null) {
                    d.running = false;
                }
            }
        }
    }
}
