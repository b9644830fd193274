package dev.weft.cli;

import dev.weft.internal.json.JsonObject;
import dev.weft.internet.testing.capture.CaptureFormatException;
import dev.weft.internet.testing.capture.CaptureReader;
import dev.weft.internet.testing.capture.CaptureRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Runs {@code weft dump}: prints a capture file written by {@code weft tap} as text. */
@Command(
        name = "dump",
        mixinStandardHelpOptions = true,
        versionProvider = WeftCommand.Version.class,
        usageHelpAutoWidth = true,
        usageHelpWidth = 100,
        header = "Print a capture file as text.",
        description = {
            "Prints a capture recorded by weft tap, one line per record: +SECONDS since the capture began, #CONNECTION, and the event: open, connected, c>s or s>c data (client to server, server to client), half-close, close (which leg, how, by whom, why). A TLS leg stored as a reset is labelled no-close-notify, handshake-closed or no-close-notify-reply when its reason says the peer closed without a TLS close_notify (--json keeps \"kind\":\"reset\" and adds the label as \"closed\"). Data longer than 64 bytes is cut unless --full is given. A tcpdump or Wireshark capture (pcap, pcapng) is not read: weft import converts it, as the error says.",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  weft dump session.weftcap",
            "  weft dump --full --hex session.weftcap | less",
            "  weft dump session.weftcap | grep '#3 '     # one connection",
            "  weft dump --json session.weftcap | jq -c 'select(.event == \"close\")'",
        })
final class DumpCommand implements Callable<Integer> {
    private final CliContext context;

    @Parameters(index = "0", paramLabel = "FILE", description = "The capture file.")
    String file = "";

    @Option(names = "--full", description = "Show all the bytes of every data record.")
    boolean full;

    @Option(names = "--hex", description = "Add a hex dump under every data record.")
    boolean hex;

    @Option(
            names = "--json",
            description = "Print one JSON object per line: the header, then each record (data base64-encoded, whole).")
    boolean json;

    DumpCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        FileNames.requireName("FILE", file, "give a capture written by 'weft tap --record' or 'weft import'");
        long at = 0; // the offset of the record being read or printed, for an out-of-memory error
        try (CaptureReader reader = CaptureReader.open(FileNames.path(file))) {
            Instant started = Instant.EPOCH.plus(reader.startEpochMicros(), ChronoUnit.MICROS);
            context.out.println(
                    json
                            ? new JsonObject()
                                    .put("event", "capture")
                                    .put("version", reader.version())
                                    .put("started", started.toString())
                                    .toString()
                            : "weft capture version " + reader.version() + ", started " + started);
            at = reader.offset();
            for (CaptureRecord record = reader.next(); record != null; at = reader.offset(), record = reader.next()) {
                if (json) {
                    context.out.println(CaptureJson.line(record));
                } else {
                    for (String line : CaptureText.lines(record, full, hex)) {
                        context.out.println(line);
                    }
                }
                if (context.out.checkError()) {
                    throw context.outputFailed("");
                }
            }
            if (context.out.checkError()) {
                throw context.outputFailed("");
            }
            return 0;
        } catch (NoSuchFileException e) {
            throw CliFailure.runtime(
                    "cannot read " + FileNames.show(file) + ": no such file; give a capture written by 'weft tap"
                            + " --record'",
                    e);
        } catch (AccessDeniedException e) {
            throw CliFailure.runtime(
                    "cannot read " + FileNames.show(file) + ": permission denied; check the file's permissions", e);
        } catch (CaptureFormatException e) {
            String convert = convertPacketCapture(FileNames.show(file), FileNames.path(file));
            throw CliFailure.runtime(convert != null ? convert : FileNames.show(file) + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw CliFailure.runtime("cannot read " + FileNames.show(file) + ": " + Problems.io(e), e);
        } catch (OutOfMemoryError e) {
            OutOfMemory.release();
            throw CliFailure.runtime(outOfMemory(at), e);
        }
    }

    /**
     * Names the heap dump ran out of at the record at {@code at}, its size, and the heap to give: dump holds one record
     * at a time, and with {@code --full}, {@code --hex} or {@code --json} its text, several times its size.
     */
    private String outOfMemory(long at) {
        long length = recordLength(FileNames.path(file), at);
        long mb = (length + (1 << 20) - 1) >> 20;
        // measured with a 64 MB record: 160 MB of heap did plainly, 400 MB --full, 900 MB --json and --full --hex
        long times = hex || json ? 14 : full ? 7 : 3;
        return "out of memory: the Java heap's " + OutOfMemory.heapMb() + " MB cannot hold the record at offset " + at
                + " of " + FileNames.show(file) + (length > 0 ? " (" + Units.size(length) + ")" : "")
                + ", which dump holds whole" + (hex || full || json ? " with its text" : "") + "; "
                + OutOfMemory.advice("dump", mb * times + 64);
    }

    /** Reads the length field of the record at {@code at}, or 0 if it cannot. */
    private static long recordLength(Path path, long at) {
        try (InputStream in = Files.newInputStream(path)) {
            in.skipNBytes(at + 1);
            byte[] length = in.readNBytes(4);
            return length.length == 4
                    ? Integer.toUnsignedLong(ByteBuffer.wrap(length).getInt())
                    : 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * For a file that is a tcpdump or Wireshark capture, not a weft one: says so, and gives the {@code weft import}
     * that converts it ({@code name} is the file as the user gave it); null for any other file.
     */
    static @Nullable String convertPacketCapture(String name, Path path) {
        String kind = packetCapture(path);
        if (kind == null) {
            return null;
        }
        String target = name.replaceFirst("\\.(pcapng|pcap|cap)$", "") + ".weftcap";
        return name + " is " + kind + "; convert it with: weft import " + shellWord(name) + " --out "
                + shellWord(target);
    }

    /** Names the packet capture that {@code path} begins as (pcap or pcapng magic number), or null. */
    private static @Nullable String packetCapture(Path path) {
        byte[] head;
        try (InputStream in = Files.newInputStream(path)) {
            head = in.readNBytes(4);
        } catch (IOException e) {
            return null;
        }
        if (head.length < 4) {
            return null;
        }
        int magic = ByteBuffer.wrap(head).getInt();
        if (magic == 0x0A0D0D0A) {
            return "a packet capture (pcapng, as tcpdump, dumpcap and Wireshark write)";
        }
        for (int m : new int[] {magic, Integer.reverseBytes(magic)}) {
            if (m == 0xA1B2C3D4 || m == 0xA1B23C4D) {
                return "a tcpdump capture (pcap)";
            }
        }
        return null;
    }

    /** Quotes {@code word} for a POSIX shell when it holds anything but letters, digits and {@code _./:@%+=,-}. */
    static String shellWord(String word) {
        return word.matches("[A-Za-z0-9_./:@%+=,-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
