package dev.weft.cli;

import dev.weft.internet.testing.capture.CaptureRecord;
import dev.weft.internet.testing.capture.CaptureWriter;
import dev.weft.internet.testing.pcap.PcapFormatException;
import dev.weft.internet.testing.pcap.PcapImport;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Runs {@code weft import}: turns a tcpdump or Wireshark capture into a weft capture. */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        usageHelpWidth = 100,
        header = "Import the TCP conversations of a pcap or pcapng file as a weft capture.",
        description = {
            "Reassembles every TCP connection in FILE (written by tcpdump -w, dumpcap or Wireshark; Ethernet, Linux cooked, loopback or raw IP; IPv4 and IPv6): each direction's bytes in order with their times, retransmissions and overlaps kept once (first copy), out-of-order segments put in place, half-closes at FINs, closes at the last FIN or a RST. Writes the result to --out, which weft dump and weft replay read.",
            "What cannot be reassembled is reported on standard error, by connection, direction and offset, and the rest is kept: segments that were not captured (also at the end of a stream, and a whole direction when the capture was filtered to one: what the peer acknowledged but the capture lacks), retransmissions whose bytes differ from the copy captured first (which is kept), IP fragments, and frames cut by the snapshot length. A file cut short inside its last record (tcpdump killed mid-write) is imported up to it, with a warning naming the cut (exit 0, as for the other problems); packets a pcapng file's interface statistics say were dropped while capturing are a warning too. A file that cannot be read, or holds no TCP connection, writes nothing and says why (with what was found wrong). An existing --out is refused unless --force is given.",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  tcpdump -i lo -w session.pcap port 9000       # in another terminal, while the conversation runs",
            "  weft import session.pcap --out session.weftcap",
            "  weft import wireshark.pcapng --port 443 --host 10.0.0.7 --out tls.weftcap",
            "  weft replay session.weftcap --to tcp:host=127.0.0.1:port=9000",
        })
final class ImportCommand implements Callable<Integer> {
    private final CliContext context;

    @Parameters(index = "0", paramLabel = "FILE", description = "A pcap or pcapng file.")
    Path file = Path.of("");

    @Option(
            names = "--out",
            required = true,
            paramLabel = "FILE",
            description = "The weft capture to write; an existing file is refused unless --force is given.")
    Path out = Path.of("");

    @Option(
            names = "--force",
            description = "Replace --out if it exists (only once the new capture is complete, as tap --record does).")
    boolean force;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            description = "Keep only connections with this port (1 to 65535) at either end.")
    @org.jspecify.annotations.Nullable
    Integer port;

    @Option(
            names = "--host",
            paramLabel = "ADDRESS",
            description = "Keep only connections with this IPv4 or IPv6 address at either end.")
    String host = "";

    ImportCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        FileNames.requireName("FILE", file.toString(), "give a pcap or pcapng file, as tcpdump -w writes");
        FileNames.requireName("--out", out.toString(), "give the weft capture file to write");
        Integer only = port;
        if (only != null && (only < 1 || only > 65535)) {
            // 0 is no TCP port; read as "any" it would hide a mistake: leaving the option out says that.
            throw CliFailure.usage("--port must be 1 to 65535, not " + only + "; leave it out to keep every port");
        }
        if (isSameFile(file, out)) {
            throw CliFailure.usage("--out " + FileNames.show(out) + " is the pcap being imported; give another file");
        }
        checkOut();
        Path target = out.toAbsolutePath();
        Output output = new Output(
                createPart(java.util.Objects.requireNonNull(target.getParent(), "a file path has a directory")));
        PcapImport imported;
        try {
            imported = PcapImport.stream(file, only == null ? 0 : only, host.isEmpty() ? null : host, output);
        } catch (IllegalArgumentException e) {
            throw output.discard(CliFailure.usage("--host: " + e.getMessage(), e));
        } catch (NoSuchFileException e) {
            throw output.discard(CliFailure.runtime(
                    "cannot read " + FileNames.show(file) + ": no such file; give a capture written by tcpdump -w", e));
        } catch (AccessDeniedException e) {
            throw output.discard(CliFailure.runtime(
                    "cannot read " + FileNames.show(file) + ": permission denied; check the file's permissions", e));
        } catch (PcapFormatException e) {
            throw output.discard(
                    CliFailure.runtime(FileNames.show(file) + ": " + e.getMessage() + "; nothing was written", e));
        } catch (IOException e) {
            throw output.discard(CliFailure.runtime("cannot read " + FileNames.show(file) + ": " + Problems.io(e), e));
        } catch (OutOfMemoryError e) {
            OutOfMemory.release();
            throw output.discard(CliFailure.runtime(outOfMemory(e), e));
        }
        output.close();
        if (imported.connections() == 0) {
            // what was found wrong (frames cut at the snapshot length, fragments) is why there is no connection
            throw output.discard(CliFailure.runtime("no TCP connection in " + FileNames.show(file) + " ("
                    + Units.plural(imported.frames(), "packet")
                    + (only != null || !host.isEmpty() ? " read, none matching the --port and --host filters" : " read")
                    + imported.problems().stream().map(p -> "; " + p).collect(Collectors.joining())
                    + imported.warnings().stream().map(w -> "; " + w).collect(Collectors.joining())
                    + "); nothing was written"));
        }
        for (String warning : imported.warnings()) { // of the capture as a whole: before its connections' problems
            context.err.println("weft import: warning: " + warning);
        }
        for (String problem : imported.problems()) { // before the write's failure: it must not hide them
            context.err.println("weft import: warning: " + problem);
        }
        output.finish(target);
        context.out.println("imported " + Units.plural(imported.connections(), "connection") + " ("
                + Units.bytes(imported.clientBytes()) + " c>s, " + Units.bytes(imported.serverBytes()) + " s>c) from "
                + packets(imported, only) + " of " + FileNames.show(file) + " into "
                + FileNames.show(out)
                + (imported.problems().isEmpty()
                        ? ""
                        : "; " + Units.plural(imported.problems().size(), "problem") + " reported"));
        return 0;
    }

    /**
     * Counts the packets the capture was made from: {@code 43 packets} without a filter, else those that passed it of
     * all in the file, and the filter ({@code 7 of 15 packets (port 9000, host 10.0.0.3)}).
     */
    private String packets(PcapImport imported, @org.jspecify.annotations.Nullable Integer only) {
        if (only == null && host.isEmpty()) {
            return Units.plural(imported.frames(), "packet");
        }
        String filter = (only == null ? "" : "port " + only)
                + (only == null || host.isEmpty() ? "" : ", ")
                + (host.isEmpty() ? "" : "host " + host);
        return imported.framesKept() + " of " + Units.plural(imported.frames(), "packet") + " (" + filter + ")";
    }

    /**
     * Names the heap the import ran out of, what filled it, and how to raise it. An import holds one frame at a time,
     * but also about {@value #CONNECTION_KB} KB per open connection, the bytes that came after a missing segment (until
     * it comes, the peer acknowledges past it or 4 MiB wait), and the frames as far back as the file is out of time
     * order.
     */
    static String outOfMemory(OutOfMemoryError e) {
        String start = "out of memory: the import needed more than the Java heap's " + OutOfMemory.heapMb() + " MB";
        if (e instanceof PcapImport.OutOfHeap heap) {
            int open = heap.openConnections();
            long connectionsMb = open * CONNECTION_KB >> 10;
            long heldMb = Math.max(heap.heldBytes(), 0) >> 20;
            String advice = "; nothing was written; " + OutOfMemory.advice("import", 2 * (connectionsMb + heldMb) + 64);
            if (connectionsMb >= heldMb) {
                return start + ": it ran out with " + Units.plural(open, "connection") + " open at once (about "
                        + CONNECTION_KB + " KB each: their start was captured but not yet their end"
                        + (open >= 10_000 ? ", as in a SYN flood or a capture of a busy server" : "") + ")"
                        + (heap.heldBytes() < 0
                                ? ""
                                : ", holding " + Units.size(heap.heldBytes()) + " of their streams")
                        + advice;
            }
            return start + ": it ran out holding " + Units.size(heap.heldBytes()) + " of the streams of "
                    + Units.plural(open, "open connection") + " (bytes after a missing segment wait until it comes, the"
                    + " peer acknowledges past it or 4 MiB wait, and the last 4 MiB delivered are kept to compare retransmissions with)"
                    + advice;
        }
        return start + " (it holds about " + CONNECTION_KB + " KB per open connection, the bytes after a missing"
                + " segment until it comes or 4 MiB wait, and the frames as far back as the file is out of time order);"
                + " nothing was"
                + " written; " + OutOfMemory.advice("import", 0);
    }

    /** About what an open connection costs the import, measured with 60,000 connections opened by a SYN only. */
    static final long CONNECTION_KB = 1;

    /**
     * The capture being written, beside the target (renamed to it only once complete, so a failed import leaves no
     * partial capture). The file is created as any file a tool writes (mode 0666 less the umask, as {@code tap
     * --record}'s), not private as a temporary file would be; errors name the user's {@code --out}, never the
     * temporary file. A write that fails is remembered, and the import goes on to the end so that every problem of the
     * pcap is still reported before the failure.
     */
    private final class Output implements PcapImport.Sink {
        private final Path temp;
        private final OutputStream stream;
        private @org.jspecify.annotations.Nullable CaptureWriter writer;
        private @org.jspecify.annotations.Nullable IOException failed;

        Output(Path temp) {
            this.temp = temp;
            try {
                stream = Files.newOutputStream(temp);
            } catch (IOException e) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the first failure is the one to report
                }
                throw writeFailure(e);
            }
        }

        @Override
        public void start(long startEpochMicros) {
            try {
                writer = new CaptureWriter(stream, startEpochMicros);
            } catch (IOException e) {
                failed = e;
            }
        }

        @Override
        public void record(CaptureRecord record) {
            CaptureWriter w = writer;
            if (failed == null && w != null) {
                try {
                    w.write(record);
                } catch (IOException e) {
                    failed = e;
                }
            }
        }

        /** Flushes and closes the file, remembering a failure. */
        void close() {
            try {
                CaptureWriter w = writer;
                if (w != null) {
                    w.close();
                } else {
                    stream.close();
                }
            } catch (IOException e) {
                if (failed == null) {
                    failed = e;
                }
            }
        }

        /** Deletes the unfinished file, and returns {@code failure} to throw. */
        CliFailure discard(CliFailure failure) {
            close();
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the first failure is the one to report
            }
            return failure;
        }

        /** Renames the complete file to {@code target}, or throws the write's failure. */
        void finish(Path target) {
            IOException e = failed;
            if (e != null) {
                throw discard(writeFailure(e));
            }
            try {
                checkOut(); // again: the file may have come while the pcap was read
                if (force) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } else {
                    Files.move(temp, target); // fails, rather than replaces, if the file has come since
                }
            } catch (FileAlreadyExistsException x) {
                throw discard(force ? writeFailure(x) : exists());
            } catch (IOException x) {
                throw discard(writeFailure(x));
            } catch (CliFailure x) {
                throw discard(x);
            }
        }
    }

    private CliFailure writeFailure(IOException e) {
        String why = e instanceof NoSuchFileException
                ? "its directory does not exist; create it or choose another path"
                : e instanceof AccessDeniedException
                        ? "permission denied; choose a path you can write to"
                        : Problems.reason(e);
        return CliFailure.runtime(
                "cannot write --out " + FileNames.show(out) + ": " + why + "; nothing was written", e);
    }

    /** Refuses a directory as --out, and an existing file unless --force, before the pcap is read. */
    private void checkOut() {
        Path target = out.toAbsolutePath();
        if (Files.isDirectory(target)) {
            throw CliFailure.runtime("cannot write --out " + FileNames.show(out) + ": it is a directory; give a file"
                    + " path, e.g. " + FileNames.show(out.resolve("capture.weftcap")) + "; nothing was written");
        }
        if (!force && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw exists();
        }
    }

    private CliFailure exists() {
        return CliFailure.runtime("--out " + FileNames.show(out) + " exists; choose another path, or add --force to"
                + " replace it (it is replaced only once the new capture is complete)");
    }

    /**
     * Creates a new, hidden {@code .weft-import-N.part} in {@code directory} with the default mode. A
     * fixed prefix: the target's own name may not be writable as text (FileNames).
     */
    private Path createPart(Path directory) {
        try {
            return newPart(directory);
        } catch (IOException e) {
            throw writeFailure(e);
        }
    }

    private static Path newPart(Path directory) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path temp = directory.resolve(".weft-import-"
                    + Long.toUnsignedString(ThreadLocalRandom.current().nextLong()) + ".part");
            try {
                Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)
                        .close();
                return temp;
            } catch (FileAlreadyExistsException e) {
                if (attempt == 100) {
                    throw e;
                }
            }
        }
    }

    /** Tells whether {@code a} and {@code b} name one existing file (through links or other spellings). */
    private static boolean isSameFile(Path a, Path b) {
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b)
                    || a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        } catch (IOException e) {
            return false;
        }
    }
}
