package dev.weft.cli;

/**
 * Ends a command with a one-line message and an exit code: {@link #USAGE} (2) for bad input on the
 * command line, {@link #RUNTIME} (1) for a failure of the world (a port in use, a refused
 * connection, a missing file). The message names the problem and how to fix it; the command line
 * prints it as {@code weft COMMAND: message}, with the stack trace only under {@code --debug}.
 */
final class CliFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The exit code of a command that ran and failed. */
    static final int RUNTIME = 1;

    /** The exit code of a command line that cannot be run as written. */
    static final int USAGE = 2;

    /**
     * The exit code of a command whose standard output's reader went away (a closed pipe): 128 + SIGPIPE's 13, as a
     * shell reports {@code cat} or {@code grep} killed by SIGPIPE; the command prints nothing more.
     */
    static final int READER_GONE = 141;

    private final int exitCode;

    private CliFailure(int exitCode, String message, @org.jspecify.annotations.Nullable Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    static CliFailure usage(String message) {
        return new CliFailure(USAGE, message, null);
    }

    static CliFailure usage(String message, Throwable cause) {
        return new CliFailure(USAGE, message, cause);
    }

    static CliFailure runtime(String message) {
        return new CliFailure(RUNTIME, message, null);
    }

    static CliFailure runtime(String message, Throwable cause) {
        return new CliFailure(RUNTIME, message, cause);
    }

    /** Ends the command quietly with {@link #READER_GONE}: there is no one left to tell. */
    static CliFailure readerGone() {
        return new CliFailure(READER_GONE, "", null);
    }

    /** {@return whether the command ends without a word: its output's reader went away} */
    boolean quiet() {
        return exitCode == READER_GONE;
    }

    int exitCode() {
        return exitCode;
    }
}
