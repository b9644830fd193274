package dev.weft.internet.testing;

import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.weft.defer.Failure;
import dev.weft.internet.Protocol;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A test protocol that writes every callback it gets to a log shared with its peer, as {@code
 * "<name>:<event>"}, so a test can assert the order of events on both sides at once.
 */
class ProbeProtocol extends Protocol {
    final String name;
    final List<String> log;
    final List<byte[]> chunks = new ArrayList<>();
    final List<Failure> reasons = new ArrayList<>();

    @Nullable
    Consumer<ProbeProtocol> onMade;

    @Nullable
    Consumer<byte[]> onData;

    @Nullable
    Consumer<Failure> onLost;

    ProbeProtocol(String name, List<String> log) {
        this.name = name;
        this.log = log;
    }

    @Override
    public void connectionMade() {
        log.add(name + ":made");
        if (onMade != null) {
            onMade.accept(this);
        }
    }

    @Override
    public void dataReceived(byte[] data) {
        chunks.add(data);
        log.add(name + ":data:" + new String(data, US_ASCII));
        if (onData != null) {
            onData.accept(data);
        }
    }

    @Override
    public void connectionLost(Failure reason) {
        reasons.add(reason);
        log.add(name + ":lost:" + reason.type().getSimpleName());
        if (onLost != null) {
            onLost.accept(reason);
        }
    }

    /** Writes ASCII text to this protocol's transport. */
    void send(String text) {
        transport().write(text.getBytes(US_ASCII));
    }

    String received() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        chunks.forEach(all::writeBytes);
        return all.toString(US_ASCII);
    }

    List<String> chunkStrings() {
        return chunks.stream().map(c -> new String(c, US_ASCII)).toList();
    }

    FakeTransport fakeTransport() {
        return (FakeTransport) transport();
    }
}
