package dev.weft.internet.nio;

import dev.weft.defer.Deferred;
import dev.weft.defer.Failure;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.Phase;
import dev.weft.internet.Protocol;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.SystemEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Run by {@link SignalProcessTest} in a JVM of its own: a reactor on the main thread, the way a program runs
 * one, which prints each step on a line of its own for the test to wait on. The first argument says what it
 * does:
 *
 * <ul>
 *   <li>{@code serve}: listens on a free port ({@code "listening on <port>"}); each client gets {@code
 *       "bye\n"} and a clean close from a {@code before shutdown} trigger, whose Deferred fires once all are closed; prints {@code "connected"}, {@code "before shutdown"},
 *       {@code "connectionLost <reason class>"}, {@code "factory stopped"} and {@code "after shutdown: <n> open
 *       sockets"} as they happen; {@code run()} until killed;
 *   <li>{@code serve-opted-out}: the same, with {@code run(false)};
 *   <li>{@code exit-in-callback}: calls {@code System.exit(3)} from a callback once running;
 *   <li>{@code exit-in-trigger}: as {@code serve}, but its {@code before shutdown} trigger calls {@code
 *       System.exit(4)};
 *   <li>{@code exit-from-thread}: a pool thread calls {@code System.exit(5)} once the reactor runs.
 * </ul>
 */
final class SignalChild {
    private SignalChild() {}

    public static void main(String[] args) {
        String mode = args[0];
        NioReactor reactor = new NioReactor();
        List<Protocol> clients = new ArrayList<>();
        Deferred<Void> drained = new Deferred<>();
        ServerFactory factory =
                new ServerFactory(() -> new Protocol() {
                    @Override
                    public void connectionMade() {
                        clients.add(this);
                        say("connected");
                    }

                    @Override
                    public void connectionLost(Failure reason) {
                        say("connectionLost " + reason.value().getClass().getSimpleName());
                        clients.remove(this);
                        if (clients.isEmpty() && !drained.isCalled()) {
                            drained.callback(null);
                        }
                    }
                }) {
                    @Override
                    protected void stopFactory() {
                        say("factory stopped");
                    }
                };
        factory.setNoisy(false);
        // A server's graceful stop: each client gets a last line and a clean close before the port goes.
        reactor.addSystemEventTriggerDeferring(Phase.BEFORE, SystemEvent.SHUTDOWN, () -> {
            say("before shutdown");
            if (mode.equals("exit-in-trigger")) {
                System.exit(4);
            }
            if (clients.isEmpty()) {
                return null;
            }
            for (Protocol p : List.copyOf(clients)) {
                p.transport().write("bye\n".getBytes(StandardCharsets.US_ASCII));
                p.transport().loseConnection();
            }
            return drained;
        });
        reactor.addSystemEventTrigger(
                Phase.AFTER,
                SystemEvent.SHUTDOWN,
                () -> say("after shutdown: " + reactor.openSocketCount() + " open sockets"));
        reactor.callWhenRunning(() -> {
            int port = ((IPv4Address)
                            reactor.listenTCP(0, factory, 50, "127.0.0.1").getHost())
                    .port();
            say("listening on " + port);
            switch (mode) {
                case "exit-in-callback" -> {
                    say("exiting");
                    System.exit(3);
                }
                case "exit-from-thread" ->
                    reactor.callInThread(() -> {
                        say("exiting");
                        System.exit(5);
                    });
                default -> {}
            }
        });
        if (mode.equals("serve-opted-out")) {
            reactor.run(false);
        } else {
            reactor.run();
        }
        say("run() returned");
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
