package dev.weft.defer.oracle;

import dev.weft.internal.json.Json;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The oracle's {@code compare}, in Java: matches traces by program id, drops the white-box {@code
 * n_cbs} field, and reports the first difference of each program that differs, in the oracle's words
 * ({@code DIFF id trace[i]: expected ..., got ...}), so the default build judges weft against Twisted's
 * committed traces without Python.
 */
final class TraceComparison {
    private final List<String> diffs = new ArrayList<>();
    private int passed;

    private TraceComparison() {}

    /**
     * Compares {@code actual} with {@code expected}, both parsed trace lists; programs whose id is in
     * {@code allowed} are left out (documented deviations).
     */
    static TraceComparison of(List<?> expected, List<?> actual, Collection<String> allowed) {
        TraceComparison c = new TraceComparison();
        Map<Object, Object> byId = new HashMap<>();
        for (Object a : actual) {
            byId.put(((Map<?, ?>) a).get("id"), a);
        }
        for (Object e : expected) {
            Object id = ((Map<?, ?>) e).get("id");
            if (allowed.contains(id)) {
                continue;
            }
            Object a = byId.get(id);
            if (a == null) {
                c.diffs.add("MISSING " + id);
                continue;
            }
            Object strippedExpected = strip(e);
            Object strippedActual = strip(a);
            if (strippedExpected.equals(strippedActual)) {
                c.passed++;
            } else {
                c.diffs.add(
                        "DIFF " + id + " " + firstDifference((Map<?, ?>) strippedExpected, (Map<?, ?>) strippedActual));
            }
        }
        return c;
    }

    /** Returns the oracle's summary line: {@code N passed, N failed}. */
    String summary() {
        return passed + " passed, " + diffs.size() + " failed";
    }

    /** Returns one {@code DIFF} or {@code MISSING} line per program that differs. */
    List<String> diffs() {
        return diffs;
    }

    private static Object strip(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                if (!"n_cbs".equals(k)) {
                    out.put(k, strip(v));
                }
            });
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object v : list) {
                out.add(strip(v));
            }
            return out;
        }
        return value;
    }

    private static String firstDifference(Map<?, ?> e, Map<?, ?> a) {
        List<?> et = list(e.get("trace"));
        List<?> at = list(a.get("trace"));
        for (int i = 0; i < Math.max(et.size(), at.size()); i++) {
            Object x = i < et.size() ? et.get(i) : null;
            Object y = i < at.size() ? at.get(i) : null;
            if (!Objects.equals(x, y)) {
                return "trace[" + i + "]: expected " + Json.write(x) + ", got " + Json.write(y);
            }
        }
        List<?> ef = list(e.get("final"));
        List<?> af = list(a.get("final"));
        for (int k = 0; k < Math.min(ef.size(), af.size()); k++) {
            if (!Objects.equals(ef.get(k), af.get(k))) {
                return "final[" + k + "]: expected " + Json.write(ef.get(k)) + ", got " + Json.write(af.get(k));
            }
        }
        if (!Objects.equals(e.get("gc_logged"), a.get("gc_logged"))) {
            return "gc_logged: expected " + Json.write(e.get("gc_logged")) + ", got " + Json.write(a.get("gc_logged"));
        }
        return "final/gc_logged";
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> l ? l : List.of();
    }
}
