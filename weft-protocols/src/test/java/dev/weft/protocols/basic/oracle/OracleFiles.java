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
     * The programs weft deliberately answers differently from Twisted and from {@code
     * protocols_oracle_weft.py}, each documented in DEVIATIONS.md and pinned by {@code
     * ProtocolsDeviationsTest}.
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
     * Names the file of what Twisted answers with weft's deliberate change to {@code
     * IntNStringReceiver.resumeProducing} ({@code protocols_oracle_weft.py}), for only the programs where
     * that differs from Twisted's own answer.
     */
    static String weftTracesName(String programsName) {
        return programsName.replace(".json", "-weft.json");
    }

    /** Returns Twisted's traces of a program file, each replaced by its entry in the {@code -weft} file if any. */
    static List<Object> expectedOfWeft(String programsName) {
        List<?> twisted = (List<?>) Json.parse(read(tracesName(programsName)));
        Map<Object, Object> changed = new LinkedHashMap<>();
        for (Object w : (List<?>) Json.parse(read(weftTracesName(programsName)))) {
            changed.put(((Map<?, ?>) w).get("id"), w);
        }
        List<Object> expected = new ArrayList<>(twisted.size());
        for (Object t : twisted) {
            Object id = ((Map<?, ?>) t).get("id");
            expected.add(changed.getOrDefault(id, t));
            changed.remove(id);
        }
        if (!changed.isEmpty()) {
            throw new IllegalStateException(
                    weftTracesName(programsName) + " names programs Twisted did not run: " + changed.keySet());
        }
        return expected;
    }

    /**
     * Tells whether a program is in the domain of weft's change to {@code IntNStringReceiver}: an IntN
     * receiver whose {@code stringReceived} reaction calls {@code resumeProducing()}.
     */
    static boolean resumesInsideStringReceived(Map<?, ?> program) {
        if (!String.valueOf(program.get("proto")).startsWith("Int")) {
            return false;
        }
        Object react = program.get("react");
        if (!(react instanceof List<?> reactions)) {
            return false;
        }
        for (Object r : reactions) {
            Map<?, ?> reaction = (Map<?, ?>) r;
            if ("string".equals(reaction.get("on")) && reaction.get("ops") instanceof List<?> ops) {
                for (Object op : ops) {
                    if ("resume".equals(((Map<?, ?>) op).get("op"))) {
                        return true;
                    }
                }
            }
        }
        return false;
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
