package dev.weft.defer;

import java.lang.System.Logger.Level;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/** Runs Deferred chains iteratively (Twisted's {@code _runCallbacks}), on an explicit stack, not the Java stack. */
final class ChainRunner {
    private static final String SELF_RETURN = "Callback returned the Deferred it was attached to; this breaks the"
            + " callback chain: the Deferred now waits on itself and never fires its later handlers";

    private ChainRunner() {}

    /** Runs one pass over {@code start}'s chain, unless a pass over it is already running further up. */
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

    /** Calls a handler with the chain's current result, which may be null whatever the handler's type. */
    @SuppressWarnings("NullAway")
    private static @Nullable Object apply(Callback<Object, ?> handler, @Nullable Object arg) throws Exception {
        return handler.apply(arg);
    }

    /** Runs the matching half of an ordinary pair; true when {@code current} now waits on a Deferred. */
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
        if (handler != null && out == arg && arg != null) {
            current.passedStage = current.lastPolledStage(); // the value's origin stays the earlier handler
            current.passedKind = HandlerTypeMismatch.kindOf(pair, handler);
        } else if (handler != null) {
            current.producerStage = current.lastPolledStage();
            current.producerKind = HandlerTypeMismatch.kindOf(pair, handler);
            current.passedStage = 0;
        }
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

    /** Fires {@code target} as a {@code chainDeferred} pair does; true when its pass must now run nested. */
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

    /** Rethrows {@link VirtualMachineError}s, the only Throwables a chain does not turn into a Failure. */
    static void rethrowIfFatal(Throwable t) {
        if (t instanceof VirtualMachineError fatal) {
            throw fatal;
        }
    }

    /** The explicit stack of Deferreds; a barrier entry owns the nested {@code chainDeferred} pass above it. */
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
