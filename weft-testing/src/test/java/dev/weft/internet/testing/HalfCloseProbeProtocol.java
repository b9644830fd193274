package dev.weft.internet.testing;

import dev.weft.internet.IHalfCloseableProtocol;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A {@link ProbeProtocol} that also logs the two half-close callbacks. */
final class HalfCloseProbeProtocol extends ProbeProtocol implements IHalfCloseableProtocol {
    @Nullable
    Runnable onReadLost;

    HalfCloseProbeProtocol(String name, List<String> log) {
        super(name, log);
    }

    @Override
    public void readConnectionLost() {
        log.add(name + ":read-lost");
        if (onReadLost != null) {
            onReadLost.run();
        }
    }

    @Override
    public void writeConnectionLost() {
        log.add(name + ":write-lost");
    }
}
