package dev.weft.bench.sink;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The median, minimum and maximum of a few runs' figures.
 *
 * <p>Immutable; thread-safe.
 *
 * @param median the median (the mean of the middle two for an even count)
 * @param min the smallest figure
 * @param max the largest figure
 * @param count how many figures
 */
record Spread(double median, double min, double max, int count) {
    /** Summarises {@code values}; an empty list gives NaNs and a count of 0. */
    static Spread of(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (v.length == 0) {
            return new Spread(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        int mid = v.length / 2;
        double median = v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
        return new Spread(median, v[0], v[v.length - 1], v.length);
    }

    /** Formats as {@code median [min–max]}, three significant digits or whole numbers. */
    String show() {
        if (count == 0) {
            return "–";
        }
        if (count == 1) {
            return num(median);
        }
        return num(median) + " [" + num(min) + "–" + num(max) + "]";
    }

    /** Formats one figure: whole numbers from 100 up, three significant digits below. */
    static String num(double x) {
        if (Double.isNaN(x)) {
            return "–";
        }
        if (Math.abs(x) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", x);
        }
        return String.format(Locale.ROOT, "%.3g", x);
    }

    @Override
    public String toString() {
        return show() + " (n=" + count + ", " + Arrays.toString(new double[] {median, min, max}) + ")";
    }
}
