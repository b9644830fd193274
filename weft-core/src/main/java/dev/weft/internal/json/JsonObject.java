package dev.weft.internal.json;

/**
 * Builds one JSON object on one line, in the order its members are added (the {@code weft} command's
 * {@code --json} lines). Written as {@link Json#write} writes. Not API (see the package).
 *
 * <p>Confined to the building thread.
 */
public final class JsonObject {
    private final StringBuilder text = new StringBuilder("{");

    /** Creates an empty object. */
    public JsonObject() {}

    /**
     * Adds a string member.
     *
     * @param name the member's name
     * @param value its value
     * @return this object
     */
    public JsonObject put(String name, String value) {
        name(name);
        Json.writeString(value, text);
        return this;
    }

    /**
     * Adds an integer member.
     *
     * @param name the member's name
     * @param value its value
     * @return this object
     */
    public JsonObject put(String name, long value) {
        name(name).append(value);
        return this;
    }

    /**
     * Adds a boolean member.
     *
     * @param name the member's name
     * @param value its value
     * @return this object
     */
    public JsonObject put(String name, boolean value) {
        name(name).append(value);
        return this;
    }

    /**
     * Adds a number member, with at most six decimals; NaN and infinities become {@code null}.
     *
     * @param name the member's name
     * @param value its value
     * @return this object
     */
    public JsonObject put(String name, double value) {
        Json.writeDouble(value, name(name));
        return this;
    }

    /**
     * Adds an array of the first {@code count} integers of {@code values}.
     *
     * @param name the member's name
     * @param values the integers
     * @param count how many of them
     * @return this object
     */
    public JsonObject put(String name, int[] values, int count) {
        StringBuilder out = name(name).append('[');
        for (int i = 0; i < count; i++) {
            out.append(i == 0 ? "" : ",").append(values[i]);
        }
        out.append(']');
        return this;
    }

    /**
     * Adds a nested object.
     *
     * @param name the member's name
     * @param object the object, as built so far
     * @return this object
     */
    public JsonObject put(String name, JsonObject object) {
        name(name).append(object);
        return this;
    }

    /**
     * Adds a {@code null} member.
     *
     * @param name the member's name
     * @return this object
     */
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
