package dev.weft.internet.testing;

import dev.weft.internet.IAddress;
import dev.weft.internet.IConnector;
import dev.weft.internet.IReactorTime;
import org.jspecify.annotations.Nullable;

/**
 * Twisted's {@code _FakeConnector}: the connector a {@link MemoryReactor} returns. It connects to nothing and calls no
 * factory; it only remembers whether it was told to stop or disconnect. Confined to the test thread.
 */
public final class FakeConnector implements IConnector {
    private final IAddress destination;
    private final @Nullable IReactorTime reactorTime;
    private boolean stoppedConnecting;
    private boolean disconnected;

    /** Creates a connector for {@code destination}. */
    public FakeConnector(IAddress destination) {
        this(destination, null);
    }

    /** Creates a connector for {@code destination} whose {@link #reactorTime()} is {@code reactorTime} (or null). */
    public FakeConnector(IAddress destination, @Nullable IReactorTime reactorTime) {
        this.destination = destination;
        this.reactorTime = reactorTime;
    }

    /** Records that the attempt was stopped; never throws and calls nothing. */
    @Override
    public void stopConnecting() {
        stoppedConnecting = true;
    }

    /** Records that the connector was told to disconnect; calls nothing. */
    @Override
    public void disconnect() {
        disconnected = true;
    }

    /** Does nothing: a fake connector never makes a new attempt. */
    @Override
    public void connect() {}

    /** Returns the address given at construction. */
    @Override
    public IAddress getDestination() {
        return destination;
    }

    /** Returns the clock given at construction: a {@link MemoryReactorClock}'s connectors give that reactor. */
    @Override
    public @Nullable IReactorTime reactorTime() {
        return reactorTime;
    }

    /** Tells whether {@link #stopConnecting()} has been called (Twisted's {@code stoppedConnecting}). */
    public boolean isStoppedConnecting() {
        return stoppedConnecting;
    }

    /** Tells whether {@link #disconnect()} has been called (Twisted's {@code _disconnected}). */
    public boolean isDisconnected() {
        return disconnected;
    }

    @Override
    public String toString() {
        return "FakeConnector[" + destination + ", stoppedConnecting=" + stoppedConnecting + ", disconnected="
                + disconnected + "]";
    }
}
