package dev.weft.internal.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes JSON with no dependency, for weft's own tools. Objects parse to {@link LinkedHashMap}s, arrays to
 * {@link ArrayList}s, integers to {@link Long}s, other numbers to {@link Double}s. Not API. Thread-safe (stateless).
 */
public final class Json {
    /** The deepest nesting of arrays and objects {@link #parse} takes: deeper input would exhaust the stack. */
    static final int MAX_DEPTH = 512;

    private static final java.util.regex.Pattern NUMBER =
            java.util.regex.Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    private final String text;
    private int pos;
    private int depth;

    private Json(String text) {
        this.text = text;
    }

    /**
     * Parses one JSON value: a map, list, string, {@code Long}, {@code Double}, {@code Boolean} or null. Refuses what
     * it cannot hold exactly rather than change it: integers beyond 64 bits, numbers beyond a double's range, lone
     * surrogates, nesting deeper than 512.
     * @throws IllegalArgumentException if {@code text} is not one well-formed JSON value; the message names the offset
     */
    public static @Nullable Object parse(String text) {
        Json p = new Json(text);
        p.skipSpace();
        Object value = p.value();
        p.skipSpace();
        if (p.pos != text.length()) {
            throw p.error("trailing characters");
        }
        return value;
    }

    /**
     * Writes maps with string keys, iterables, strings, numbers, booleans or null as compact JSON (at most six
     * decimals).
     * @throws IllegalArgumentException if {@code value} holds anything else
     */
    public static String write(@Nullable Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    static void write(@Nullable Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof CharSequence s) {
            writeString(s, out);
        } else if (value instanceof Double || value instanceof Float) {
            writeDouble(((Number) value).doubleValue(), out);
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof JsonObject object) {
            out.append(object);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("JSON object keys must be strings, not " + e.getKey());
                }
                if (!first) {
                    out.append(',');
                }
                first = false;
                writeString(key, out);
                out.append(':');
                write(e.getValue(), out);
            }
            out.append('}');
        } else if (value instanceof Iterable<?> list) {
            out.append('[');
            boolean first = true;
            for (Object v : list) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                write(v, out);
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException(
                    "cannot write a " + value.getClass().getName() + " as JSON");
        }
    }

    static void writeDouble(double d, StringBuilder out) {
        if (!Double.isFinite(d)) {
            out.append("null");
            return;
        }
        out.append(String.format(Locale.ROOT, "%.6f", d).replaceAll("0+$", "").replaceAll("\\.$", ".0"));
    }

    static void writeString(CharSequence s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private @Nullable Object value() {
        char c = peek();
        return switch (c) {
            case '{', '[' -> nested(c);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> number();
        };
    }

    private Object nested(char open) {
        if (depth == MAX_DEPTH) {
            throw error("arrays and objects nested deeper than " + MAX_DEPTH + " levels (the most this reader takes)");
        }
        depth++;
        try {
            return open == '{' ? object() : array();
        } finally {
            depth--;
        }
    }

    private Map<String, @Nullable Object> object() {
        Map<String, @Nullable Object> map = new LinkedHashMap<>();
        pos++;
        skipSpace();
        if (peek() == '}') {
            pos++;
            return map;
        }
        while (true) {
            skipSpace();
            String key = string();
            skipSpace();
            expect(':');
            skipSpace();
            map.put(key, value());
            skipSpace();
            if (peek() == ',') {
                pos++;
                continue;
            }
            expect('}');
            return map;
        }
    }

    private List<@Nullable Object> array() {
        List<@Nullable Object> list = new ArrayList<>();
        pos++;
        skipSpace();
        if (peek() == ']') {
            pos++;
            return list;
        }
        while (true) {
            skipSpace();
            list.add(value());
            skipSpace();
            if (peek() == ',') {
                pos++;
                continue;
            }
            expect(']');
            return list;
        }
    }

    private String string() {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (true) {
            char c = peek();
            pos++;
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                pos--;
                throw error(
                        String.format(Locale.ROOT, "a raw control character U+%04X in a string", (int) c),
                        String.format(Locale.ROOT, "write it as \\u%04x", (int) c));
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = peek();
            pos++;
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    int escape = pos - 2;
                    char u = unicodeEscape();
                    if (Character.isHighSurrogate(u)) {
                        char low = text.startsWith("\\u", pos) ? lowEscape() : 0;
                        if (!Character.isLowSurrogate(low)) {
                            pos = escape;
                            throw loneSurrogate(
                                    u,
                                    low == 0
                                            ? "not followed by a \\u escape of a low surrogate"
                                            : "followed by \\u" + hex(low) + ", not a low surrogate");
                        }
                        out.append(u).append(low);
                    } else if (Character.isLowSurrogate(u)) {
                        pos = escape;
                        throw loneSurrogate(u, "with no high surrogate before it");
                    } else {
                        out.append(u);
                    }
                }
                case '"', '\\', '/' -> out.append(e);
                default -> throw error("bad escape \\" + e);
            }
        }
    }

    /** Reads the four hex digits of a unicode escape, just past its backslash and {@code u}. */
    private char unicodeEscape() {
        if (pos + 4 > text.length()) {
            throw error("truncated \\u escape");
        }
        int value = 0;
        for (int i = pos; i < pos + 4; i++) {
            int digit = Character.digit(text.charAt(i), 16);
            if (digit < 0 || text.charAt(i) > 'f') { // only ASCII hex digits, no sign
                throw error("bad \\u escape: '" + text.substring(pos, pos + 4) + "' is not four hex digits");
            }
            value = value * 16 + digit;
        }
        pos += 4;
        return (char) value;
    }

    private char lowEscape() {
        pos += 2;
        return unicodeEscape();
    }

    private IllegalArgumentException loneSurrogate(char c, String how) {
        return error(
                "a lone surrogate \\u" + hex(c) + ", " + how,
                "JSON text must be Unicode: escape a character above U+FFFF as a pair, like \\ud83d\\ude00");
    }

    private static String hex(char c) {
        return String.format(Locale.ROOT, "%04x", (int) c);
    }

    private Object number() {
        int start = pos;
        while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
        String n = text.substring(start, pos);
        if (n.isEmpty()) {
            throw error("unexpected character '" + text.charAt(pos) + "'");
        }
        if (!NUMBER.matcher(n).matches()) {
            pos = start;
            throw error("bad number " + n);
        }
        if (n.indexOf('.') >= 0 || n.indexOf('e') >= 0 || n.indexOf('E') >= 0) {
            double d = Double.parseDouble(n);
            if (Double.isInfinite(d)) {
                pos = start;
                throw error("number " + n + " is beyond a double's range (about 1.8e308)");
            }
            return d;
        }
        try {
            return Long.parseLong(n);
        } catch (NumberFormatException e) {
            pos = start;
            throw error(
                    "integer " + n + " does not fit 64 bits (-9223372036854775808 to 9223372036854775807)",
                    "write it as a string, or with an exponent to read it as a double");
        }
    }

    private @Nullable Object literal(String word, @Nullable Object value) {
        if (!text.startsWith(word, pos)) {
            throw error("expected " + word);
        }
        pos += word.length();
        return value;
    }

    private char peek() {
        if (pos >= text.length()) {
            throw error("unexpected end");
        }
        return text.charAt(pos);
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("malformed JSON: " + what + " at offset " + pos);
    }

    private IllegalArgumentException error(String what, String fix) {
        return new IllegalArgumentException("malformed JSON: " + what + " at offset " + pos + "; " + fix);
    }
}
