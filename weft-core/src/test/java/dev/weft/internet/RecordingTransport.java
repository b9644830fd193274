package dev.weft.internet;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** A minimal {@link ITransport} for this module's tests: records writes and calls, delivers nothing. */
final class RecordingTransport implements ITransport {
    final ByteArrayOutputStream written = new ByteArrayOutputStream();
    final List<String> calls = new ArrayList<>();

    @Override
    public void write(byte[] data) {
        written.writeBytes(data);
    }

    @Override
    public void writeSequence(Iterable<byte[]> data) {
        data.forEach(this::write);
    }

    @Override
    public void loseConnection() {
        calls.add("loseConnection");
    }

    @Override
    public void abortConnection() {
        calls.add("abortConnection");
    }

    @Override
    public IAddress getPeer() {
        return IPv4Address.tcp("192.168.1.1", 54321);
    }

    @Override
    public IAddress getHost() {
        return IPv4Address.tcp("10.0.0.1", 12345);
    }

    @Override
    public void registerProducer(IPushProducer producer) {
        calls.add("registerProducer");
    }

    @Override
    public void registerProducer(IPullProducer producer) {
        calls.add("registerProducer");
    }

    @Override
    public void unregisterProducer() {
        calls.add("unregisterProducer");
    }
}
