package dev.weft.protocols.basic.oracle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The committed program files and Twisted's traces of them, and the comparison of traces. */
final class OracleFiles {
    /** The program files beside this class, in order; each has a {@code -twisted.json} trace file. */
    static final List<String> PROGRAM_FILES =
            List.of("golden.json", "seed1.json", "seed2.json", "seed3.json", "seed4.json", "seed5.json");

    /** Generated programs per seed ({@code gen --n 420 --seed S --without returnTrue}). */
    static final int PROGRAMS_PER_SEED = 420;

    /**
     * The programs weft deliberately answers differently, each documented in DEVIATIONS.md and pinned
     * by {@code ProtocolsDeviationsTest}.
     */
    static final List<String> ALLOWED_DEVIATIONS = List.of("LR15-returnTrue-stops-chunk");

    private OracleFiles() {}

    static String read(String name) {
        try (InputStream in = OracleFiles.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + name + " is missing beside " + OracleFiles.class);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String tracesName(String programsName) {
        return programsName.replace(".json", "-twisted.json");
    }

    /**
     * Compares results by id as the oracle's {@code compare} does (whole results, as parsed JSON) and
     * returns one line per difference.
     */
    static List<String> differences(List<?> expected, List<?> actual, List<String> allow) {
        Map<Object, String> actualById = new LinkedHashMap<>();
        for (Object a : actual) {
            actualById.put(((Map<?, ?>) a).get("id"), canonical(a));
        }
        List<String> diffs = new ArrayList<>();
        for (Object e : expected) {
            Object id = ((Map<?, ?>) e).get("id");
            if (allow.contains(id)) {
                continue;
            }
            String want = canonical(e);
            String got = actualById.get(id);
            if (!want.equals(got)) {
                diffs.add("DIFF " + id + "\n  expected " + want + "\n  got      " + got);
            }
        }
        return diffs;
    }

    private static String canonical(Object value) {
        return Json.write(Json.parse(Json.write(value)));
    }
}
