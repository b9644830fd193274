package dev.weft.cli;

import dev.weft.defer.Deferred;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The open connections of a command (sink or tap), oldest first, and the Deferred that fires when an
 * interrupt has closed them all. Confined to the reactor thread.
 *
 * @param <C> the connection type
 */
final class OpenConnections<C> {
    private final Map<Integer, C> open = new LinkedHashMap<>();
    private @Nullable Deferred<Void> drained;

    void opened(int id, C connection) {
        open.put(id, connection);
    }

    /** Forgets a closed connection; call {@link #settle()} once it has been reported. */
    void forget(int id) {
        open.remove(id);
    }

    /** Fires the pending drain Deferred if no connection is open any more. */
    void settle() {
        Deferred<Void> d = drained;
        if (open.isEmpty() && d != null) {
            drained = null;
            d.callback(null);
        }
    }

    /** Interrupts every open connection; the returned Deferred fires once all have closed. */
    Deferred<Void> interruptAll(Consumer<C> interrupt) {
        if (open.isEmpty()) {
            return Deferred.succeed(null);
        }
        Deferred<Void> d = new Deferred<>();
        drained = d;
        for (C connection : new ArrayList<>(open.values())) {
            interrupt.accept(connection);
        }
        return d;
    }

    /** Returns a snapshot of the open connections, oldest first. */
    List<C> snapshot() {
        return new ArrayList<>(open.values());
    }
}
