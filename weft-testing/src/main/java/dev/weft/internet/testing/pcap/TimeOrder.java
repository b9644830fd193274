package dev.weft.internet.testing.pcap;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.jspecify.annotations.Nullable;

/**
 * Hands on the frames of a packet file in time order, equal times in the file's order, holding few: a frame waits only
 * as long as a frame to come could be earlier. How far back that is, the first pass over the file measures ({@link
 * Disorder}): over the whole file, and per source (a pcapng file's interface in its section). A pcapng file that gives
 * each interface its own run of blocks is out of order by nearly its whole span, but each interface in order: it is
 * read once per interface, each reader keeping its own interface's frames, and the readers are merged, so the frames
 * held are those within each interface's own disorder, not the file. Confined to the importing thread.
 */
final class TimeOrder implements Closeable {
    /** The most sources merged: past this many, the file is held as far back as it is out of order. */
    static final int MAX_SOURCES = 64;

    /** What the first pass learns of the file's order: how far back a frame comes after a later one, at most. */
    static final class Disorder {
        private long latest = Long.MIN_VALUE;
        private long lag;
        private boolean tooManySources;
        /** Per source: {its latest time, how far back its frames come}. */
        private final Map<Long, long[]> sources = new HashMap<>();

        /** Takes the next frame of the file, captured at {@code micros} on {@code source}. */
        void add(long micros, long source) {
            latest = Math.max(latest, micros);
            lag = Math.max(lag, latest - micros);
            if (tooManySources) {
                return;
            }
            long[] s = sources.get(source);
            if (s == null) {
                if (sources.size() == MAX_SOURCES) {
                    tooManySources = true;
                    sources.clear();
                    return;
                }
                sources.put(source, new long[] {micros, 0});
            } else {
                s[0] = Math.max(s[0], micros);
                s[1] = Math.max(s[1], s[0] - micros);
            }
        }

        /** Tells whether reading each source apart holds fewer frames: each is less out of order than the file. */
        boolean merge() {
            if (tooManySources || sources.size() < 2) {
                return false;
            }
            for (long[] s : sources.values()) {
                if (s[1] >= lag) {
                    return false;
                }
            }
            return true;
        }
    }

    private final List<PacketFileReader> readers;
    private final @Nullable Window single; // one reader, or
    private final PriorityQueue<Head> heads; // the next frame of each source, merged
    private long holding; // frames held, across the windows and the heads
    private long holdingBytes;
    private long most;
    private long mostBytes;

    /** Opens the file as {@code disorder} says: once, or once per source. */
    TimeOrder(PcapImport.Opener opener, Disorder disorder) throws IOException {
        readers = new ArrayList<>();
        heads = new PriorityQueue<>(
                Comparator.comparingLong((Head h) -> h.frame.frame().micros()).thenComparingLong(h -> h.frame.index()));
        try {
            if (disorder.merge()) {
                int buffer = Math.max(1 << 12, (1 << 16) / disorder.sources.size());
                for (Map.Entry<Long, long[]> s : disorder.sources.entrySet()) {
                    PacketFileReader reader = PcapImport.open(opener, buffer);
                    readers.add(reader);
                    Window w = new Window(reader, s.getKey(), s.getValue()[1]);
                    Indexed first = w.next();
                    if (first != null) {
                        hold(first.frame(), 1);
                        heads.add(new Head(first, w));
                    }
                }
                single = null;
            } else {
                PacketFileReader reader = PcapImport.open(opener, 1 << 16);
                readers.add(reader);
                single = new Window(reader, null, disorder.lag);
            }
        } catch (IOException | RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** Returns the next frame in time order, or null after the last. */
    @Nullable
    Frame next() throws IOException {
        if (single != null) {
            Indexed f = single.next();
            return f == null ? null : f.frame();
        }
        Head h = heads.poll();
        if (h == null) {
            return null;
        }
        hold(h.frame.frame(), -1);
        Indexed after = h.window.next();
        if (after != null) {
            hold(after.frame(), 1);
            heads.add(new Head(after, h.window));
        }
        return h.frame.frame();
    }

    /** {@return where the file was cut short inside its last record or block, as {@link PacketFileReader#cut()}} */
    @Nullable
    String cut() {
        return readers.get(0).cut();
    }

    /** {@return the most frames held at once to put them in order} */
    long mostHeld() {
        return most;
    }

    /** {@return the most bytes of frames held at once to put them in order} */
    long mostHeldBytes() {
        return mostBytes;
    }

    @Override
    public void close() throws IOException {
        IOException failed = null;
        for (PacketFileReader r : readers) {
            try {
                r.close();
            } catch (IOException e) {
                failed = e;
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    private void hold(Frame f, int sign) {
        holding += sign;
        holdingBytes += sign * (long) f.data().length;
        most = Math.max(most, holding);
        mostBytes = Math.max(mostBytes, holdingBytes);
    }

    /** A frame and its place in the file. */
    private record Indexed(Frame frame, long index) {}

    /** The next frame of one source, and where the ones after it come from. */
    private record Head(Indexed frame, Window window) {}

    /** The frames of one reader ({@code source}'s only, unless null) in time order, held within {@code lag}. */
    private final class Window {
        private final PacketFileReader reader;
        private final @Nullable Long source;
        private final long lag;
        private final PriorityQueue<Indexed> held = new PriorityQueue<>(
                Comparator.comparingLong((Indexed x) -> x.frame().micros()).thenComparingLong(Indexed::index));
        private long latest = Long.MIN_VALUE;
        private boolean done;

        Window(PacketFileReader reader, @Nullable Long source, long lag) {
            this.reader = reader;
            this.source = source;
            this.lag = lag;
        }

        @Nullable
        Indexed next() throws IOException {
            while (true) {
                Indexed first = held.peek();
                if (first != null && (done || lag == 0 || first.frame().micros() <= latest - lag)) {
                    held.poll();
                    hold(first.frame(), -1);
                    return first;
                }
                if (done) {
                    return null;
                }
                Frame f = reader.next();
                if (f == null) {
                    done = true;
                } else if (source == null || reader.source() == source) {
                    if (lag == 0) { // in order: nothing to hold
                        return new Indexed(f, reader.count() - 1);
                    }
                    held.add(new Indexed(f, reader.count() - 1));
                    hold(f, 1);
                    latest = Math.max(latest, f.micros());
                }
            }
        }
    }
}
