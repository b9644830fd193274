package dev.weft.protocols.tls;

import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.weft.defer.Failure;
import dev.weft.internet.ITLSStarter;
import dev.weft.internet.ITLSTransport;
import dev.weft.internet.Protocol;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A STARTTLS-style line protocol for the tests: the client sends {@code STARTTLS}, the server
 * answers {@code READY} and starts TLS, the client starts TLS on the answer. Records the bytes of
 * each phase, the events in order and the reason; hooks run around {@code startTLS} and at the
 * handshake. Which end answers is the line protocol's business; which end is the TLS server is the
 * options'.
 */
class StartTlsPeer extends Protocol implements IHandshakeListener {
    final ITLSStarter<ISSLTransport> options;
    final boolean answers;
    final ByteArrayOutputStream clear = new ByteArrayOutputStream();
    final ByteArrayOutputStream secure = new ByteArrayOutputStream();
    final List<String> events = new ArrayList<>();
    final CompletableFuture<Failure> lost = new CompletableFuture<>();
    private final StringBuilder line = new StringBuilder();

    @Nullable
    ISSLTransport tls;

    int connects;
    Consumer<StartTlsPeer> beforeReady = p -> {};
    Consumer<StartTlsPeer> beforeStart = p -> {};
    Consumer<StartTlsPeer> afterStart = p -> {};
    Consumer<StartTlsPeer> onHandshake = p -> {};
    Consumer<StartTlsPeer> onSecureData = p -> {};

    StartTlsPeer(ITLSStarter<ISSLTransport> options, boolean answers) {
        this.options = options;
        this.answers = answers;
    }

    @Override
    public void connectionMade() {
        connects++;
        events.add("made");
        if (!answers) {
            transport().write("STARTTLS\r\n".getBytes(US_ASCII));
        }
    }

    @Override
    public void dataReceived(byte[] data) {
        if (tls != null) {
            secure.writeBytes(data);
            onSecureData.accept(this);
            return;
        }
        clear.writeBytes(data);
        for (byte b : data) {
            line.append((char) b);
            int n = line.length();
            if (n >= 2 && line.charAt(n - 2) == '\r' && line.charAt(n - 1) == '\n') {
                command(line.substring(0, line.length() - 2));
                line.setLength(0);
            }
        }
    }

    private void command(String command) {
        events.add("line " + command);
        if (answers && command.equals("STARTTLS")) {
            beforeReady.accept(this);
            transport().write("READY\r\n".getBytes(US_ASCII));
            start();
        } else if (!answers && command.equals("READY")) {
            start();
        }
    }

    private void start() {
        beforeStart.accept(this);
        tls = ((ITLSTransport) transport()).startTLS(options);
        events.add("started");
        afterStart.accept(this);
    }

    ISSLTransport tls() {
        ISSLTransport t = tls;
        if (t == null) {
            throw new AssertionError("TLS was not started");
        }
        return t;
    }

    @Override
    public void handshakeCompleted() {
        events.add("handshake");
        onHandshake.accept(this);
    }

    @Override
    public void connectionLost(Failure reason) {
        events.add("lost " + reason.type().getSimpleName());
        lost.complete(reason);
    }

    @Nullable
    Failure reason() {
        return lost.getNow(null);
    }
}
