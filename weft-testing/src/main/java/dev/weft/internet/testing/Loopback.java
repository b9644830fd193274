package dev.weft.internet.testing;

import dev.weft.defer.Deferred;
import dev.weft.internet.IProtocol;
import dev.weft.internet.IReactorTime;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * Twisted's {@code loopbackAsync}: connects two protocols in memory and carries their conversation until one closes.
 *
 * <p>Each side gets a {@link FakeTransport} (server first); the conversation runs in {@link IOPump#pump()} turns, never
 * from inside {@code write}. On a close, the server's {@code connectionLost}, then the client's, run in the same turn
 * and the Deferred fires with null. Unlike Twisted, an abort drops pending bytes and reports {@code ConnectionAborted}
 * to the aborting side and {@code ConnectionLost} to the other (see DEVIATIONS.md). An exception from a protocol, or
 * more than {@value #TURN_LIMIT} productive turns in a row, fails the Deferred. Confined to the test thread (or to the
 * reactor's thread for the reactor version).
 */
public final class Loopback {
    /** How many consecutive productive turns are allowed before the loopback gives up. */
    public static final int TURN_LIMIT = 100_000;

    private final IOPump pump;
    private final FakeTransport serverIO;
    private final FakeTransport clientIO;
    private final Consumer<Runnable> scheduler;
    private final Deferred<Void> done = new Deferred<>();
    private boolean turnScheduled;
    private boolean finished;
    private int productiveTurns;

    private Loopback(IProtocol server, IProtocol client, Consumer<Runnable> scheduler) {
        this.serverIO = new FakeTransport(server, true);
        this.clientIO = new FakeTransport(client, false);
        this.pump = new IOPump(clientIO, serverIO, null, true);
        this.scheduler = scheduler;
    }

    /**
     * Connects {@code server} (first) and {@code client} and carries their conversation, which must end by itself, to
     * its end before returning. The Deferred has fired with null, or failed with what a protocol threw, or with an
     * {@link IllegalStateException} if the conversation stalled.
     */
    public static Deferred<Void> loopbackAsync(IProtocol server, IProtocol client) {
        ArrayDeque<Runnable> turns = new ArrayDeque<>();
        Loopback loopback = new Loopback(server, client, turns::add);
        loopback.start();
        for (Runnable turn = turns.poll(); turn != null; turn = turns.poll()) {
            turn.run();
        }
        if (!loopback.finished) {
            loopback.fail(new IllegalStateException("loopbackAsync stalled: no bytes are moving and neither"
                    + " side has closed the connection; close it from a protocol callback, or pass a reactor"
                    + " (a Clock) to loopbackAsync(server, client, reactor) and drive the conversation"));
        }
        return loopback.done;
    }

    /**
     * Connects {@code server} (first) and {@code client} and runs each turn with {@code reactor.callLater(0, ...)},
     * e.g. on a {@code Clock}. The Deferred fires with null once both sides got {@code connectionLost}, or fails with
     * what a protocol threw.
     */
    public static Deferred<Void> loopbackAsync(IProtocol server, IProtocol client, IReactorTime reactor) {
        Loopback loopback = new Loopback(server, client, turn -> reactor.callLater(0, turn));
        loopback.start();
        return loopback.done;
    }

    private void start() {
        serverIO.setActivityListener(this::wake);
        clientIO.setActivityListener(this::wake);
        serverIO.protocol().makeConnection(serverIO);
        clientIO.protocol().makeConnection(clientIO);
        wake();
    }

    private void wake() {
        if (!turnScheduled && !finished) {
            turnScheduled = true;
            scheduler.accept(this::turn);
        }
    }

    private void turn() {
        turnScheduled = false;
        if (finished) {
            return;
        }
        boolean progressed;
        try {
            progressed = pump.pump();
        } catch (RuntimeException | AssertionError e) {
            fail(e);
            return;
        }
        if (serverIO.isDisconnected() && clientIO.isDisconnected()) {
            finish();
            done.callback(null);
        } else if (progressed) {
            if (++productiveTurns > TURN_LIMIT) {
                fail(new IllegalStateException("loopbackAsync: " + TURN_LIMIT
                        + " turns in a row moved bytes without either side closing; do the protocols"
                        + " answer each other forever?"));
                return;
            }
            wake();
        } else {
            productiveTurns = 0;
        }
    }

    private void fail(Throwable error) {
        finish();
        done.errback(error);
    }

    private void finish() {
        finished = true;
        serverIO.setActivityListener(null);
        clientIO.setActivityListener(null);
    }
}
