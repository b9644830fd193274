package dev.weft.protocols.tls;

import dev.weft.internet.IProtocol;
import dev.weft.internet.IReactorTime;
import dev.weft.internet.ITLSLayer;
import dev.weft.internet.ITLSStarter;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What to pass to {@code ITLSTransport.startTLS} when the TLS layer needs more than the options: the
 * reactor's clock (for the {@code close_notify} wait and a handshake timeout) and where delegated
 * tasks run. The options alone ({@code startTLS(serverOptions)}) give inline tasks and no timers.
 *
 * <pre>{@code
 * ISSLTransport tls = ((ITLSTransport) transport())
 *         .startTLS(StartTLS.of(serverOptions).withClock(reactor).withTasks(DelegatedTasks.offReactor(reactor)));
 * }</pre>
 *
 * <p>Immutable; thread-safe.
 */
public final class StartTLS implements ITLSStarter<ISSLTransport> {
    private final TLSConnectionCreator creator;
    private final DelegatedTasks tasks;
    private final @Nullable IReactorTime clock;
    private final @Nullable Duration handshakeTimeout;

    private StartTLS(
            TLSConnectionCreator creator,
            DelegatedTasks tasks,
            @Nullable IReactorTime clock,
            @Nullable Duration handshakeTimeout) {
        this.creator = creator;
        this.tasks = tasks;
        this.clock = clock;
        this.handshakeTimeout = handshakeTimeout;
    }

    /**
     * Starts TLS with {@code creator}, tasks inline and no clock.
     *
     * @param creator the options; a {@link TLSServerOptions} makes this end the TLS server
     * @return the starter
     */
    public static StartTLS of(TLSConnectionCreator creator) {
        return new StartTLS(Objects.requireNonNull(creator, "creator"), DelegatedTasks.inline(), null, null);
    }

    /**
     * Runs the layer's timers on {@code clock} (see {@link TLSMemoryBIOProtocol#withClock}).
     *
     * @param c the reactor's time
     * @return a new starter
     */
    public StartTLS withClock(IReactorTime c) {
        return new StartTLS(creator, tasks, Objects.requireNonNull(c, "clock"), handshakeTimeout);
    }

    /**
     * Runs the engine's delegated tasks per {@code policy}.
     *
     * @param policy e.g. {@link DelegatedTasks#offReactor}
     * @return a new starter
     */
    public StartTLS withTasks(DelegatedTasks policy) {
        return new StartTLS(creator, Objects.requireNonNull(policy, "policy"), clock, handshakeTimeout);
    }

    /**
     * Fails the connection if the handshake takes longer than {@code timeout} on {@code c}.
     *
     * @param c the reactor's time
     * @param timeout how long the handshake may take
     * @return a new starter
     */
    public StartTLS withHandshakeTimeout(IReactorTime c, Duration timeout) {
        return new StartTLS(
                creator, tasks, Objects.requireNonNull(c, "clock"), Objects.requireNonNull(timeout, "timeout"));
    }

    /**
     * Makes the layer: a {@link TLSMemoryBIOProtocol} that does not connect {@code connected} again.
     *
     * @param connected the protocol already connected to the transport
     * @return the layer
     */
    @Override
    public ITLSLayer<ISSLTransport> layerOver(IProtocol connected) {
        TLSMemoryBIOProtocol layer = new TLSMemoryBIOProtocol(creator, connected, tasks, false);
        IReactorTime c = clock;
        Duration t = handshakeTimeout;
        if (c != null) {
            layer.withClock(c);
            if (t != null) {
                layer.withHandshakeTimeout(c, t);
            }
        }
        return layer;
    }

    /**
     * Describes the starter.
     *
     * @return the options and whether there is a clock
     */
    @Override
    public String toString() {
        return "StartTLS[" + creator + (clock == null ? ", no clock" : "") + "]";
    }
}
