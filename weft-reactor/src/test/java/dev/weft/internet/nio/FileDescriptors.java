package dev.weft.internet.nio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Reads this process's open file descriptors and its limit from /proc (Linux). */
final class FileDescriptors {
    private FileDescriptors() {}

    /** Returns each open descriptor with what it points to. */
    static TreeMap<Integer, String> open() throws IOException {
        TreeMap<Integer, String> fds = new TreeMap<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc/self/fd"))) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                String target;
                try {
                    target = Files.readSymbolicLink(entry).toString();
                } catch (IOException e) {
                    continue; // closed while listing (the listing's own descriptor)
                }
                if (target.equals("/proc/" + ProcessHandle.current().pid() + "/fd")) {
                    continue; // the listing's own descriptor, whose number varies with what else is open
                }
                fds.put(Integer.parseInt(entry.getFileName().toString()), target);
            }
        }
        return fds;
    }

    /** Returns each open socket descriptor with what it points to ({@code socket:[inode]}). */
    static TreeMap<Integer, String> sockets() throws IOException {
        TreeMap<Integer, String> sockets = open();
        sockets.values().removeIf(target -> !target.startsWith("socket:"));
        return sockets;
    }

    /** Describes what {@code after} has that {@code before} did not. */
    static List<String> leaked(TreeMap<Integer, String> before, TreeMap<Integer, String> after) {
        List<String> leaked = new ArrayList<>();
        after.forEach((fd, target) -> {
            if (!target.equals(before.get(fd))) {
                leaked.add(fd + " -> " + target);
            }
        });
        return leaked;
    }

    /** Returns the soft limit on open files ("Max open files" in /proc/self/limits). */
    static long softLimit() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (line.startsWith("Max open files")) {
                String[] parts =
                        line.substring("Max open files".length()).trim().split("\\s+");
                return parts[0].equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(parts[0]);
            }
        }
        throw new IOException("no \"Max open files\" line in /proc/self/limits");
    }
}
