package dev.weft.cli;

import dev.weft.internet.IAddress;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Runs the {@code weft} command line: {@code sink}, {@code send}, {@code tap}, {@code dump}, {@code
 * replay}, {@code import}, {@code help}, {@code completion}, {@code manpage}, {@code --help} and
 * {@code --version}.
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
    /** How to build each command, in the order help lists them. */
    private static final Map<String, Function<CliContext, Object>> BUILDERS = builders();

    /** The commands, in the order help lists them. */
    static final List<String> COMMANDS = List.copyOf(BUILDERS.keySet());

    /**
     * The commands that run without the model of the others: a command line that names one of them
     * builds only that one ({@code help}, {@code completion} and {@code manpage} describe every command).
     */
    private static final Set<String> STANDALONE = Set.of("sink", "send", "tap", "dump", "replay", "import");

    /** What a command says when its standard output cannot be written. */
    static final String OUTPUT_FAILED = "cannot write to standard output (a closed pipe or a full disk)";

    private final CliContext context;

    WeftCli(CliContext context) {
        this.context = context;
    }

    /**
     * Whether the command may run until a signal stops it, so that its exit status should say which signal: every
     * command but those that print and exit ({@code --version}, {@code help}, {@code --help}, {@code completion},
     * {@code manpage}) and {@code import}, which ends by itself.
     */
    static boolean runsUntilStopped(String[] args) {
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h") || a.equals("--version") || a.equals("-V")) {
                return false;
            }
        }
        if (args.length == 0) {
            return false;
        }
        return switch (args[0]) {
            case "help", "completion", "manpage", "import" -> false;
            default -> true;
        };
    }

    /**
     * Runs the command line as a program and exits the JVM with its exit code. SIGINT and SIGTERM
     * reach {@code sink} and {@code tap} through a shutdown hook, which lets them close their
     * listener, report what was open, print their summary and exit with 0 ({@code sink} with 128 +
     * the signal's number if it stopped before its {@code --expect} count).
     *
     * <p>Runs on the calling (main) thread.
     *
     * @param jvmArgs the arguments as the JVM decoded them, for example {@code sink --listen tcp:0}
     */
    public static void main(String[] jvmArgs) {
        // The arguments as the bytes they were (file names need them), text read as UTF-8; and output
        // in UTF-8, whatever the locale.
        String[] args = Arguments.recover(jvmArgs);
        PrintStream out = new StandardOutput(new FileOutputStream(FileDescriptor.out));
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        System.setOut(out); // so a command can tell that its output is the process's (SendCommand)
        Interrupter interrupter = new Interrupter();
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        Thread hook = new Thread(() -> onSignal(interrupter, exit, out, err), "weft-signal");
        Runtime.getRuntime().addShutdownHook(hook);
        boolean untilStopped = runsUntilStopped(args);
        if (untilStopped || (args.length > 0 && args[0].equals("import"))) {
            // let go at the first OutOfMemoryError, so that the command can still end; not for --version, help and
            // the like, whose start it would slow by touching the reserve's pages
            OutOfMemory.reserve();
        }
        if (untilStopped) {
            Signals.noteStops(); // some milliseconds of reflection: not for --version, help and the like
        }
        // Status and progress lines are drawn on standard error: whether it is a terminal decides.
        boolean terminal = Tty.isTerminal(2) && !"dumb".equals(System.getenv("TERM"));
        CliContext context = new CliContext(System.in, out, err, terminal, interrupter, address -> {});
        CliLogging.install(err, () -> context.debug);
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
        if ("--version".equals(commandNamed(args))) {
            // Printed without picocli, whose ~170 classes (Java 5 class files, which class-data sharing
            // cannot archive) are most of the start-up of a short command.
            try {
                for (String line : new WeftCommand.Version().getVersion()) {
                    context.out.println(line);
                }
                return outputChecked("weft", 0);
            } catch (java.io.IOException e) {
                context.err.println("weft: cannot read the version: " + Problems.io(e));
                return CliFailure.RUNTIME;
            } finally {
                context.out.flush();
            }
        }
        SendCommand plain = plainSend(context, args);
        if (plain != null) {
            try {
                return outputChecked("weft send", plain.call());
            } catch (Exception e) {
                return failed("weft send", e);
            } finally {
                context.out.flush();
                context.err.flush();
            }
        }
        CommandLine cli = commandLine(context, args);
        cli.setParameterExceptionHandler(this::onBadUsage);
        cli.setExecutionExceptionHandler(this::onFailure);
        try {
            int code = cli.execute(args);
            cli.getOut().flush(); // help and usage go through picocli's writer, which buffers
            return outputChecked(commandRun(cli), code);
        } catch (OutOfMemoryError e) { // one the command did not word itself
            OutOfMemory.release();
            String name = commandNamed(args);
            String command = name == null || name.startsWith("-") ? "weft" : "weft " + name;
            context.err.println(command + ": out of memory: the Java heap's " + OutOfMemory.heapMb()
                    + " MB was not enough; " + OutOfMemory.advice(name == null ? "COMMAND" : name, 0));
            if (context.debug) {
                e.printStackTrace(context.err);
            }
            return CliFailure.RUNTIME;
        } finally {
            context.out.flush();
            context.err.flush();
        }
    }

    /**
     * Returns {@code code}, or 1 with one line on standard error if the command succeeded but what it
     * printed could not all be written (a full disk, a closed pipe): {@link java.io.PrintStream} and
     * picocli's writer swallow write errors, so a {@code --help} or {@code --version} sent to
     * {@code /dev/full} would otherwise exit 0, as coreutils' commands do not.
     */
    private int outputChecked(String name, int code) {
        context.out.flush();
        if (code != 0 || !context.out.checkError()) {
            return code;
        }
        if (context.outputReaderGone()) {
            return CliFailure.READER_GONE; // as cat ends when its reader goes: quietly
        }
        context.err.println(name + ": " + OUTPUT_FAILED);
        return CliFailure.RUNTIME;
    }

    /** Returns the qualified name of the (sub)command that {@code cli} ran, {@code weft} if none. */
    private static String commandRun(CommandLine cli) {
        ParseResult result = cli.getParseResult();
        if (result == null) {
            return "weft";
        }
        while (result.subcommand() != null) {
            result = result.subcommand();
        }
        return result.commandSpec().qualifiedName();
    }

    /**
     * Builds the command tree for {@code args}: only the subcommand they name, or none for a bare
     * {@code --version}, since picocli reads every registered command's annotations by reflection
     * before it parses anything (most of a short command's start-up); all of them for anything else
     * (help, a mistyped command), so that help and suggestions list every command.
     */
    static CommandLine commandLine(CliContext context, String[] args) {
        String named = commandNamed(args);
        CommandLine cli = new CommandLine(new WeftCommand(context));
        BUILDERS.forEach((name, builder) -> {
            if (named == null || named.equals(name)) {
                cli.addSubcommand(name, builder.apply(context));
            }
        });
        cli.setOut(new PrintWriter(context.out, true));
        cli.setErr(new PrintWriter(context.err, true));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.registerConverter(java.nio.file.Path.class, FileNames::path);
        HelpLayout.install(cli);
        return cli;
    }

    private static Map<String, Function<CliContext, Object>> builders() {
        Map<String, Function<CliContext, Object>> builders = new LinkedHashMap<>();
        builders.put("sink", SinkCommand::new);
        builders.put("send", SendCommand::new);
        builders.put("tap", TapCommand::new);
        builders.put("dump", DumpCommand::new);
        builders.put("replay", ReplayCommand::new);
        builders.put("import", ImportCommand::new);
        builders.put("help", HelpCommand::new);
        builders.put("completion", CompletionCommand::new);
        builders.put("manpage", ManPageCommand::new);
        return builders;
    }

    /**
     * Returns the one subcommand {@code args} run (one that stands alone: {@code sink}, {@code send},
     * {@code tap}, {@code dump}, {@code replay}, {@code import}), {@code "--version"} when they only ask
     * for the version, or null otherwise.
     */
    static @org.jspecify.annotations.Nullable String commandNamed(String[] args) {
        boolean version = false;
        for (String arg : args) {
            switch (arg) {
                case "--debug":
                    break;
                case "--version", "-V":
                    version = true;
                    break;
                default:
                    return STANDALONE.contains(arg) && !version ? arg : null;
            }
        }
        return version ? "--version" : null;
    }

    /**
     * Returns the {@code send} that {@code send ENDPOINT [FILE]} runs when it has no option, set up as
     * picocli would set it up, or null for any other command line. That form, the commonest short
     * command, then starts without picocli (whose reflection over the command's annotations, and its
     * Java 5 class files that class-data sharing cannot archive, are most of its start-up); every option,
     * {@code --}, {@code @file} and every other command still go through picocli. {@code PlainSendTest}
     * checks that both ways set every option and parameter of {@link SendCommand} alike.
     */
    static @org.jspecify.annotations.Nullable SendCommand plainSend(CliContext context, String[] args) {
        if (args.length < 2 || args.length > 3 || !args[0].equals("send")) {
            return null;
        }
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            boolean stdin = i == 2 && arg.equals("-");
            if (arg.isEmpty() || (!stdin && (arg.startsWith("-") || arg.startsWith("@")))) {
                return null;
            }
        }
        SendCommand send = new SendCommand(context);
        send.endpoint = args[1];
        if (args.length == 3) {
            send.file = args[2];
        }
        return send;
    }

    private int onBadUsage(ParameterException e, String[] args) {
        String name = e.getCommandLine().getCommandSpec().qualifiedName();
        String message = Problems.oneLine(e.getMessage());
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched
                && e.getCommandLine().getCommandSpec().parent() == null
                && !unmatched.getUnmatched().isEmpty()
                && !unmatched.getUnmatched().get(0).startsWith("-")) {
            message = Problems.unknownCommand(unmatched.getUnmatched().get(0), COMMANDS);
        }
        context.err.println(name + ": " + message + " (see '" + name + " --help')");
        if (context.debug) {
            e.printStackTrace(context.err);
        }
        return CliFailure.USAGE;
    }

    private int onFailure(Exception e, CommandLine commandLine, ParseResult parseResult) {
        return failed(commandLine.getCommandSpec().qualifiedName(), e);
    }

    /** Prints why command {@code name} failed and returns its exit code. */
    private int failed(String name, Exception e) {
        if (e instanceof CliFailure failure) {
            if (failure.quiet()) {
                return failure.exitCode();
            }
            context.err.println(name + ": " + Problems.oneLine(failure.getMessage()));
            if (context.debug) {
                failure.printStackTrace(context.err);
            }
            return failure.exitCode();
        }
        context.err.println(name + ": internal error: " + Problems.oneLine(String.valueOf(e))
                + (context.debug ? "" : " (rerun with --debug for the stack trace)"));
        if (context.debug) {
            e.printStackTrace(context.err);
        }
        return CliFailure.RUNTIME;
    }

    private static void onSignal(
            Interrupter interrupter, CompletableFuture<Integer> exit, PrintStream out, PrintStream err) {
        int signal = Signals.last();
        if (exit.isDone() || !interrupter.interrupt(signal == 0 ? Signals.SIGINT : signal)) {
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
