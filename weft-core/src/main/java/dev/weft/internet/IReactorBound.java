package dev.weft.internet;

import org.jspecify.annotations.Nullable;

/**
 * A transport that knows the reactor it runs on: Twisted's {@code transport.reactor}. A layer above it that was
 * given no clock of its own, such as a TLS layer, schedules its later turns and timers there, as Twisted's would on
 * the global reactor (weft has none). The reactor's connections and the memory kit's {@code FakeTransport}s given a
 * clock provide one.
 *
 * <p>Confined to the transport's thread.
 */
public interface IReactorBound {
    /** {@return the clock of the reactor this transport runs on (on a real reactor the reactor itself), or null} */
    @Nullable
    IReactorTime reactor();
}
