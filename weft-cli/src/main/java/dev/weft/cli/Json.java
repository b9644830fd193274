package dev.weft.cli;

import java.util.Locale;

/**
 * Builds one JSON object on one line, in the order its members are added: the {@code --json} output
 * of {@code sink} and {@code tap}. Confined to the building thread.
 */
final class Json {
    private final StringBuilder text = new StringBuilder("{");

    Json put(String name, String value) {
        return name(name).quote(value);
    }

    Json put(String name, long value) {
        name(name).text.append(value);
        return this;
    }

    Json put(String name, double value) {
        name(name);
        if (Double.isFinite(value)) {
            text.append(String.format(Locale.ROOT, "%.6f", value)
                    .replaceAll("0+$", "")
                    .replaceAll("\\.$", ".0"));
        } else {
            text.append("null");
        }
        return this;
    }

    Json put(String name, boolean value) {
        name(name).text.append(value);
        return this;
    }

    Json put(String name, Json object) {
        name(name).text.append(object);
        return this;
    }

    Json put(String name, int[] values, int count) {
        name(name).text.append('[');
        for (int i = 0; i < count; i++) {
            text.append(i == 0 ? "" : ",").append(values[i]);
        }
        text.append(']');
        return this;
    }

    Json putNull(String name) {
        name(name).text.append("null");
        return this;
    }

    @Override
    public String toString() {
        return text + "}";
    }

    private Json name(String name) {
        if (text.length() > 1) {
            text.append(',');
        }
        return quote(name).colon();
    }

    private Json colon() {
        text.append(':');
        return this;
    }

    private Json quote(String s) {
        text.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> text.append("\\\"");
                case '\\' -> text.append("\\\\");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                case '\t' -> text.append("\\t");
                default -> {
                    if (c < 0x20) {
                        text.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        text.append(c);
                    }
                }
            }
        }
        text.append('"');
        return this;
    }
}
