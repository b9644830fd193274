package dev.weft.defer.oracle;

import dev.weft.defer.Callback;
import dev.weft.defer.Deferred;
import dev.weft.defer.DeferredInternals;
import dev.weft.defer.DeferredList;
import dev.weft.defer.Failure;
import dev.weft.defer.FirstError;
import dev.weft.internet.task.Clock;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** One program's run: the oracle's {@code Env}, against weft. Confined to the calling thread. */
final class ProgramRun {
    private final Map<?, ?> program;
    private final DeferredProgramRunner.WarningCapture warnings;
    private final List<Deferred<Object>> ds = new ArrayList<>();
    private final Map<Object, Integer> firstIndex = new IdentityHashMap<>();
    private final List<Object> trace = new ArrayList<>();
    private final Map<Throwable, Integer> eids = new IdentityHashMap<>();
    private final Clock clock = new Clock();
    private int nextHandler;
    private int currentOp = -1;

    ProgramRun(Map<?, ?> program, DeferredProgramRunner.WarningCapture warnings) {
        this.program = program;
        this.warnings = warnings;
    }

    Map<String, Object> run() {
        List<?> ops = (List<?>) program.get("ops");
        warnings.drain(-1);
        for (int i = 0; i < ops.size(); i++) {
            currentOp = i;
            try {
                runOp((List<?>) ops.get(i));
            } catch (VirtualMachineError e) {
                throw e;
            } catch (ProgramError e) {
                throw e;
            } catch (Throwable t) {
                trace.add(event("ev", "raise", "op", (long) i, "exc", Vocabulary.nameOf(t.getClass())));
            }
            trace.addAll(warnings.drain(i));
        }
        List<Object> fin = new ArrayList<>();
        List<String> logged = new ArrayList<>();
        for (int k = 0; k < ds.size(); k++) {
            Deferred<Object> d = ds.get(k);
            int j = indexOf(d);
            if (j != k) {
                fin.add(event("alias_of", (long) j));
                continue;
            }
            fin.add(state(d));
            Failure unhandled = d.unhandledFailure();
            if (unhandled != null) {
                logged.add(Vocabulary.nameOf(unhandled.type()));
            }
        }
        logged.sort(null);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", program.get("id"));
        out.put("trace", trace);
        out.put("final", fin);
        out.put("gc_logged", logged);
        return out;
    }

    // ----------------------------------------------------------------- encoding

    private long eid(Throwable t) {
        Integer id = eids.get(t);
        if (id == null) {
            id = eids.size();
            eids.put(t, id);
        }
        return id;
    }

    private int indexOf(Object d) {
        Integer i = firstIndex.get(d);
        return i == null ? -1 : i;
    }

    private Object enc(Object x) {
        if (x instanceof Failure f) {
            Map<String, Object> out = event("failure", Vocabulary.nameOf(f.type()), "eid", eid(f.value()));
            if (f.value() instanceof FirstError fe) {
                out.put("index", (long) fe.index());
                out.put("sub", enc(fe.subFailure()));
            }
            return out;
        }
        if (x instanceof Deferred<?> d) {
            return event("deferred", (long) indexOf(d));
        }
        if (x instanceof DeferredList.Result<?> r) {
            return listOf(r.success(), enc(r.result()));
        }
        if (x instanceof DeferredList.FirstResult<?> r) {
            return listOf(enc(r.result()), (long) r.index());
        }
        if (x instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object y : list) {
                out.add(enc(y));
            }
            return out;
        }
        if (x == null || x instanceof Boolean || x instanceof Long || x instanceof String) {
            return x;
        }
        return event("unexpected", x.getClass().getName() + ": " + x);
    }

    private Map<String, Object> state(Deferred<?> d) {
        Map<String, Object> st = new LinkedHashMap<>();
        st.put("called", d.isCalled());
        st.put("paused", (long) d.pauseCount());
        st.put("n_cbs", (long) DeferredInternals.pendingPairCount(d));
        if (d.isCalled()) {
            st.put("result", enc(d.currentResult()));
        }
        Failure unhandled = d.unhandledFailure();
        st.put("unhandled", unhandled == null ? null : enc(unhandled));
        return st;
    }

    private static Map<String, Object> event(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    private static List<Object> listOf(Object... items) {
        List<Object> out = new ArrayList<>(items.length);
        for (Object item : items) {
            out.add(item);
        }
        return out;
    }

    // ----------------------------------------------------------------- handlers

    /** A traced handler: records the call, then does what its spec says. */
    private final class Handler {
        private final int n;
        private final List<?> spec;
        private final int k;

        Handler(List<?> spec, int k) {
            this.n = nextHandler++;
            this.spec = spec;
            this.k = k;
        }

        Object call(Object arg, String slot) throws Exception {
            trace.add(event("ev", "call", "h", (long) n, "d", (long) k, "slot", slot, "arg", enc(arg)));
            return apply(spec, arg, k);
        }

        Callback<Object, Object> as(String slot) {
            return arg -> call(arg, slot);
        }

        Callback<Object, Object> both() {
            return arg -> call(arg, arg instanceof Failure ? "eb" : "cb");
        }
    }

    private Object apply(List<?> spec, Object arg, int k) throws Exception {
        String kind = (String) spec.get(0);
        boolean isFailure = arg instanceof Failure;
        switch (kind) {
            case "identity":
                return arg;
            case "const":
                return spec.get(1);
            case "add":
                if (arg instanceof Long n) {
                    return n + (Long) spec.get(1);
                }
                throw new Vocabulary.TypeError("add on non-int");
            case "raise":
                throw Vocabulary.make((String) spec.get(1));
            case "return_failure":
                return new Failure(Vocabulary.make((String) spec.get(1)));
            case "return_deferred":
                return ds.get(index(spec.get(1)));
            case "reraise":
                if (isFailure) {
                    throw ((Failure) arg).raiseException();
                }
                throw new Vocabulary.TypeError("reraise on non-failure");
            case "trap": {
                if (!isFailure) {
                    throw new Vocabulary.TypeError("trap on non-failure");
                }
                List<Class<?>> types = new ArrayList<>();
                for (int i = 1; i < spec.size(); i++) {
                    types.addAll(Vocabulary.trapClassesOf((String) spec.get(i)));
                }
                return "trapped:" + Vocabulary.nameOf(((Failure) arg).trap(types.toArray(new Class<?>[0])));
            }
            case "fire":
                ds.get(index(spec.get(1))).callback(spec.get(2));
                return arg;
            case "fail":
                ds.get(index(spec.get(1))).errback(Vocabulary.make((String) spec.get(2)));
                return arg;
            case "cancel":
                ds.get(index(spec.get(1))).cancel();
                return arg;
            case "reenter":
                ds.get(k).addCallback(new Handler((List<?>) spec.get(1), k).as("cb"));
                return arg;
            default:
                throw new ProgramError("unknown handler kind " + kind);
        }
    }

    private Consumer<Deferred<Object>> canceller(List<?> spec, int k) {
        return d -> {
            trace.add(event("ev", "canceller", "d", (long) k));
            String kind = (String) spec.get(0);
            switch (kind) {
                case "noop" -> {}
                case "callback" -> d.callback(spec.get(1));
                case "errback" -> d.errback(Vocabulary.make((String) spec.get(1)));
                case "raise" -> throw ProgramRun.<RuntimeException>sneaky(Vocabulary.make((String) spec.get(1)));
                default -> throw new ProgramError("unknown canceller " + spec);
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }

    // ----------------------------------------------------------------- ops

    private static int index(Object o) {
        return ((Long) o).intValue();
    }

    private void newIndex(int k) {
        if (k != ds.size()) {
            throw new ProgramError("creating op must use index " + ds.size() + ", got " + k);
        }
    }

    private void put(int k, Deferred<?> d) {
        @SuppressWarnings("unchecked")
        Deferred<Object> any = (Deferred<Object>) d;
        if (k == ds.size()) {
            ds.add(any);
        } else {
            ds.set(k, any);
        }
        firstIndex.putIfAbsent(d, k);
    }

    private List<Deferred<Object>> members(Object indices) {
        List<Deferred<Object>> out = new ArrayList<>();
        for (Object i : (List<?>) indices) {
            out.add(ds.get(index(i)));
        }
        return out;
    }

    private void runOp(List<?> op) {
        String name = (String) op.get(0);
        switch (name) {
            case "new" -> {
                int k = index(op.get(1));
                newIndex(k);
                List<?> c = op.size() > 2 ? (List<?>) op.get(2) : null;
                put(k, c == null ? new Deferred<Object>() : new Deferred<Object>(canceller(c, k)));
            }
            case "succeed" -> {
                int k = index(op.get(1));
                newIndex(k);
                put(k, Deferred.succeed(op.get(2)));
            }
            case "fail" -> {
                int k = index(op.get(1));
                newIndex(k);
                put(k, Deferred.fail(Vocabulary.make((String) op.get(2))));
            }
            case "maybe" -> {
                int k = index(op.get(1));
                newIndex(k);
                Handler h = new Handler((List<?>) op.get(2), k);
                ds.add(null);
                Object v = op.get(3);
                put(k, Deferred.maybeDeferred(() -> h.call(v, "fn")));
            }
            case "dlist" -> {
                int k = index(op.get(1));
                newIndex(k);
                List<Deferred<Object>> members = members(op.get(2));
                ds.add(null);
                put(k, new DeferredList<>(members, (Boolean) op.get(3), (Boolean) op.get(4), (Boolean) op.get(5)));
            }
            case "gather" -> {
                int k = index(op.get(1));
                newIndex(k);
                List<Deferred<Object>> members = members(op.get(2));
                ds.add(null);
                put(k, DeferredList.gatherResults(members, (Boolean) op.get(3)));
            }
            case "addCallback" -> at(op).addCallback(handler(op, 2).as("cb"));
            case "addErrback" -> {
                Handler h = handler(op, 2);
                at(op).addErrback(f -> h.call(f, "eb"));
            }
            case "addBoth" -> at(op).addBoth(handler(op, 2).both());
            case "addCallbacks" -> {
                Handler hc = handler(op, 2);
                Handler he = handler(op, 3);
                at(op).addCallbacks(hc.as("cb"), f -> he.call(f, "eb"));
            }
            case "chain" -> at(op).chainDeferred(ds.get(index(op.get(2))));
            case "timeout" -> at(op).addTimeout(((Long) op.get(2)).doubleValue(), clock);
            case "callback" -> at(op).callback(op.get(2));
            case "errback" -> at(op).errback(Vocabulary.make((String) op.get(2)));
            case "pause" -> at(op).pause();
            case "unpause" -> at(op).unpause();
            case "cancel" -> at(op).cancel();
            case "advance" -> clock.advance(((Long) op.get(1)).doubleValue());
            case "observe" ->
                trace.add(event("ev", "obs", "op", (long) currentOp, "d", op.get(1), "state", state(at(op))));
            default -> throw new ProgramError("unknown op " + name);
        }
    }

    private Deferred<Object> at(List<?> op) {
        return ds.get(index(op.get(1)));
    }

    private Handler handler(List<?> op, int slot) {
        return new Handler((List<?>) op.get(slot), index(op.get(1)));
    }

    /** A malformed program: not a Deferred behaviour, so it stops the run. */
    static final class ProgramError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ProgramError(String message) {
            super(message);
        }
    }
}
