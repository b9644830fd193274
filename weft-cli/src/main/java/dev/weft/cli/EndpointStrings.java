package dev.weft.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads just enough of Twisted's endpoint syntax to keep the command's promise that it listens on
 * all interfaces only when asked: Twisted's {@code tcp:9000} means every IPv4 interface, weft's
 * command line reads it as {@code tcp:9000:interface=127.0.0.1}. Parsing proper is {@code
 * Endpoints}' job. Pure; thread-safe.
 */
final class EndpointStrings {
    private EndpointStrings() {}

    /** Returns {@code description} with {@code :interface=127.0.0.1} added to a TCP server endpoint that names no interface. */
    static String loopbackByDefault(String description) {
        List<String> parts = split(description);
        if (parts.size() < 2 || !parts.get(0).equals("tcp")) {
            return description;
        }
        int positional = 0;
        for (String part : parts.subList(1, parts.size())) {
            if (part.startsWith("interface=")) {
                return description;
            }
            if (!part.contains("=")) {
                positional++;
            }
        }
        return positional >= 2 ? description : description + ":interface=127.0.0.1";
    }

    /** Splits at colons that no backslash escapes; the parts keep their escapes. */
    static List<String> split(String description) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        for (int i = 0; i < description.length(); i++) {
            char c = description.charAt(i);
            if (c == '\\' && i + 1 < description.length()) {
                part.append(c).append(description.charAt(++i));
            } else if (c == ':') {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        parts.add(part.toString());
        return parts;
    }
}
