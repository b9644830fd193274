package dev.weft.defer.oracle;

import dev.weft.internal.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * One file of Deferred programs judged against Twisted, and Twisted's traces for it, both committed
 * beside this class ({@code NAME.programs.json} and {@code NAME.traces.json}; files over 100 KB as
 * {@code .json.gz}). The traces are what the oracle's {@code run} printed on Twisted 22.4; the {@code
 * twisted} profile ({@link DeferredDifferentialTest}) checks that the oracle still prints the same.
 *
 * @param name the file's base name
 * @param oracleArgs the oracle command that generates the programs, or empty when weft wrote them
 * @param gzipped whether the committed files are gzipped
 */
record ProgramSet(String name, List<String> oracleArgs, boolean gzipped) {
    static final int SEEDS = 5;
    static final int PROGRAMS_PER_SEED = 420;
    static final int STRESS_DEPTH = 100_000;

    /** Returns every committed set: the golden programs, weft's own, 5 seeds and the depth-100,000 chain. */
    static List<ProgramSet> all() {
        List<ProgramSet> sets = new ArrayList<>();
        sets.add(new ProgramSet("golden", List.of("golden"), false));
        sets.add(new ProgramSet("weft-golden", List.of(), false));
        for (int seed = 1; seed <= SEEDS; seed++) {
            sets.add(new ProgramSet(
                    "seed" + seed,
                    List.of("gen", "--n", String.valueOf(PROGRAMS_PER_SEED), "--seed", String.valueOf(seed)),
                    true));
        }
        sets.add(new ProgramSet(
                "stress-" + STRESS_DEPTH,
                List.of("stress", "--depth", String.valueOf(STRESS_DEPTH), "--program"),
                true));
        return sets;
    }

    @Override
    public String toString() {
        return name;
    }

    /** Tells whether the programs are built in Java ({@link StressProgram}) rather than committed. */
    boolean isStress() {
        return name.startsWith("stress-");
    }

    /** Returns the committed programs, parsed (the stress program is built, not read). */
    List<?> programs() {
        return isStress() ? StressProgram.of(STRESS_DEPTH) : (List<?>) Json.parse(read(programsFile()));
    }

    /** Returns Twisted's committed traces, parsed. */
    List<?> traces() {
        return (List<?>) Json.parse(read(tracesFile()));
    }

    /** Returns the committed programs file's name (absent for the stress set). */
    String programsFile() {
        return name + ".programs.json" + (gzipped ? ".gz" : "");
    }

    /** Returns the committed traces file's name. */
    String tracesFile() {
        return name + ".traces.json" + (gzipped ? ".gz" : "");
    }

    private static String read(String resource) {
        try (InputStream raw = ProgramSet.class.getResourceAsStream(resource)) {
            if (raw == null) {
                throw new IllegalStateException("test resource " + resource + " is missing beside "
                        + ProgramSet.class.getName() + "; regenerate it with mvn verify -Ptwisted -pl weft-core");
            }
            InputStream in = resource.endsWith(".gz") ? new GZIPInputStream(raw) : raw;
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
