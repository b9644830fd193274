package dev.weft.defer.oracle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the oracle's stress program ({@code deferred_oracle.py stress --depth N --program}) in Java, so
 * the 9 MB program text for depth 100,000 need not be committed: a chain of {@code depth} unfired
 * Deferreds, each callback returning the next, then fired innermost-last. The {@code twisted} profile
 * checks that this equals what the oracle prints.
 */
final class StressProgram {
    private StressProgram() {}

    /** Returns the one-program list the oracle prints for {@code stress --depth depth --program}. */
    static List<Object> of(int depth) {
        List<Object> ops = new ArrayList<>(3 * depth + 4);
        for (long i = 0; i <= depth; i++) {
            ops.add(List.of("new", i));
        }
        for (long i = 0; i < depth; i++) {
            ops.add(List.of("addCallback", i, List.of("return_deferred", i + 1)));
        }
        ops.add(List.of("addCallback", 0L, List.of("add", 1L)));
        for (long i = 0; i < depth; i++) {
            ops.add(List.of("callback", i, 0L));
        }
        ops.add(List.of("callback", (long) depth, 41L));
        ops.add(List.of("observe", 0L));
        Map<String, Object> program = new LinkedHashMap<>();
        program.put("id", "stress-" + depth);
        program.put("ops", ops);
        return List.of(program);
    }
}
