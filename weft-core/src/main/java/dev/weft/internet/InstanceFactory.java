package dev.weft.internet;

import dev.weft.defer.Deferred;
import dev.weft.defer.Failure;
import org.jspecify.annotations.Nullable;

/** The factory behind {@link ClientCreator}: hands out one protocol and reports via a Deferred. */
final class InstanceFactory<P extends IProtocol> extends ClientFactory {
    private final IReactorTime clock;
    private final P instance;
    private final Deferred<P> result;
    private @Nullable IConnector connector;
    private @Nullable IDelayedCall pending;
    private boolean used;

    InstanceFactory(IReactorTime clock, P instance) {
        this.clock = clock;
        this.instance = instance;
        this.result = new Deferred<>(this::cancel);
        setNoisy(false);
    }

    Deferred<P> result() {
        return result;
    }

    void setConnector(IConnector connector) {
        this.connector = connector;
    }

    @Override
    public IProtocol buildProtocol(IAddress addr) {
        markUsed();
        pending = clock.callLater(0, () -> {
            pending = null;
            result.callback(instance);
        });
        return instance;
    }

    @Override
    public void clientConnectionFailed(IConnector connector, Failure reason) {
        markUsed();
        pending = clock.callLater(0, () -> {
            pending = null;
            result.errback(reason);
        });
    }

    private void markUsed() {
        if (used) {
            throw new IllegalStateException("a ClientCreator connection reports its outcome only once");
        }
        used = true;
    }

    private void cancel(Deferred<P> cancelled) {
        IConnector c = connector;
        if (c != null) {
            c.disconnect();
        }
        IDelayedCall call = pending;
        if (call != null) {
            call.cancel();
            pending = null;
        }
    }
}
