package dev.weft.internal.json;

/** Builds one JSON object on one line, members in the order added. Not API. Confined to the building thread. */
public final class JsonObject {
    private final StringBuilder text = new StringBuilder("{");

    /** Creates an empty object. */
    public JsonObject() {}

    /** Adds a string member. */
    public JsonObject put(String name, String value) {
        name(name);
        Json.writeString(value, text);
        return this;
    }

    /** Adds an integer member. */
    public JsonObject put(String name, long value) {
        name(name).append(value);
        return this;
    }

    /** Adds a boolean member. */
    public JsonObject put(String name, boolean value) {
        name(name).append(value);
        return this;
    }

    /** Adds a number member, with at most six decimals; NaN and infinities become {@code null}. */
    public JsonObject put(String name, double value) {
        Json.writeDouble(value, name(name));
        return this;
    }

    /** Adds an array of the first {@code count} integers of {@code values}. */
    public JsonObject put(String name, int[] values, int count) {
        StringBuilder out = name(name).append('[');
        for (int i = 0; i < count; i++) {
            out.append(i == 0 ? "" : ",").append(values[i]);
        }
        out.append(']');
        return this;
    }

    /** Adds a nested object, as built so far. */
    public JsonObject put(String name, JsonObject object) {
        name(name).append(object);
        return this;
    }

    /** Adds a {@code null} member. */
    public JsonObject putNull(String name) {
        name(name).append("null");
        return this;
    }

    /** Returns the object's JSON text. */
    @Override
    public String toString() {
        return text + "}";
    }

    private StringBuilder name(String name) {
        if (text.length() > 1) {
            text.append(',');
        }
        Json.writeString(name, text);
        return text.append(':');
    }
}
