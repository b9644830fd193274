package dev.weft.internet.endpoints;

import dev.weft.internet.Addresses;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Parses an endpoint string in Twisted's syntax (see {@link Endpoints}) and checks its arguments; bad ones throw {@link
 * IllegalArgumentException}s naming the wrong part. Immutable; thread-safe.
 */
public final class EndpointDescription {
    private final String text;
    private final String role;
    private final String type;
    private final List<String> positional;
    private final Map<String, String> keywords;

    private EndpointDescription(
            String text, String role, String type, List<String> positional, Map<String, String> keywords) {
        this.text = text;
        this.role = role;
        this.type = type;
        this.positional = positional;
        this.keywords = keywords;
    }

    /**
     * Splits {@code text} into its type and arguments; {@code role} ({@code "server"}, {@code "client"}) is for
     * messages.
     * @throws IllegalArgumentException if the string is malformed
     */
    public static EndpointDescription parse(String text, String role) {
        String what = role + " endpoint \"" + text + "\"";
        if (text.isEmpty()) {
            throw new IllegalArgumentException(
                    "the " + role + " endpoint description is empty; expected e.g. \"tcp:8080\" or \"unix:/path\"");
        }
        List<String[]> args = new ArrayList<>();
        List<int[]> spans = new ArrayList<>(); // where each argument's value is in the text
        StringBuilder current = new StringBuilder();
        String key = null;
        int valueStart = 0;
        boolean bracketed = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (bracketed) {
                // An IPv6 literal in brackets, [::1]: its colons are part of it. The brackets are kept.
                current.append(c);
                bracketed = c != ']';
            } else if (c == '[' && current.length() == 0) {
                current.append(c);
                bracketed = true;
            } else if (c == '\\') {
                if (i + 1 == text.length()) {
                    throw new IllegalArgumentException(what + " ends with a lone backslash; write \\\\ for a"
                            + " backslash, \\: for a colon, \\= for an equals sign");
                }
                current.append(text.charAt(++i));
            } else if (c == ':') {
                args.add(new String[] {key, current.toString()});
                spans.add(new int[] {valueStart, i});
                key = null;
                current.setLength(0);
                valueStart = i + 1;
            } else if (c == '=' && key == null) {
                key = current.toString();
                current.setLength(0);
                valueStart = i + 1;
            } else {
                current.append(c);
            }
        }
        if (bracketed) {
            throw new IllegalArgumentException(
                    what + " opens a '[' that no ']' closes; write an IPv6 address as" + " [::1]");
        }
        args.add(new String[] {key, current.toString()});
        spans.add(new int[] {valueStart, text.length()});
        String[] first = args.get(0);
        if (first[0] != null || first[1].isEmpty()) {
            throw new IllegalArgumentException(
                    what + " does not start with an endpoint type; expected e.g. \"tcp:\" or" + " \"unix:\"");
        }
        refuseUnbracketedIpv6(text, role, first[1].toLowerCase(Locale.ROOT), args, spans);
        List<String> positional = new ArrayList<>();
        Map<String, String> keywords = new LinkedHashMap<>();
        for (String[] arg : args.subList(1, args.size())) {
            if (arg[0] == null) {
                positional.add(arg[1]);
            } else if (arg[0].isEmpty()) {
                throw new IllegalArgumentException(
                        what + " has an argument \"=" + arg[1] + "\" with no name before" + " the '='");
            } else if (keywords.put(arg[0], arg[1]) != null) {
                throw new IllegalArgumentException(what + " gives \"" + arg[0] + "\" twice");
            }
        }
        return new EndpointDescription(
                text, role, first[1].toLowerCase(Locale.ROOT), List.copyOf(positional), keywords);
    }

    /**
     * Refuses an IPv6 address written without brackets ({@code tcp:host=::1:port=9}): its colons split it into
     * arguments, which would otherwise be reported as whatever those pieces break (a host given twice, too many
     * positional arguments). Looks for an argument that, joined by colons with the unnamed ones after it, is an IPv6
     * address, and names the string with the brackets added. A {@code unix:} path is a path, whatever it looks like.
     */
    private static void refuseUnbracketedIpv6(
            String text, String role, String type, List<String[]> args, List<int[]> spans) {
        if (type.equals("unix")) {
            return;
        }
        for (int i = 1; i < args.size(); i++) {
            StringBuilder joined = new StringBuilder(args.get(i)[1]);
            int found = -1;
            for (int j = i + 1; j < args.size() && args.get(j)[0] == null; j++) {
                joined.append(':').append(args.get(j)[1]);
                if (looksLikeIpv6(joined.toString())) {
                    found = j; // the longest run that is an address: "::1" rather than "::"
                }
            }
            if (found >= 0) {
                int start = spans.get(i)[0];
                int end = spans.get(found)[1];
                String address = text.substring(start, end);
                throw new IllegalArgumentException(type + " " + role + " endpoint \"" + text + "\" has the IPv6"
                        + " address " + address + " without brackets, so its colons split it; an IPv6 address needs"
                        + " brackets: " + text.substring(0, start) + "[" + address + "]" + text.substring(end)
                        + " (or each colon escaped, as in Twisted: " + text.substring(0, start)
                        + address.replace(":", "\\:") + text.substring(end) + ")");
            }
        }
    }

    /** Tells whether {@code text} is an IPv6 address: hex groups and colons (a dotted IPv4 tail allowed), with a "::" or eight groups. */
    private static boolean looksLikeIpv6(String text) {
        if (!text.contains("::") && text.split(":", -1).length != 8) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.digit(c, 16) < 0 && c != ':' && c != '.') {
                return false;
            }
        }
        return Addresses.isIPv6Literal(text);
    }

    /** {@return the endpoint type, lower-cased, e.g. {@code "tcp"}} */
    public String type() {
        return type;
    }

    /**
     * Checks that no argument outside {@code names} is given, the first {@code positionalCount} of which may be
     * positional.
     * @throws IllegalArgumentException naming the extra or unknown argument
     */
    public void allow(int positionalCount, String... names) {
        if (positional.size() > positionalCount) {
            throw error("has " + positional.size() + " positional arguments, but a " + type + " " + role
                    + " endpoint takes at most " + positionalCount + " ("
                    + String.join(", ", Arrays.asList(names).subList(0, positionalCount))
                    + "); name the others, as key=value");
        }
        List<String> known = Arrays.asList(names);
        for (String k : keywords.keySet()) {
            if (!known.contains(k)) {
                throw error("has an unknown argument \"" + k + "\"; a " + type + " " + role + " endpoint takes "
                        + String.join(", ", names));
            }
        }
    }

    /** Returns the argument at {@code position} (-1: none) or named {@code name}, or null; not both. */
    public @Nullable String get(int position, String name) {
        String byPosition = position >= 0 && position < positional.size() ? positional.get(position) : null;
        String byName = keywords.get(name);
        if (byPosition != null && byName != null) {
            throw error("gives " + name + " twice, as the positional argument \"" + byPosition + "\" and as " + name
                    + "=" + byName);
        }
        return byPosition != null ? byPosition : byName;
    }

    /** Returns a required argument ({@code position} -1: keyword only), not absent or empty. */
    public String require(int position, String name, String example) {
        String value = get(position, name);
        if (value == null || value.isEmpty()) {
            throw error("has no " + name + "; expected e.g. \"" + example + "\"");
        }
        return value;
    }

    /** Parses an integer argument in {@code radix} (10, or 8 for a file mode) from {@code min} to {@code max}. */
    public int integer(String name, String value, int min, int max, int radix) {
        int n;
        try {
            n = Integer.parseInt(value, radix);
        } catch (NumberFormatException e) {
            throw error(name + " must be " + (radix == 8 ? "an octal" : "an") + " integer in "
                    + rangeText(min, max, radix) + ", not \"" + value + "\"");
        }
        if (n < min || n > max) {
            throw error(name + " must be in " + rangeText(min, max, radix) + ", not " + value);
        }
        return n;
    }

    private static String rangeText(int min, int max, int radix) {
        return Integer.toString(min, radix) + ".." + Integer.toString(max, radix);
    }

    /** Parses a positive finite number of seconds; throws {@link IllegalArgumentException} otherwise. */
    public double seconds(String name, String value) {
        double d;
        try {
            d = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            d = Double.NaN;
        }
        if (Double.isNaN(d) || Double.isInfinite(d) || d <= 0) {
            throw error(name + " must be a positive number of seconds, e.g. 30 or 2.5, not \"" + value + "\"");
        }
        return d;
    }

    /** Returns an exception naming the whole string and {@code problem}, a predicate such as {@code "has no port"}. */
    public IllegalArgumentException error(String problem) {
        return new IllegalArgumentException(type + " " + role + " endpoint \"" + text + "\" " + problem);
    }
}
