package dev.weft.internet.testing;

import dev.weft.defer.Failure;
import dev.weft.internet.ClientFactory;
import dev.weft.internet.IAddress;
import dev.weft.internet.IConnector;
import dev.weft.internet.IProtocol;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** A client factory that records every hook call, for the memory-reactor tests. */
class CountingClientFactory extends ClientFactory {
    final List<String> events = new ArrayList<>();
    final List<IConnector> startedConnectors = new ArrayList<>();
    final List<IAddress> builtFor = new ArrayList<>();

    @Nullable
    Failure failure;

    int starts;

    CountingClientFactory(Supplier<? extends IProtocol> protocol) {
        super(protocol);
        setNoisy(false);
    }

    @Override
    protected void startFactory() {
        starts++;
        events.add("startFactory");
    }

    @Override
    public void startedConnecting(IConnector connector) {
        startedConnectors.add(connector);
        events.add("startedConnecting");
    }

    @Override
    public @Nullable IProtocol buildProtocol(IAddress addr) {
        builtFor.add(addr);
        events.add("buildProtocol");
        return super.buildProtocol(addr);
    }

    @Override
    public void clientConnectionFailed(IConnector connector, Failure reason) {
        failure = reason;
        events.add("clientConnectionFailed");
    }

    @Override
    public void clientConnectionLost(IConnector connector, Failure reason) {
        events.add("clientConnectionLost");
    }
}
