package dev.weft.defer;

import java.lang.System.Logger.Level;
import java.lang.ref.Cleaner;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** A Deferred's side object: the unhandled-error marker, logged by a {@link Cleaner}, and the debug-mode stacks. */
final class DebugInfo implements Runnable {
    static final System.Logger LOG = System.getLogger(Deferred.class.getName());

    /** Classes whose frames are dropped from the top of a recorded stack. */
    private static final Set<String> INTERNAL = Set.of(
            Deferred.class.getName(),
            DeferredList.class.getName(),
            DebugInfo.class.getName(),
            ChainRunner.class.getName());

    private volatile @Nullable Failure failResult;
    private @Nullable Throwable creator;
    private @Nullable Throwable invoker;
    private boolean registered;

    /** Records the stack of the code creating the Deferred. */
    void recordCreator() {
        creator = new Throwable("Deferred was created");
    }

    /** Records the stack of the code firing the Deferred for the first time. */
    void recordInvoker() {
        invoker = new Throwable("First Invoker was");
    }

    @Nullable
    Failure failResult() {
        return failResult;
    }

    /** Marks {@code failure} as unhandled, registering {@code owner} with the Cleaner on the first mark. */
    void mark(Failure failure, Object owner) {
        failResult = failure;
        if (!registered) {
            registered = true;
            Holder.CLEANER.register(owner, this);
        }
    }

    void clear() {
        failResult = null;
    }

    /** Formats the recorded stacks as Twisted does (" C:" creator, " I:" first invoker), or "". */
    String tracebacks() {
        StringBuilder out = new StringBuilder();
        append(out, " C:", creator);
        append(out, " I:", invoker);
        return out.toString();
    }

    private static void append(StringBuilder out, String prefix, @Nullable Throwable stack) {
        if (stack == null) {
            return;
        }
        out.append(prefix).append(' ').append(stack.getMessage()).append(":\n");
        StackTraceElement[] frames = stack.getStackTrace();
        int first = 0;
        while (first < frames.length && INTERNAL.contains(frames[first].getClassName())) {
            first++;
        }
        for (int i = first; i < frames.length; i++) {
            out.append(prefix).append("  at ").append(frames[i]).append('\n');
        }
    }

    /** Logs the Failure if the Deferred was collected while marked; runs on the Cleaner's thread. */
    @Override
    public void run() {
        Failure failure = failResult;
        if (failure == null) {
            return;
        }
        String debug = tracebacks();
        String message = "Unhandled error in Deferred: " + failure.value()
                + (debug.isEmpty() ? "" : "\n(debug:\n" + debug + ")");
        LOG.log(Level.ERROR, message, failure.value());
    }

    /** Creates the Cleaner, and its daemon thread, only when a Deferred first ends on a Failure. */
    private static final class Holder {
        static final Cleaner CLEANER = Cleaner.create();
    }
}
