package dev.weft.cli;

import dev.weft.internet.IAddress;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Runs the {@code weft} command line: {@code sink}, {@code send}, {@code tap}, {@code dump}, {@code
 * replay}, {@code import}, {@code
 * help}, {@code --help} and {@code --version}.
 *
 * <p>Exit codes: 0 success; 1 a runtime failure (a port in use, a refused connection, a missing
 * file, a connection that did not close cleanly for {@code send}); 2 a command line that cannot be
 * run as written (an unknown option, an unparsable endpoint or number). Failures print one line,
 * {@code weft COMMAND: what went wrong and how to fix it}, on standard error; {@code --debug} adds
 * the stack trace.
 *
 * <p>Each run uses its own reactor on a background thread and its own streams, so several runs may
 * go on at once in one JVM (as the tests do). The static methods are thread-safe.
 */
public final class WeftCli {
    private final CliContext context;

    WeftCli(CliContext context) {
        this.context = context;
    }

    /**
     * Runs the command line as a program and exits the JVM with its exit code. SIGINT and SIGTERM
     * reach {@code sink} and {@code tap} through a shutdown hook, which lets them close their
     * listener, report what was open, print their summary and exit with 0.
     *
     * <p>Runs on the calling (main) thread.
     *
     * @param args the arguments, for example {@code sink --listen tcp:0}
     */
    public static void main(String[] args) {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true);
        Interrupter interrupter = new Interrupter();
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        Thread hook = new Thread(() -> onSignal(interrupter, exit, out, err), "weft-signal");
        Runtime.getRuntime().addShutdownHook(hook);
        boolean terminal = System.console() != null && !"dumb".equals(System.getenv("TERM"));
        CliContext context = new CliContext(System.in, out, err, terminal, interrupter, address -> {});
        int code = new WeftCli(context).execute(args);
        exit.complete(code);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * Runs one command in-process, with the given streams, and returns its exit code. Nothing calls
     * {@code System.exit}, and no signal handler is installed. Standard error is not treated as a
     * terminal, so no live status or progress line is drawn.
     *
     * <p>Blocks the calling thread until the command ends; thread-safe.
     *
     * @param args the arguments, for example {@code send tcp:host=127.0.0.1:port=9000 -}
     * @param in what the command reads as standard input
     * @param out where it writes its output
     * @param err where it writes errors and diagnostics
     * @return 0 on success, 1 on a runtime failure, 2 on bad usage
     */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        return run(args, in, out, err, new Interrupter(), address -> {}, false);
    }

    /** Runs in-process with an interrupter, a listening hook and a terminal flag of the caller's. */
    static int run(
            String[] args,
            InputStream in,
            PrintStream out,
            PrintStream err,
            Interrupter interrupter,
            Consumer<IAddress> onListening,
            boolean terminal) {
        return new WeftCli(new CliContext(in, out, err, terminal, interrupter, onListening)).execute(args);
    }

    int execute(String[] args) {
        CommandLine cli = commandLine(context);
        cli.setParameterExceptionHandler(this::onBadUsage);
        cli.setExecutionExceptionHandler(this::onFailure);
        try {
            return cli.execute(args);
        } finally {
            context.out.flush();
            context.err.flush();
        }
    }

    static CommandLine commandLine(CliContext context) {
        CommandLine cli = new CommandLine(new WeftCommand(context));
        cli.addSubcommand("sink", new SinkCommand(context));
        cli.addSubcommand("send", new SendCommand(context));
        cli.addSubcommand("tap", new TapCommand(context));
        cli.addSubcommand("dump", new DumpCommand(context));
        cli.addSubcommand("replay", new ReplayCommand(context));
        cli.addSubcommand("import", new ImportCommand(context));
        cli.addSubcommand("help", new CommandLine.HelpCommand());
        cli.setOut(new PrintWriter(context.out, true));
        cli.setErr(new PrintWriter(context.err, true));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli;
    }

    private int onBadUsage(ParameterException e, String[] args) {
        String name = e.getCommandLine().getCommandSpec().qualifiedName();
        context.err.println(name + ": " + oneLine(e.getMessage()) + " (see '" + name + " --help')");
        if (context.debug) {
            e.printStackTrace(context.err);
        }
        return CliFailure.USAGE;
    }

    private int onFailure(Exception e, CommandLine commandLine, ParseResult parseResult) {
        String name = commandLine.getCommandSpec().qualifiedName();
        if (e instanceof CliFailure failure) {
            context.err.println(name + ": " + oneLine(failure.getMessage()));
            if (context.debug) {
                failure.printStackTrace(context.err);
            }
            return failure.exitCode();
        }
        context.err.println(name + ": internal error: " + oneLine(String.valueOf(e))
                + (context.debug ? "" : " (rerun with --debug for the stack trace)"));
        if (context.debug) {
            e.printStackTrace(context.err);
        }
        return CliFailure.RUNTIME;
    }

    static String oneLine(@org.jspecify.annotations.Nullable String message) {
        if (message == null || message.isBlank()) {
            return "failed";
        }
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    private static void onSignal(
            Interrupter interrupter, CompletableFuture<Integer> exit, PrintStream out, PrintStream err) {
        if (exit.isDone() || !interrupter.interrupt()) {
            return; // a normal exit, or a command with no interrupt handling: die as usual
        }
        int code;
        try {
            code = exit.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            err.println("weft: did not stop within 30 s of the signal; exiting");
            code = CliFailure.RUNTIME;
        }
        out.flush();
        err.flush();
        Runtime.getRuntime().halt(code);
    }
}
