package dev.weft.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Is the top of the command tree: {@code weft [--debug] COMMAND ...}. */
@Command(
        name = "weft",
        mixinStandardHelpOptions = true,
        versionProvider = WeftCommand.Version.class,
        usageHelpAutoWidth = true,
        usageHelpWidth = 100,
        header = "Network tools on weft, Twisted's protocol model for Java.",
        description = {
            "A sink that accounts for every byte, a sender, and a recording proxy, each a thin layer over weft's reactor, its endpoints and AccumulatingProtocol.",
        },
        commandListHeading = "%nCommands:%n",
        footerHeading = "%nExamples:%n",
        footer = {
            "  weft sink                                    # listen on 127.0.0.1:9000, report connections",
            "  weft send tcp:host=127.0.0.1:port=9000 FILE  # send FILE, print the reply",
            "  weft tap --listen tcp:9001 --to tcp:host=127.0.0.1:port=9000 --record c.weftcap",
            "  weft dump c.weftcap                          # read a capture as text",
            "  weft replay c.weftcap --to tcp:host=127.0.0.1:port=9000   # replay, compare the answers",
            "  weft import tcpdump.pcap --out c.weftcap     # a pcap/pcapng file as a capture",
            "",
            "Endpoints use Twisted's syntax: tcp:PORT[:interface=ADDR] to listen (127.0.0.1 unless an",
            "interface is given), tcp:host=HOST:port=PORT to connect, unix:PATH for both (a listener's",
            "socket file is 0666, whatever the umask, unless :mode=600 or another mode is given).",
            "Exit codes: 0 success, 1 runtime failure, 2 bad usage, 130/143 a SIGINT/SIGTERM before",
            "sink's or tap's --expect count, 141 a closed pipe on standard output (as cat). 'weft COMMAND",
            "--help' for more.",
        })
final class WeftCommand implements Callable<Integer> {
    private final CliContext context;

    WeftCommand(CliContext context) {
        this.context = context;
    }

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print stack traces with error messages.")
    void setDebug(boolean debug) {
        context.debug = debug;
    }

    @Override
    public Integer call() {
        context.err.println("weft: a command is needed: sink, send, tap, dump, replay or import (see 'weft --help')");
        return CliFailure.USAGE;
    }

    /** Reads the version Maven wrote into {@code weft-version.properties}. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties properties = new Properties();
            try (InputStream in = WeftCommand.class.getResourceAsStream("weft-version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            }
            return new String[] {
                "weft " + properties.getProperty("version", "unknown"),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
            };
        }
    }
}
