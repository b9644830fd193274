package dev.weft.internet;

import java.util.ArrayList;
import java.util.List;

/** An {@link IConnector} for this module's tests that records its calls. */
final class RecordingConnector implements IConnector {
    final IAddress destination;
    final List<String> events = new ArrayList<>();
    boolean connecting;

    RecordingConnector(IAddress destination) {
        this.destination = destination;
    }

    @Override
    public void stopConnecting() {
        events.add("stopConnecting");
        if (!connecting) {
            throw new NotConnectingError();
        }
        connecting = false;
    }

    @Override
    public void disconnect() {
        events.add("disconnect");
    }

    @Override
    public void connect() {
        events.add("connect");
    }

    @Override
    public IAddress getDestination() {
        return destination;
    }

    long connects() {
        return events.stream().filter("connect"::equals).count();
    }
}
