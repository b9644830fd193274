package dev.weft.internet.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The faults of a connection and the seed of their random choices (slice sizes), as one value: {@code
 * Faults.parse("c>s:latency=20,s>c:slice=1-3,seed=7")}. At most one fault of each kind per direction; {@code refuse}
 * stands alone: otherwise the factories throw {@link IllegalArgumentException}. Immutable; thread-safe.
 */
public final class Faults {
    private static final Faults NONE = new Faults(List.of(), 0);

    private final List<Fault> faults;
    private final long seed;

    private Faults(List<Fault> faults, long seed) {
        this.faults = List.copyOf(faults);
        this.seed = seed;
    }

    /** Returns no faults, seed 0. */
    public static Faults none() {
        return NONE;
    }

    /** Returns the given faults with seed 0. */
    public static Faults of(Fault... faults) {
        return of(List.of(faults), 0);
    }

    /** Returns the given faults with a seed. */
    public static Faults of(List<Fault> faults, long seed) {
        for (int i = 0; i < faults.size(); i++) {
            Fault a = Objects.requireNonNull(faults.get(i), "fault");
            if (a.kind() == Fault.Kind.REFUSE && faults.size() > 1) {
                throw new IllegalArgumentException(
                        "refuse cannot be combined with other faults: a refused connection carries no bytes");
            }
            for (int j = 0; j < i; j++) {
                Fault b = faults.get(j);
                boolean overlap =
                        a.direction().covers(b.direction()) || b.direction().covers(a.direction());
                if (a.kind() == b.kind() && overlap) {
                    throw new IllegalArgumentException("two " + a.kind().text() + " faults on one direction ('" + b
                            + "' and '" + a + "'): keep one");
                }
            }
        }
        return new Faults(faults, seed);
    }

    /**
     * Parses the text form, e.g. {@code "c>s:latency=20, s>c:slice=1-3, seed=7"}: faults separated by commas,
     * optionally {@code seed=N}; empty for none.
     * @throws IllegalArgumentException naming the part that is wrong and the accepted forms
     */
    public static Faults parse(String text) {
        List<Fault> list = new ArrayList<>();
        long seed = 0;
        String seedPart = null;
        for (String part : text.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            if (p.startsWith("seed=")) {
                if (seedPart != null) {
                    throw new IllegalArgumentException(
                            "two seeds ('" + seedPart + "' and '" + p + "'): keep one; the seed is for all the faults");
                }
                seedPart = p;
                try {
                    String n = p.substring(5).strip();
                    if (!n.matches("[+-]?[0-9]+")) {
                        throw new NumberFormatException("not ASCII digits"); // parseLong takes any script's
                    }
                    seed = Long.parseLong(n);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad seed '" + p + "': write seed=N with a whole number", e);
                }
            } else {
                list.add(Fault.parse(p));
            }
        }
        return of(list, seed);
    }

    /** Returns the same faults with another seed. */
    public Faults withSeed(long newSeed) {
        return new Faults(faults, newSeed);
    }

    /** Returns these faults and one more. */
    public Faults and(Fault fault) {
        List<Fault> list = new ArrayList<>(faults);
        list.add(fault);
        return of(list, seed);
    }

    /** Returns the faults, in the order given. */
    public List<Fault> list() {
        return faults;
    }

    /** Returns the seed of every random choice. */
    public long seed() {
        return seed;
    }

    /** Returns the faults acting on the single direction {@code oneWay}, unprefixed ones included, refuse not. */
    public List<Fault> on(Direction oneWay) {
        return faults.stream()
                .filter(f -> f.kind() != Fault.Kind.REFUSE && f.direction().covers(oneWay))
                .collect(Collectors.toUnmodifiableList());
    }

    /** Returns the first fault of a kind acting on one direction, or null. */
    public @org.jspecify.annotations.Nullable Fault find(Direction oneWay, Fault.Kind kind) {
        for (Fault f : on(oneWay)) {
            if (f.kind() == kind) {
                return f;
            }
        }
        return null;
    }

    /**
     * Returns the {@code -after} limit that acts first on {@code oneWay} (the smallest; the first given of equal ones),
     * as a fault on that direction, so its text names both: {@code s>c:stall-after=20}. Null if there is none.
     */
    public @org.jspecify.annotations.Nullable Fault limit(Direction oneWay) {
        Fault smallest = null;
        for (Fault f : on(oneWay)) {
            if (f.kind().isLimit() && (smallest == null || f.value() < smallest.value())) {
                smallest = f;
            }
        }
        return smallest == null ? null : smallest.on(oneWay);
    }

    /** Tells whether the faults hold {@code refuse}. */
    public boolean refuses() {
        return faults.stream().anyMatch(f -> f.kind() == Fault.Kind.REFUSE);
    }

    /** Tells whether there are no faults. */
    public boolean isEmpty() {
        return faults.isEmpty();
    }

    /** Prints the text form, e.g. {@code c>s:latency=20,s>c:slice=1-3,seed=7}, which {@link #parse} reads back. */
    @Override
    public String toString() {
        String s = faults.stream().map(Fault::toString).collect(Collectors.joining(","));
        if (seed != 0) {
            s = s.isEmpty() ? "seed=" + seed : s + ",seed=" + seed;
        }
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Faults f && f.faults.equals(faults) && f.seed == seed;
    }

    @Override
    public int hashCode() {
        return faults.hashCode() * 31 + Long.hashCode(seed);
    }
}
