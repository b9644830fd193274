package dev.weft.internet.nio;

import dev.weft.defer.Deferred;
import dev.weft.internet.Phase;
import dev.weft.internet.SystemEvent;

/**
 * Run by {@link ReactorThreadHookProcessTest} in a JVM of its own: a {@link ReactorThread} whose reactor has a
 * {@code before shutdown} trigger that finishes a tenth of a second later on the reactor's clock, printing {@code
 * "before shutdown"} and {@code "before shutdown done"}, and an {@code after shutdown} trigger printing {@code "after
 * shutdown"}; prints {@code "running"}, then ends the JVM from the main thread. The first argument says how:
 *
 * <ul>
 *   <li>{@code exit}: {@code start(reactor, true)}, then {@code System.exit(7)};
 *   <li>{@code main-returns}: {@code start(reactor, true)}, then main returns (the reactor thread is a daemon);
 *   <li>{@code exit-opted-out}: {@code start(reactor)}, then {@code System.exit(7)}.
 * </ul>
 */
final class ReactorThreadHookChild {
    private ReactorThreadHookChild() {}

    public static void main(String[] args) {
        String mode = args[0];
        NioReactor reactor = new NioReactor();
        ReactorThread rt = ReactorThread.start(reactor, !mode.equals("exit-opted-out"));
        rt.execute(() -> {
            reactor.addSystemEventTriggerDeferring(Phase.BEFORE, SystemEvent.SHUTDOWN, () -> {
                say("before shutdown");
                Deferred<Void> done = new Deferred<>();
                reactor.callLater(0.1, () -> {
                    say("before shutdown done");
                    done.callback(null);
                });
                return done;
            });
            reactor.addSystemEventTrigger(Phase.AFTER, SystemEvent.SHUTDOWN, () -> say("after shutdown"));
        });
        say("running");
        if (!mode.equals("main-returns")) {
            System.exit(7);
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
