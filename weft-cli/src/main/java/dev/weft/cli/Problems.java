package dev.weft.cli;

import dev.weft.internet.CannotListenError;
import dev.weft.internet.ConnectTimeoutError;
import dev.weft.internet.ConnectionRefusedError;
import dev.weft.internet.NoRouteError;
import dev.weft.internet.TCPTimedOutError;
import dev.weft.internet.UnknownHostError;
import dev.weft.internet.endpoints.EndpointDescription;
import dev.weft.internet.nio.UnixSocketFiles;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Turns the library's failures into the one-line messages the command prints: what went wrong, in
 * the user's terms (the endpoint they typed), and how to fix it. Thread-safe; pure but for looking at
 * what is at a {@code unix:} endpoint's path when a connect to it fails.
 */
final class Problems {
    private Problems() {}

    /**
     * Returns {@code message} on one line, its line breaks and the blanks around them made one space,
     * or {@code failed} for a null or blank message.
     */
    static String oneLine(@org.jspecify.annotations.Nullable String message) {
        if (message == null || message.isBlank()) {
            return "failed";
        }
        String stripped = message.strip();
        if (hasLineBreak(stripped)) {
            return stripped.replaceAll("\\s*\\R\\s*", " ");
        }
        return stripped; // the usual case, and sink's per-connection one: no regular expression compiled
    }

    /**
     * Tells whether {@code text} has one of the characters that {@code \R} matches. A search per
     * character ({@code indexOf} is one of the JIT's intrinsics), not a loop over the text: sink runs
     * this for every connection, often before its own code is compiled.
     */
    private static boolean hasLineBreak(String text) {
        return text.indexOf('\n') >= 0
                || text.indexOf('\r') >= 0
                || text.indexOf('\u000B') >= 0
                || text.indexOf('\f') >= 0
                || text.indexOf('\u0085') >= 0
                || text.indexOf('\u2028') >= 0
                || text.indexOf('\u2029') >= 0;
    }

    /** The one message for a command that does not exist, whether typed as {@code weft X} or {@code weft help X}. */
    static String unknownCommand(String command, Collection<String> commands) {
        return "unknown command '" + command + "': the commands are " + String.join(", ", commands);
    }

    /** Explains why listening on {@code endpoint} (given as {@code option}) failed. */
    static String cannotListen(String option, String endpoint, Throwable error) {
        String text = causeText(error).toLowerCase(Locale.ROOT);
        CannotListenError listen = cannotListenError(error);
        String why;
        if (listen != null && listen.reason() != null && unixPath(endpoint, "server") != null) {
            why = oneLine(listen.reason()); // the reactor's words: what is at the path, and what to do
        } else if (text.contains("in use")) {
            why = endpoint.startsWith("unix:")
                    ? "the socket file is in use or left over; remove it or choose another path"
                    : "address already in use: another program listens there; stop it or choose another port"
                            + " (tcp:0 picks a free one)";
        } else if (text.contains("assign requested address")) {
            why = "no interface of this machine has that address; "
                    + (listensOnIpv6(endpoint)
                            ? "use interface=[::1], or interface=[::] for all"
                            : "use interface=127.0.0.1, or 0.0.0.0 for all");
        } else if (text.contains("permission denied") || text.contains("access denied")) {
            why = "permission denied: ports below 1024 need privileges; choose a port above 1023";
        } else if (causedBy(error, java.net.UnknownHostException.class)) {
            why = unresolved("interface name") + " (0.0.0.0 for all)";
        } else {
            why = oneLine(error instanceof CannotListenError ? error.getMessage() : causeText(error));
        }
        return "cannot listen on " + endpoint + " (" + option + "): " + why;
    }

    /** Tells whether a server endpoint string listens on IPv6: {@code tcp6:}, or an interface with colons. */
    private static boolean listensOnIpv6(String endpoint) {
        try {
            EndpointDescription d = EndpointDescription.parse(endpoint, "server");
            String iface = d.get(-1, "interface");
            return d.type().equals("tcp6") || (iface != null && iface.indexOf(':') >= 0);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Says that a name ({@code host name}, {@code interface name}) could not be resolved, and what to do: the words of
     * {@code send}'s unknown host and of a listen interface that is no address.
     */
    static String unresolved(String what) {
        return "the " + what + " could not be resolved; check its spelling, or use an address like 127.0.0.1";
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Explains why the key or certificate of the {@code ssl:} string {@code endpoint} could not be read ({@code
     * detail}, the parser's words): a path given in it is to be checked; Twisted's default {@code server.pem}, read
     * when the string names no {@code privateKey=}, is to be replaced by one, or by {@code --self-signed} where the
     * command has it.
     */
    static String unreadableIdentity(String endpoint, String detail, boolean selfSignedOffered) {
        boolean named;
        try {
            named = EndpointDescription.parse(endpoint, "server").get(1, "privateKey") != null;
        } catch (IllegalArgumentException e) {
            named = true;
        }
        String fix = named
                ? "check the path given in the endpoint"
                : "give privateKey=KEY.pem (and certKey=CERT.pem)" + (selfSignedOffered ? ", or use --self-signed" : "")
                        + ": without privateKey= the key is read from server.pem, as in Twisted";
        return oneLine(detail) + "; " + fix;
    }

    private static @Nullable CannotListenError cannotListenError(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CannotListenError found) {
                return found;
            }
        }
        return null;
    }

    /**
     * Explains why connecting to {@code endpoint} failed; for a {@code unix:} one, from what is at its path (a socket
     * file nothing listens on, another kind of file, nothing).
     */
    static String cannotConnect(String endpoint, Throwable error) {
        String path = unixPath(endpoint, "client");
        String why = path == null ? null : cannotConnectUnix(path, error);
        return "cannot connect to " + endpoint + triedAddress(error) + ": "
                + (why != null ? why : cannotConnectWhy(error));
    }

    /** The reactor's words for the address a host name resolved to: {@code connecting to localhost:9 (::1)}. */
    private static final Pattern RESOLVED = Pattern.compile("connecting to \\S+ \\(([0-9A-Fa-f.:%]+)\\)");

    /**
     * Returns {@code " (tried 127.0.0.1)"} when the endpoint's host was a name and the reactor names the address it
     * connected to (the first the name resolved to), or {@code ""}.
     */
    private static String triedAddress(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            java.util.regex.Matcher m = RESOLVED.matcher(String.valueOf(t.getMessage()));
            if (m.find()) {
                String ip = m.group(1);
                return " (tried " + (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ")";
            }
        }
        return "";
    }

    private static @Nullable String cannotConnectUnix(String path, Throwable error) {
        String text = causeText(error).toLowerCase(Locale.ROOT);
        if (error instanceof ConnectionRefusedError || text.contains("refused")) {
            String what = fileType(path);
            if (what == null) {
                return "no socket file there; start the server first, or check the path";
            } else if (what.equals("socket")) {
                return "nothing listens on this socket file (left over from a server that stopped?); start the server"
                        + " or check the path";
            } else if (what.equals("directory")) {
                return "it is a directory, not a socket; give the path of the server's socket file";
            }
            return "it is a " + what + ", not a socket; check the path";
        } else if (text.contains("no such file")) {
            return "no socket file there; start the server first, or check the path";
        } else if (text.contains("permission denied")) {
            return "permission denied: this user may not use the socket file; check its permissions and its"
                    + " directory's";
        } else if (error instanceof UnknownHostError
                || error instanceof ConnectTimeoutError
                || error instanceof TCPTimedOutError
                || error instanceof NoRouteError) {
            return null;
        }
        // The reactor's message names the path again: say only what the OS said.
        Throwable cause = error.getCause();
        return cause != null && cause != error ? reason(cause) : null;
    }

    /**
     * Returns the socket path of a {@code unix:} endpoint string ({@code role}: server or client), or null for
     * another type or a malformed string.
     */
    static @Nullable String unixPath(String endpoint, String role) {
        try {
            EndpointDescription d = EndpointDescription.parse(endpoint, role);
            if (!d.type().equals("unix")) {
                return null;
            }
            String byPath = d.get(0, "path");
            return byPath != null ? byPath : d.get(-1, "address");
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Names what is at {@code path}, as {@link UnixSocketFiles#whatIsAt}; null also for a path that is no path. */
    private static @Nullable String fileType(String path) {
        try {
            return UnixSocketFiles.whatIsAt(Path.of(path));
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static String cannotConnectWhy(Throwable error) {
        String why;
        if (error instanceof ConnectionRefusedError) {
            why = "connection refused: nothing listens there; start the server first, or check the host and port";
        } else if (error instanceof UnknownHostError) {
            why = unresolved("host name");
        } else if (error instanceof ConnectTimeoutError || error instanceof TCPTimedOutError) {
            why = "timed out: the host did not answer; check that it is up and that no firewall drops the traffic";
        } else if (error instanceof NoRouteError) {
            why = "no route to host; check the address and the network";
        } else {
            String text = causeText(error);
            if (text.toLowerCase(Locale.ROOT).contains("no such file")) {
                why = "no socket file there; start the server first, or check the path";
            } else if (text.toLowerCase(Locale.ROOT).contains("refused")) {
                why = "connection refused: nothing listens there; start the server first, or check the path";
            } else {
                why = withoutDestination(error.getMessage() == null ? error.toString() : error.getMessage());
            }
        }
        return why;
    }

    /** Twisted's summary of a plain {@code ConnectError}, which adds nothing after "cannot connect to". */
    private static final String CONNECT_ERROR = "An error occurred while connecting";

    /**
     * The reactor's connect errors name the address they tried ({@code : connecting to 127.0.0.1:9000},
     * a bind error {@code before connecting to ...}), up to its advice after {@code ; } or the final full stop.
     */
    private static final Pattern DESTINATION = Pattern.compile("(?:: | before )connecting to .*?(?=; |\\.?$)");

    /**
     * Returns a connect error's message without the address the reactor names in it (the command's
     * message names the endpoint already), without Twisted's bare summary, and without a final full stop:
     * {@code Couldn't bind: Cannot assign requested address: binding to 192.0.2.1:0; choose ...}.
     */
    static String withoutDestination(String message) {
        String text = DESTINATION.matcher(oneLine(message)).replaceFirst("");
        if (text.startsWith(CONNECT_ERROR + ": ") || text.startsWith(CONNECT_ERROR + "; ")) {
            text = text.substring(CONNECT_ERROR.length() + 2);
        }
        if (text.endsWith(".")) {
            text = text.substring(0, text.length() - 1);
        }
        return text.isBlank() ? "failed" : text;
    }

    /**
     * Explains a connection to {@code endpoint} that was made, then failed as it started: the command's own
     * protocol threw from {@code connectionMade}, so the connection was closed. Not a connect failure: the
     * server answered.
     */
    static String failedAfterConnecting(String endpoint, Throwable error) {
        return "connected to " + endpoint + ", but the command failed as the connection started, and closed it: "
                + thrown(error);
    }

    /**
     * Describes an exception with its class, as for a fault of the command's own:
     * {@code IllegalStateException: no transport (caused by IOException: Bad file descriptor)}.
     */
    static String thrown(Throwable error) {
        String text = named(error);
        Throwable cause = error.getCause();
        if (cause != null && cause != error) {
            text += " (caused by " + named(cause) + ")";
        }
        return text;
    }

    private static String named(Throwable error) {
        String message = error.getMessage();
        String name = error.getClass().getSimpleName().isEmpty()
                ? error.getClass().getName()
                : error.getClass().getSimpleName();
        return message == null || message.isBlank() ? name : name + ": " + oneLine(message);
    }

    /** Explains a malformed endpoint string. */
    static String badEndpoint(String option, String endpoint, String detail, boolean server) {
        boolean tls = TlsListeners.isTls(endpoint) || endpoint.regionMatches(true, 0, "tls:", 0, 4);
        String example = server
                ? tls
                        ? "ssl:8443:privateKey=key.pem:certKey=cert.pem, or ssl:8443 with --self-signed"
                        : "tcp:9000:interface=127.0.0.1 or unix:/tmp/weft.sock"
                : tls
                        ? "tls:host=example.org:port=443, with :trustRoots=ca.pem to trust a CA of your own"
                        : "tcp:host=127.0.0.1:port=9000, tcp:host=[::1]:port=9000 or unix:/tmp/weft.sock";
        return "bad endpoint '" + endpoint + "'" + (option.isEmpty() ? "" : " for " + option) + ": " + oneLine(detail)
                + "; write it like " + example;
    }

    /**
     * Describes an I/O failure without exception class names: {@code /x/y: Not a directory}, or the
     * message, or the class's simple name when there is no message.
     */
    static String io(Throwable error) {
        if (error instanceof java.nio.file.FileSystemException fse) {
            String file = fse.getFile();
            return oneLine((file == null ? "" : file + ": ") + reason(error));
        }
        return reason(error);
    }

    /**
     * Describes an I/O failure without the file it names (for a message that names the user's own path
     * instead, not a temporary file's): {@code permission denied}, {@code No space left on device}.
     */
    static String reason(Throwable error) {
        if (error instanceof java.nio.file.FileSystemException fse) {
            String reason = fse.getReason();
            if (error instanceof java.nio.file.NoSuchFileException) {
                reason = "no such file or directory";
            } else if (error instanceof java.nio.file.AccessDeniedException) {
                reason = "permission denied";
            } else if (error instanceof java.nio.file.FileAlreadyExistsException) {
                reason = "already exists";
            } else if (error instanceof java.nio.file.NotDirectoryException) {
                reason = "not a directory";
            }
            return oneLine(reason == null ? "failed" : reason);
        }
        String message = error.getMessage();
        return oneLine(message == null || message.isBlank() ? error.getClass().getSimpleName() : message);
    }

    /**
     * Describes an exception and its causes in one line, without class names where a message says
     * it: {@code too many open files}, {@code OutOfMemoryError: Cannot reserve 1048576 bytes ...}.
     */
    static String chain(Throwable error) {
        StringBuilder text = new StringBuilder();
        String previous = null;
        for (Throwable t = error; t != null && t.getCause() != t; t = t.getCause()) {
            String message = t.getMessage();
            String part = message == null || message.isBlank()
                    ? t.getClass().getSimpleName()
                    : t instanceof Error ? t.getClass().getSimpleName() + ": " + message : message;
            if (previous == null || !previous.contains(part)) {
                text.append(text.length() == 0 ? "" : ": ").append(part);
            }
            previous = part;
        }
        return oneLine(text.toString());
    }

    private static String causeText(Throwable error) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause()) {
            text.append(t.getMessage())
                    .append(' ')
                    .append(t.getClass().getSimpleName())
                    .append(' ');
        }
        return text.toString();
    }
}
