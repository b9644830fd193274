package dev.weft.internet.testing;

import dev.weft.internet.IAddress;
import dev.weft.internet.IProtocol;
import dev.weft.internet.ServerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** A server factory that records its start/stop and the addresses it builds protocols for. */
final class CountingServerFactory extends ServerFactory {
    final List<IAddress> builtFor = new ArrayList<>();
    int starts;
    int stops;

    CountingServerFactory(Supplier<? extends IProtocol> protocol) {
        super(protocol);
        setNoisy(false);
    }

    @Override
    protected void startFactory() {
        starts++;
    }

    @Override
    protected void stopFactory() {
        stops++;
    }

    @Override
    public @Nullable IProtocol buildProtocol(IAddress addr) {
        builtFor.add(addr);
        return super.buildProtocol(addr);
    }
}
