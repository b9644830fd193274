package dev.weft.internet.nio;

import dev.weft.internet.Protocol;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.endpoints.Endpoints;

/** The README's second example: an echo server on port 8000 whose reactor runs on the main thread. */
final class ReadmeEcho {
    private ReadmeEcho() {}

    /** Sends back whatever it receives. */
    static final class Echo extends Protocol {
        @Override
        public void dataReceived(byte[] data) {
            transport().write(data);
        }
    }

    /** Runs the echo server until killed (not run by the tests, which only compile it). */
    public static void main(String[] args) {
        NioReactor reactor = new NioReactor();
        reactor.callWhenRunning(() -> Endpoints.serverFromString(reactor, "tcp:8000:interface=127.0.0.1")
                .listen(ServerFactory.forProtocol(Echo::new))
                .addErrback(failure -> {
                    System.err.println(failure.getErrorMessage());
                    reactor.stop(); // e.g. the port is in use
                    return null;
                }));
        reactor.run();
    }
}
