package dev.weft.protocols.tls;

import dev.weft.internet.IProtocol;
import dev.weft.internet.IReactorTime;
import dev.weft.internet.ITLSLayer;
import dev.weft.internet.ITLSStarter;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What to pass to {@code ITLSTransport.startTLS} for a clock other than the transport's, a task policy or
 * a handshake timeout; the options alone give inline tasks and the clock of the reactor the transport
 * runs on ({@link dev.weft.internet.IReactorBound}), as this starter does without {@link #withClock}.
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

    /** {@return a starter with {@code creator}, tasks inline and no clock; server options make this end the server} */
    public static StartTLS of(TLSConnectionCreator creator) {
        return new StartTLS(Objects.requireNonNull(creator, "creator"), DelegatedTasks.inline(), null, null);
    }

    /** {@return a new starter that runs the layer's timers and pull-producer loop on {@code c}, not the transport's} */
    public StartTLS withClock(IReactorTime c) {
        return new StartTLS(creator, tasks, Objects.requireNonNull(c, "clock"), handshakeTimeout);
    }

    /** {@return a new starter that runs delegated tasks per {@code policy}} */
    public StartTLS withTasks(DelegatedTasks policy) {
        return new StartTLS(creator, Objects.requireNonNull(policy, "policy"), clock, handshakeTimeout);
    }

    /** {@return a new starter that fails the connection if the handshake takes longer than {@code timeout}} */
    public StartTLS withHandshakeTimeout(IReactorTime c, Duration timeout) {
        return new StartTLS(
                creator, tasks, Objects.requireNonNull(c, "clock"), Objects.requireNonNull(timeout, "timeout"));
    }

    /** Makes the {@link TLSMemoryBIOProtocol} layer, which does not connect {@code connected} again. */
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

    /** {@return the options and whether there is a clock} */
    @Override
    public String toString() {
        return "StartTLS[" + creator + (clock == null ? ", no clock" : "") + "]";
    }
}
