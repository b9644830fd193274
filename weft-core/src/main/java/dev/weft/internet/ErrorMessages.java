package dev.weft.internet;

import org.jspecify.annotations.Nullable;

/** Builds the messages of the connection errors the way Twisted's {@code error.py} formats them. */
final class ErrorMessages {
    private ErrorMessages() {}

    /** Returns {@code summary}, then {@code ": " + detail} per non-empty detail, then one full stop. */
    static String describe(String summary, @Nullable String... details) {
        StringBuilder text = new StringBuilder(summary);
        for (String detail : details) {
            if (detail != null && !detail.isEmpty()) {
                text.append(": ").append(detail);
            }
        }
        if (text.length() == 0 || text.charAt(text.length() - 1) != '.') {
            text.append('.');
        }
        return text.toString();
    }

    /** Returns what a cause says about itself: its message, or its class name if it has none. */
    static @Nullable String of(@Nullable Throwable cause) {
        if (cause == null) {
            return null;
        }
        String message = cause.getMessage();
        return message == null || message.isEmpty() ? cause.getClass().getSimpleName() : message;
    }
}
