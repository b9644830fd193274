package dev.weft.protocols.tls;

import dev.weft.defer.Failure;
import dev.weft.internet.IHalfCloseableProtocol;
import dev.weft.internet.Protocol;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** A recording protocol for TLS tests: bytes, events in order, the reason; optional hooks. */
class Peer extends Protocol implements IHandshakeListener {
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    final List<String> events = new ArrayList<>();

    @Nullable
    Failure reason;

    int handshakes;

    @Nullable
    String versionAtHandshake;

    @Nullable
    String alpnAtHandshake;

    @Nullable
    Object peerCertAtHandshake;

    Consumer<Peer> onConnect = p -> {};
    Consumer<Peer> onHandshake = p -> {};
    Consumer<Peer> onData = p -> {};

    ISSLTransport tls() {
        return (ISSLTransport) transport();
    }

    @Override
    public void connectionMade() {
        events.add("made handshakeDone=" + tls().isHandshakeDone());
        onConnect.accept(this);
    }

    @Override
    public void handshakeCompleted() {
        handshakes++;
        events.add("handshake");
        versionAtHandshake = tls().tlsVersion();
        alpnAtHandshake = tls().negotiatedProtocol();
        peerCertAtHandshake = tls().getPeerCertificate();
        onHandshake.accept(this);
    }

    @Override
    public void dataReceived(byte[] data) {
        if (events.isEmpty() || !events.get(events.size() - 1).equals("data")) {
            events.add("data");
        }
        received.writeBytes(data);
        onData.accept(this);
    }

    @Override
    public void connectionLost(Failure r) {
        events.add("lost " + r.type().getSimpleName());
        reason = r;
    }

    byte[] bytes() {
        return received.toByteArray();
    }

    boolean isLost() {
        return reason != null;
    }

    /** A Peer that also hears about each direction closing. */
    static class HalfCloseable extends Peer implements IHalfCloseableProtocol {
        Runnable onReadLost = () -> {};

        @Override
        public void readConnectionLost() {
            events.add("readConnectionLost");
            onReadLost.run();
        }

        @Override
        public void writeConnectionLost() {
            events.add("writeConnectionLost");
        }
    }
}
