package dev.weft.internet.testing.capture;

/** Names one leg of a proxied connection: the client that connected to the tap, or the server the tap connected to. */
public enum Side {
    /** The client that connected to the tap's listening endpoint; its code in the file is 0. */
    CLIENT,
    /** The server the tap connected to (its {@code --to} endpoint); its code in the file is 1. */
    SERVER;

    /** {@return the code in a capture file: 0 for {@link #CLIENT}, 1 for {@link #SERVER}} */
    public int code() {
        return ordinal();
    }

    /** {@return the other side} */
    public Side other() {
        return this == CLIENT ? SERVER : CLIENT;
    }

    /** {@return the arrow {@code weft dump} prints for this side's data: {@code "c>s"} or {@code "s>c"}} */
    public String arrow() {
        return this == CLIENT ? "c>s" : "s>c";
    }

    /** Returns the side with the given code; throws {@link CaptureFormatException} unless it is 0 or 1. */
    public static Side ofCode(int code) {
        if (code == 0) {
            return CLIENT;
        }
        if (code == 1) {
            return SERVER;
        }
        throw new CaptureFormatException("side code must be 0 (client) or 1 (server), not " + code);
    }
}
