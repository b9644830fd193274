package dev.weft.internet.testing.capture;

/** Classifies how one leg of a proxied connection ended, as a close record stores it. */
public enum CloseKind {
    /** The leg closed cleanly (a {@code ConnectionDone}); code 0. */
    CLEAN("clean"),
    /** The connection was lost uncleanly, usually reset by the peer (a {@code ConnectionLost}); code 1. */
    RESET("reset"),
    /** The tap aborted the leg itself (a {@code ConnectionAborted}); code 2. */
    ABORTED("aborted"),
    /** The leg ended with another error, named in the reason; code 3. */
    ERROR("error"),
    /**
     * The tap could not connect to the server (for a TLS server, complete the handshake within the connect timeout);
     * only on the server leg; code 4.
     */
    CONNECT_FAILED("connect-failed"),
    /** The tap was stopped (SIGINT or SIGTERM) while the leg was open; code 5. */
    INTERRUPTED("interrupted");

    private final String label;

    CloseKind(String label) {
        this.label = label;
    }

    /** {@return the code this kind has in a capture file, 0 to 5} */
    public int code() {
        return ordinal();
    }

    /** {@return the word {@code weft dump} prints, e.g. {@code "connect-failed"}} */
    public String label() {
        return label;
    }

    /** Returns the kind with the given code; throws {@link CaptureFormatException} if none has it. */
    public static CloseKind ofCode(int code) {
        CloseKind[] all = values();
        if (code < 0 || code >= all.length) {
            throw new CaptureFormatException("close kind code must be 0.." + (all.length - 1) + ", not " + code);
        }
        return all[code];
    }
}
