package dev.weft.internet.testing;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * One fault on a connection, as a value: what goes wrong, in which direction. Used in memory by {@link FaultyPump} and
 * on real sockets by {@code weft tap --fault}.
 *
 * <p>The text form, read by {@link #parse(String)} and printed by {@link #toString()}, is one of {@code latency=MS}
 * or {@code latency=MS~JITTER} (MS give or take JITTER, drawn from the seed per write), {@code bandwidth=BYTES/s},
 * {@code slice=MIN-MAX}, {@code close-after=N}, {@code reset-after=N}, {@code stall-after=N}, {@code
 * half-close-after=N}, {@code slow-close=MS} or {@code refuse}, optionally after a {@code c>s:} or {@code s>c:} {@link
 * Direction} prefix (without one it acts on both). Byte counts (N, MIN, MAX) and rates (BYTES) are read by {@link
 * ByteSizes}: a number of bytes, optionally with K, M, G or T, binary ({@code 1K} is 1024 bytes), as the {@code weft}
 * command's sizes are; {@link #toString()} prints plain bytes ({@code bandwidth=10240/s} for {@code bandwidth=10K}).
 * Byte counts are per connection and direction; durations are whole milliseconds ({@code ms}, {@code s}, {@code m} or
 * {@code h} may follow), at most a year in the text form.
 * Immutable; thread-safe.
 */
public final class Fault {
    /** What a fault does. */
    public enum Kind {
        /** Delay every write by a fixed time, or by one drawn from a range around it (a jitter). */
        LATENCY("latency", "MS"),
        /** Limit the rate in bytes per second. */
        BANDWIDTH("bandwidth", "BYTES/s"),
        /** Cut every write into seeded pieces. */
        SLICE("slice", "MIN-MAX"),
        /** Close cleanly after N bytes. */
        CLOSE_AFTER("close-after", "N"),
        /** Reset after N bytes. */
        RESET_AFTER("reset-after", "N"),
        /** Stop delivering after N bytes, holding the rest. */
        STALL_AFTER("stall-after", "N"),
        /** Close this direction only (half-close) after N bytes. */
        HALF_CLOSE_AFTER("half-close-after", "N"),
        /** Delay the end of stream. */
        SLOW_CLOSE("slow-close", "MS"),
        /** Refuse the connection. */
        REFUSE("refuse", "");

        private final String text;
        private final String argument;

        Kind(String text, String argument) {
            this.text = text;
            this.argument = argument;
        }

        /** Returns the kind's name in the text form, e.g. {@code "close-after"}. */
        public String text() {
            return text;
        }

        /** Returns the usage form, for example {@code close-after=N}. */
        String usage() {
            return argument.isEmpty() ? text : text + "=" + argument;
        }

        /** Tells whether this kind ends the direction after a byte count (the {@code -after} kinds). */
        public boolean isLimit() {
            return this == CLOSE_AFTER || this == RESET_AFTER || this == STALL_AFTER || this == HALF_CLOSE_AFTER;
        }
    }

    /** The longest {@code latency}, jitter or {@code slow-close} the text form takes: a year of 366 days, in ms. */
    public static final long MOST_MILLIS = 366L * 24 * 3600 * 1000;

    /** Every form the parser accepts, for error messages. */
    static final String USAGE = "latency=MS[~JITTER], bandwidth=BYTES/s, slice=MIN-MAX, close-after=N, reset-after=N,"
            + " stall-after=N, half-close-after=N, slow-close=MS or refuse, optionally after c>s: or s>c: (sizes"
            + " take K, M, G or T: 1K = 1024)";

    private final Direction direction;
    private final Kind kind;
    private final long value;
    private final long max;
    private final long jitter;

    private Fault(Direction direction, Kind kind, long value, long max, long jitter) {
        this.direction = direction;
        this.kind = kind;
        this.value = value;
        this.max = max;
        this.jitter = jitter;
    }

    private Fault(Direction direction, Kind kind, long value, long max) {
        this(direction, kind, value, max, 0);
    }

    /** Returns a fault that delays every write by {@code delay}. */
    public static Fault latency(Duration delay) {
        return latency(delay, Duration.ZERO);
    }

    /**
     * Returns a fault that delays each write by {@code delay} give or take {@code jitter}: a whole number of
     * milliseconds drawn evenly from {@code delay - jitter} to {@code delay + jitter}, both included, from the seed of
     * the {@link Faults}. A later write never arrives before an earlier one: one whose draw would overtake the write
     * before it arrives together with that write.
     * @throws IllegalArgumentException if either is negative, or the jitter is more than the delay
     */
    public static Fault latency(Duration delay, Duration jitter) {
        long ms = notNegative(delay.toMillis(), "latency");
        long j = notNegative(jitter.toMillis(), "jitter");
        if (j > ms) {
            throw new IllegalArgumentException("the jitter (" + j + " ms) is more than the latency (" + ms
                    + " ms), so a write would arrive before it was sent: give a jitter of at most the latency ("
                    + "latency=" + j + "~" + j + " draws 0 to " + 2 * j + " ms)");
        }
        return new Fault(Direction.BOTH, Kind.LATENCY, ms, 0, j);
    }

    /** Returns a fault letting at most {@code bytesPerSecond} (at least 1) through each second. */
    public static Fault bandwidth(long bytesPerSecond) {
        if (bytesPerSecond < 1) {
            throw new IllegalArgumentException("bandwidth must be at least 1 byte/s, got " + bytesPerSecond
                    + "; to let nothing through use stall-after=0");
        }
        return new Fault(Direction.BOTH, Kind.BANDWIDTH, bytesPerSecond, 0);
    }

    /** Returns a fault that cuts every write into pieces of {@code min} (at least 1) to {@code max} bytes. */
    public static Fault slice(int min, int max) {
        if (min < 1 || max < min) {
            throw new IllegalArgumentException(
                    "slice=" + min + "-" + max + " is not a range of piece sizes: need 1 <= MIN <= MAX");
        }
        return new Fault(Direction.BOTH, Kind.SLICE, min, max);
    }

    /** Returns a fault that closes the connection cleanly once {@code bytes} have passed. */
    public static Fault closeAfter(long bytes) {
        return new Fault(Direction.BOTH, Kind.CLOSE_AFTER, notNegative(bytes, "close-after"), 0);
    }

    /** Returns a fault that resets the connection once {@code bytes} have passed. */
    public static Fault resetAfter(long bytes) {
        return new Fault(Direction.BOTH, Kind.RESET_AFTER, notNegative(bytes, "reset-after"), 0);
    }

    /** Returns a fault that holds everything after the first {@code bytes}. */
    public static Fault stallAfter(long bytes) {
        return new Fault(Direction.BOTH, Kind.STALL_AFTER, notNegative(bytes, "stall-after"), 0);
    }

    /** Returns a fault that ends the direction (a half-close) once {@code bytes} have passed. */
    public static Fault halfCloseAfter(long bytes) {
        return new Fault(Direction.BOTH, Kind.HALF_CLOSE_AFTER, notNegative(bytes, "half-close-after"), 0);
    }

    /** Returns a fault that delays the end of stream by {@code delay}. */
    public static Fault slowClose(Duration delay) {
        return new Fault(Direction.BOTH, Kind.SLOW_CLOSE, notNegative(delay.toMillis(), "slow-close"), 0);
    }

    /** Returns the fault that refuses the connection. */
    public static Fault refuse() {
        return new Fault(Direction.BOTH, Kind.REFUSE, 0, 0);
    }

    /** Returns a copy of this fault acting on {@code on}; throws {@link IllegalArgumentException} for refuse. */
    public Fault on(Direction on) {
        if (kind == Kind.REFUSE && on != Direction.BOTH) {
            throw new IllegalArgumentException("refuse acts on the whole connection: write it without c>s: or s>c:");
        }
        return new Fault(Objects.requireNonNull(on, "on"), kind, value, max, jitter);
    }

    /** Returns this fault on the client-to-server direction ({@code c>s:}). */
    public Fault clientToServer() {
        return on(Direction.CLIENT_TO_SERVER);
    }

    /** Returns this fault on the server-to-client direction ({@code s>c:}). */
    public Fault serverToClient() {
        return on(Direction.SERVER_TO_CLIENT);
    }

    /** Parses a fault's text form, e.g. {@code s>c:slice=1-3}; an error names what is wrong and the accepted forms. */
    public static Fault parse(String text) {
        String t = text.strip();
        Direction direction = Direction.BOTH;
        int colon = t.indexOf(':');
        if (colon >= 0) {
            direction = Direction.ofPrefix(t.substring(0, colon).strip());
            t = t.substring(colon + 1).strip();
        }
        int eq = t.indexOf('=');
        String name = (eq < 0 ? t : t.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
        String arg = eq < 0 ? null : t.substring(eq + 1).strip();
        Kind kind = null;
        for (Kind k : Kind.values()) {
            if (k.text.equals(name)) {
                kind = k;
            }
        }
        if (kind == null) {
            String shell = name.equals("c") || name.equals("s")
                    ? " (in a shell, '>' redirects: quote the spec, e.g. --fault 'c>s:latency=50')"
                    : "";
            throw new IllegalArgumentException("unknown fault '" + text + "': expected " + USAGE + shell);
        }
        if (kind == Kind.REFUSE) {
            if (arg != null) {
                throw new IllegalArgumentException("refuse takes no value, got '" + text + "'");
            }
            return refuse().on(direction);
        }
        if (arg == null || arg.isEmpty()) {
            throw new IllegalArgumentException("fault '" + text + "' needs a value: write " + kind.usage());
        }
        try {
            Fault f = switch (kind) {
                case LATENCY -> {
                    int tilde = arg.indexOf('~');
                    long ms = millis(tilde < 0 ? arg : arg.substring(0, tilde), "latency");
                    long j = tilde < 0 ? 0 : millis(arg.substring(tilde + 1), "jitter");
                    yield latency(Duration.ofMillis(ms), Duration.ofMillis(j));
                }
                case BANDWIDTH -> bandwidth(ByteSizes.parseRate(arg));
                case SLICE -> {
                    int dash = arg.indexOf('-');
                    long lo = ByteSizes.parse(dash < 0 ? arg : arg.substring(0, dash));
                    long hi = dash < 0 ? lo : ByteSizes.parse(arg.substring(dash + 1));
                    if (Math.max(lo, hi) > Integer.MAX_VALUE) {
                        throw new IllegalArgumentException("slice sizes must fit an int, got " + Math.max(lo, hi));
                    }
                    yield slice((int) lo, (int) hi);
                }
                case CLOSE_AFTER -> closeAfter(ByteSizes.parse(arg));
                case RESET_AFTER -> resetAfter(ByteSizes.parse(arg));
                case STALL_AFTER -> stallAfter(ByteSizes.parse(arg));
                case HALF_CLOSE_AFTER -> halfCloseAfter(ByteSizes.parse(arg));
                case SLOW_CLOSE -> slowClose(Duration.ofMillis(millis(arg, "slow-close")));
                case REFUSE -> throw new AssertionError("handled above");
            };
            return f.on(direction);
        } catch (IllegalArgumentException e) {
            String usage = kind == Kind.LATENCY && arg.contains("~") ? "latency=MS~JITTER" : kind.usage();
            throw new IllegalArgumentException(
                    "bad fault '" + text + "': " + e.getMessage() + " (write " + usage + ")", e);
        }
    }

    /** Returns the direction this fault acts on; {@link Direction#BOTH} when the text had no prefix. */
    public Direction direction() {
        return direction;
    }

    /** Returns what this fault does. */
    public Kind kind() {
        return kind;
    }

    /** Returns the fault's number: milliseconds, bytes per second, a byte count, the smallest slice, or 0 (refuse). */
    public long value() {
        return value;
    }

    /** Returns the largest piece of a slice, 0 for the other kinds. */
    public long max() {
        return max;
    }

    /** Returns a latency's jitter in milliseconds (each delay is {@link #value()} give or take it), 0 for the rest. */
    public long jitter() {
        return jitter;
    }

    /** Prints the text form, e.g. {@code c>s:close-after=10}, which {@link #parse(String)} reads back. */
    @Override
    public String toString() {
        String prefix = direction == Direction.BOTH ? "" : direction.prefix() + ":";
        String arg = switch (kind) {
            case REFUSE -> "";
            case BANDWIDTH -> "=" + value + "/s";
            case SLICE -> "=" + value + "-" + max;
            case LATENCY -> "=" + value + (jitter == 0 ? "" : "~" + jitter);
            default -> "=" + value;
        };
        return prefix + kind.text + arg;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fault f
                && f.direction == direction
                && f.kind == kind
                && f.value == value
                && f.max == max
                && f.jitter == jitter;
    }

    @Override
    public int hashCode() {
        return Objects.hash(direction, kind, value, max, jitter);
    }

    /**
     * Reads the milliseconds of a {@code latency=MS}, its jitter or {@code slow-close=MS}: a bare number is
     * milliseconds; {@code ms}, {@code s}, {@code m} or {@code h} may follow it ({@code 20s}, {@code 1.5s}); at most
     * {@link #MOST_MILLIS}: a delay of centuries is a typo, not a fault to run.
     */
    private static long millis(String s, String what) {
        String t = s.strip().toLowerCase(Locale.ROOT);
        long unit = 1;
        for (String[] u : new String[][] {{"ms", "1"}, {"s", "1000"}, {"m", "60000"}, {"h", "3600000"}}) {
            if (t.endsWith(u[0])) {
                unit = Long.parseLong(u[1]);
                t = t.substring(0, t.length() - u[0].length()).strip();
                break;
            }
        }
        BigDecimal ms;
        try {
            if (!t.chars().allMatch(c -> c < 0x80)) {
                throw new NumberFormatException("digits other than ASCII's"); // BigDecimal takes any script's
            }
            ms = new BigDecimal(t).multiply(BigDecimal.valueOf(unit));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "'" + s.strip() + "' is not a duration: milliseconds, or a number with ms, s, m or h, like 200"
                            + " (milliseconds) or 1.5s");
        }
        if (ms.signum() < 0) {
            throw new IllegalArgumentException(what + " must not be negative, got " + s.strip());
        }
        if (ms.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException(what + " is a whole number of milliseconds, not " + shown(ms, s));
        }
        if (ms.compareTo(BigDecimal.valueOf(MOST_MILLIS)) > 0) {
            throw new IllegalArgumentException(
                    what + " is 0 to " + MOST_MILLIS + " ms (a year of 366 days), not " + shown(ms, s));
        }
        return ms.longValueExact();
    }

    /** Writes {@code ms} out in full when that is short; 1e999999999 as given, not as a billion digits. */
    private static String shown(BigDecimal ms, String given) {
        return (long) ms.precision() + Math.abs((long) ms.scale()) <= 40 ? ms.toPlainString() : given.strip();
    }

    private static long notNegative(long n, String what) {
        if (n < 0) {
            throw new IllegalArgumentException(what + " must not be negative, got " + n);
        }
        return n;
    }
}
