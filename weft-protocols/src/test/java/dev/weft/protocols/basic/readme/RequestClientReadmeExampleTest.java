package dev.weft.protocols.basic.readme;

import static dev.weft.internet.testing.DeferredAssertions.assertNoResult;
import static dev.weft.internet.testing.DeferredAssertions.failureResultOf;
import static dev.weft.internet.testing.DeferredAssertions.successResultOf;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Deferred;
import dev.weft.defer.DeferredList;
import dev.weft.defer.Failure;
import dev.weft.defer.TimeoutError;
import dev.weft.internet.ClientFactory;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.IDelayedCall;
import dev.weft.internet.IHalfCloseableProtocol;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.IReactorTime;
import dev.weft.internet.ITCPTransport;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.endpoints.Endpoints;
import dev.weft.internet.nio.NioReactor;
import dev.weft.internet.nio.ReactorThread;
import dev.weft.internet.task.Clock;
import dev.weft.internet.testing.Chunking;
import dev.weft.internet.testing.ConnectedPair;
import dev.weft.internet.testing.FakeTransport;
import dev.weft.internet.testing.IOPump;
import dev.weft.internet.testing.StringTransport;
import dev.weft.protocols.basic.Int32StringReceiver;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The code of the README's "A request/response client" section, run; {@link RequestClientReadmeCheckTest} keeps them
 * equal. The tests after the README's own check what the section says in prose.
 */
final class RequestClientReadmeExampleTest {
    /**
     * A client of a request/response protocol over Int32 frames: each request is one frame and its reply the next frame
     * back, in order, so requests may be pipelined (sent before the earlier replies are back).
     */
    static final class RequestClient extends Int32StringReceiver implements IHalfCloseableProtocol {
        /** A request sent and not answered yet: its Deferred and the timer that fails it. */
        private record Pending(Deferred<String> reply, IDelayedCall timeout) {}

        private final IReactorTime clock;
        private final double timeoutSeconds;
        private final ArrayDeque<Pending> pending = new ArrayDeque<>();
        private @Nullable Failure lost;
        private boolean finished;

        RequestClient(IReactorTime clock, double timeoutSeconds) {
            this.clock = clock;
            this.timeoutSeconds = timeoutSeconds;
        }

        /** Makes one client per connection, each timing its requests on {@code clock}: the reactor, or a test's. */
        static ClientFactory factory(IReactorTime clock, double timeoutSeconds) {
            return ClientFactory.forProtocol(() -> new RequestClient(clock, timeoutSeconds));
        }

        /** Sends {@code body}; fires with the reply, or fails with a TimeoutError or the connection's loss. */
        Deferred<String> request(String body) {
            if (finished) {
                throw new IllegalStateException("request(\"" + body + "\") after finish(): no more requests can go");
            }
            if (lost != null) {
                return Deferred.fail(lost); // the connection is gone: fail now, not at the timeout
            }
            Deferred<String> reply = new Deferred<>();
            IDelayedCall timeout =
                    clock.callLater(timeoutSeconds, () -> reply.errback(new TimeoutError(timeoutSeconds)));
            pending.add(new Pending(reply, timeout));
            sendString(body.getBytes(UTF_8));
            return reply;
        }

        /** Sends no more requests: half-closes, so the server reads the end; the replies still come in. */
        void finish() {
            finished = true;
            ((ITCPTransport) transport()).loseWriteConnection();
        }

        @Override
        public void stringReceived(byte[] string) {
            Pending next = pending.poll();
            if (next == null) {
                transport().loseConnection(); // a reply to no request: the server speaks another protocol
            } else if (next.timeout().active()) { // else it timed out: its late reply is dropped, the next still match
                next.timeout().cancel();
                next.reply().callback(new String(string, UTF_8));
            }
        }

        @Override
        public void readConnectionLost() {
            transport().loseConnection(); // the server sends nothing more: no reply will come
        }

        @Override
        public void writeConnectionLost() {}

        @Override
        public void connectionLost(Failure reason) {
            lost = reason;
            for (Pending p = pending.poll(); p != null; p = pending.poll()) {
                if (p.timeout().active()) {
                    p.timeout().cancel();
                    p.reply().errback(reason);
                }
            }
        }
    }

    /** The server: answers each request in upper case, at once or, while {@code hold} is set, when told to. */
    static final class Upper extends Int32StringReceiver implements IHalfCloseableProtocol {
        final List<String> held = new ArrayList<>();
        boolean hold;

        @Override
        public void stringReceived(byte[] string) {
            held.add(new String(string, UTF_8));
            if (!hold) {
                answerHeld();
            }
        }

        void answerHeld() {
            for (String request : held) {
                sendString(request.toUpperCase(Locale.ROOT).getBytes(UTF_8));
            }
            held.clear();
        }

        @Override
        public void readConnectionLost() { // the client has sent everything: answer it, then close
            answerHeld();
            transport().loseConnection();
        }

        @Override
        public void writeConnectionLost() {}
    }

    @Test
    void overTcpTheReactorIsTheClock() {
        try (ReactorThread rt = ReactorThread.start()) {
            NioReactor reactor = rt.reactor();
            IListeningPort port =
                    rt.call(() -> reactor.listenTCP(0, ServerFactory.forProtocol(Upper::new), 50, "127.0.0.1"));
            String server = "tcp:host=127.0.0.1:port=" + ((IPv4Address) port.getHost()).port();
            List<String> replies = rt.await(() -> Endpoints.clientFromString(reactor, server)
                    .connect(RequestClient.factory(reactor, 5.0)) // the reactor is an IReactorTime
                    .addCallbackDeferring(protocol -> {
                        RequestClient client = (RequestClient) protocol;
                        Deferred<String> hello = client.request("hello");
                        Deferred<String> weft = client.request("weft"); // pipelined behind "hello"
                        client.finish();
                        return DeferredList.gatherResults(List.of(hello, weft));
                    }));
            assertThat(replies).containsExactly("HELLO", "WEFT");
        }
    }

    @Test
    void pipelinesTimesOutAndFailsWhatIsPendingWhenTheConnectionGoes() {
        Clock clock = new Clock();
        ClientFactory factory = RequestClient.factory(clock, 5.0); // the same factory, on the test's clock
        ConnectedPair<RequestClient, Upper> pair = IOPump.connectedServerAndClient(
                Upper::new,
                () -> (RequestClient) factory.buildProtocol(FakeTransport.DEFAULT_SERVER_ADDRESS),
                true,
                clock);
        RequestClient client = pair.client();
        Upper server = pair.server();
        server.hold = true; // it reads the requests but answers only when the test says

        Deferred<String> first = client.request("first");
        clock.advance(3);
        Deferred<String> second = client.request("second"); // sent before the first is answered
        pair.pump().flush();
        assertThat(server.held).containsExactly("first", "second");

        clock.advance(2); // 5 s after the first request: it fails, the second still waits
        assertThat(failureResultOf(first, TimeoutError.class).getErrorMessage())
                .isEqualTo("Deferred timed out after 5.0 seconds");
        assertNoResult(second);

        server.answerHeld(); // "FIRST" comes too late and is dropped; "SECOND" is the second's
        pair.pump().flush();
        assertThat(successResultOf(second)).isEqualTo("SECOND");

        Deferred<String> third = client.request("third");
        pair.pump().flush();
        server.transport().loseConnection(); // the server goes away with the third unanswered
        pair.pump().flush();
        failureResultOf(third, ConnectionDone.class);
        failureResultOf(client.request("fourth"), ConnectionDone.class); // at once, not after 5 s
        assertThat(clock.getDelayedCalls()).isEmpty(); // no timer outlives its request
    }

    /** Reads back what a protocol wrote as frames: the same framing, decoded by a receiver that keeps each one. */
    static List<String> frames(byte[] written) {
        List<String> frames = new ArrayList<>();
        Int32StringReceiver reader = new Int32StringReceiver() {
            @Override
            public void stringReceived(byte[] string) {
                frames.add(new String(string, UTF_8));
            }
        };
        reader.makeConnection(new StringTransport());
        reader.dataReceived(written);
        return frames;
    }

    @Test
    void writesOneFramePerRequestAndTakesTheRepliesInOrder() {
        StringTransport transport = new StringTransport();
        RequestClient client = new RequestClient(new Clock(), 5.0);
        client.makeConnection(transport);

        Deferred<String> hello = client.request("hello");
        Deferred<String> weft = client.request("weft");
        assertThat(frames(transport.value())).containsExactly("hello", "weft");

        client.dataReceived(new byte[] {0, 0, 0, 5, 'H', 'E', 'L', 'L', 'O', 0, 0, 0, 4, 'W', 'E', 'F', 'T'});
        assertThat(successResultOf(hello)).isEqualTo("HELLO");
        assertThat(successResultOf(weft)).isEqualTo("WEFT");
    }

    // ---- beyond the README: what its prose says

    @Test
    void takesTheRepliesHoweverTheyAreSplit() {
        byte[] replies = concat(frame("ONE"), frame(""), frame("THREE"));
        List<List<Deferred<String>>> sent = new ArrayList<>();
        Chunking.forEach(
                replies,
                () -> {
                    RequestClient client = new RequestClient(new Clock(), 5.0);
                    client.makeConnection(new StringTransport());
                    sent.add(List.of(client.request("one"), client.request(""), client.request("three")));
                    return client;
                },
                (split, client) -> {
                    List<Deferred<String>> requests = sent.get(sent.size() - 1);
                    assertThat(requests.stream().map(d -> successResultOf(d)).toList())
                            .as("%s", split)
                            .containsExactly("ONE", "", "THREE");
                });
    }

    @Test
    void finishHalfClosesAndTheRepliesStillArrive() {
        Clock clock = new Clock();
        ConnectedPair<RequestClient, Upper> pair =
                IOPump.connectedServerAndClient(Upper::new, () -> new RequestClient(clock, 5.0), true, clock);
        pair.server().hold = true; // answers only at the end of the client's input
        Deferred<String> a = pair.client().request("a");
        Deferred<String> b = pair.client().request("b");
        pair.client().finish();
        pair.pump().flush();

        assertThat(successResultOf(a)).isEqualTo("A");
        assertThat(successResultOf(b)).isEqualTo("B");
        assertThat(pair.pump().clientIO().isDisconnected()).isTrue();
        assertThat(clock.getDelayedCalls()).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> pair.client().request("c"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("request(\"c\") after finish(): no more requests can go");
    }

    @Test
    void aReplyToNoRequestClosesTheConnection() {
        StringTransport transport = new StringTransport();
        RequestClient client = new RequestClient(new Clock(), 5.0);
        client.makeConnection(transport);

        client.dataReceived(frame("UNASKED"));

        assertThat(transport.isDisconnecting()).isTrue();
    }

    private static byte[] frame(String s) {
        byte[] bytes = s.getBytes(UTF_8);
        return ByteBuffer.allocate(4 + bytes.length)
                .putInt(bytes.length)
                .put(bytes)
                .array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuffer all = ByteBuffer.allocate(
                java.util.Arrays.stream(parts).mapToInt(p -> p.length).sum());
        for (byte[] p : parts) {
            all.put(p);
        }
        return all.array();
    }
}
