package dev.weft.cli;

import dev.weft.defer.CancelledError;
import dev.weft.defer.Deferred;
import dev.weft.defer.Failure;
import dev.weft.defer.TimeoutError;
import dev.weft.internal.json.JsonObject;
import dev.weft.internet.Addresses;
import dev.weft.internet.ConnectionAborted;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.ConnectionLost;
import dev.weft.internet.IDelayedCall;
import dev.weft.internet.IProtocol;
import dev.weft.internet.IPushProducer;
import dev.weft.internet.ITCPTransport;
import dev.weft.internet.ITransport;
import dev.weft.internet.nio.AbortWhenFlushed;
import dev.weft.internet.testing.capture.CloseKind;
import dev.weft.internet.testing.capture.CloseRecord;
import dev.weft.internet.testing.capture.ConnectedRecord;
import dev.weft.internet.testing.capture.DataRecord;
import dev.weft.internet.testing.capture.HalfCloseRecord;
import dev.weft.internet.testing.capture.OpenRecord;
import dev.weft.internet.testing.capture.Side;
import dev.weft.protocols.tls.ISSLTransport;
import dev.weft.protocols.tls.TLSError;
import dev.weft.protocols.tls.TLSErrorKind;
import dev.weft.protocols.tls.TLSLoss;
import dev.weft.protocols.tls.TLSMemoryBIOProtocol;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Carries one connection through {@code tap}: accepts the client leg, connects the server leg,
 * forwards bytes, half-closes and closes between them, and records every event in the capture.
 *
 * <p>While the server leg connects, the client leg is read (and recorded) up to {@link #EARLY_BYTES}, then paused
 * until the server leg is up; so a client that sends, half-closes or resets meanwhile is seen, and its bytes are
 * forwarded once the server leg is up (after a clean close too). Each leg's reading ({@link TapReading}) is the
 * streaming producer of the other's transport, as in Twisted's {@code portforward}: a slow reader on one side holds
 * the sender on the other back. With {@code --fault}, a sender a fault holds more than {@link TapFaults#HELD_BOUND}
 * bytes from is held back too; a leg is read again only once none of these reasons holds it. When one leg closes
 * cleanly, the other is closed cleanly after its pending bytes are written; when one is reset (or breaks), the other
 * is reset too, dropping what the tap had not written to it yet; a server that cannot be reached resets the client.
 * A TLS leg whose peer closed without a close_notify (a truncation) sent every byte before its FIN: the other leg is
 * reset once the bytes the tap holds for it are handed to the kernel ({@link AbortWhenFlushed}), so its peer gets
 * them, then the reset; a client that truncates while the tap connects still has its bytes forwarded first.
 * A TLS server leg counts as reached only once its handshake completes: {@code --connect-timeout} runs from the
 * start of the connect to the end of the handshake, and a server that accepts but does not complete the handshake
 * within it is given up as one that never accepted (a connect-failed close, after its connected record).
 *
 * <p>With {@code --idle-timeout}, a connection through which no bytes have passed either way for that long is cut:
 * both legs are aborted (and a connect still under way is given up), each recorded as an aborted close by the tap
 * whose reason names the idle timeout, and the report says {@code idle timeout (by tap)}. The timer runs from the
 * accept; bytes read from either peer reset it, and so do bytes the faults deliver, while bytes a fault holds on
 * their way keep the connection from being idle. A TLS leg's handshake bytes do not count, as in {@code sink}: a
 * peer that stalls in its handshake is cut, named as such.
 *
 * <p>A {@code stall-after} holds a peer's end of stream from the other peer ({@link #endHeld}). The client's ends the
 * connection: the client has finished and nothing more can reach the server, so the server leg is reset (it learns
 * the conversation broke, not that it ended) and the client's closed. Whether the client half-closed (and still
 * reads) or closed, the tap cannot know: both are one FIN, {@code readConnectionLost}, and a close after it sends
 * nothing; only a write to the client could draw the reset of a closed one, and the server stalled behind a cut
 * request seldom writes, so the tap does not wait for one. The server's is kept from the client, whose
 * own timeout is what such a stall tests; the connection ends once the client has ended its side too, before or after
 * (a client that half-closed first then reads an end of stream, not silence: the tap cannot tell it from one that
 * left). The close records of these ends name the stall.
 *
 * <p>Confined to the reactor thread.
 */
final class TapConnection {
    private final int id;
    private final Tap tap;
    private final CaptureLog log;
    private final Map<Side, TapLeg> legs = new EnumMap<>(Side.class);
    private final Map<Side, Boolean> closedByTap = new EnumMap<>(Side.class);
    private final Map<Side, Boolean> finishedSending = new EnumMap<>(Side.class);
    private final Map<Side, String> endings = new EnumMap<>(Side.class);
    /** Each TLS leg's version and cipher (or failure) as it ended; plain TCP legs have none. */
    private final Map<Side, TlsReport> tls = new EnumMap<>(Side.class);
    /** The TLS legs to half-close once their handshake completes. */
    private final Map<Side, Boolean> halfCloseAfterHandshake = new EnumMap<>(Side.class);
    /** The legs whose transport has the other leg's reading registered as its producer. */
    private final Map<Side, Boolean> fed = new EnumMap<>(Side.class);
    /** The reading of each leg whose transport can pause it: what pauses it, for which reasons. */
    private final Map<Side, TapReading> readings = new EnumMap<>(Side.class);
    /** The sides whose end of stream a {@code stall-after} holds (never passed on to the other leg), and its text. */
    private final Map<Side, String> endHeldByStall = new EnumMap<>(Side.class);
    /** Why the tap closed each leg it closed for a reason of its own, for the close record; none for most closes. */
    private final Map<Side, String> tapReasons = new EnumMap<>(Side.class);
    /** The legs the tap resets once the bytes written to them are sent ({@link AbortWhenFlushed}). */
    private final Map<Side, Boolean> resetWhenFlushed = new EnumMap<>(Side.class);

    /** Bytes the tap reads from a client while it connects before it stops reading (one socket buffer). */
    static final int EARLY_BYTES = 64 * 1024;

    private final long[] bytes = new long[2];
    private final List<byte[]> pending = new ArrayList<>();
    private final long openedNanos = System.nanoTime();
    private @Nullable Deferred<IProtocol> connecting;
    /** When the tap began connecting the server leg, on the connect timeout's clock ({@link Tap#now()}). */
    private double connectStarted;
    /** Gives up on a TLS server leg whose handshake has not completed by the end of the connect timeout. */
    private @Nullable IDelayedCall handshakeTimer;
    /** Why the tap gave up on the server leg's TLS handshake, or null if it did not. */
    private @Nullable String handshakeGivenUp;
    /** The server leg was made, but its protocol failed as it started: the connect's Deferred failed after it. */
    private boolean serverFailedAsItStarted;

    private @Nullable String client;
    private @Nullable String server;
    /** Bytes read from the client before the server leg was up. */
    private long early;

    /** Checks whether the connection has been idle for the idle timeout; null without one, or once finished. */
    private @Nullable IDelayedCall idleCheck;
    /** When bytes last passed, on the idle timeout's clock ({@link Tap#idleNow()}). */
    private double lastActivity;
    /** Why the tap cut the connection as idle, for the capture, or null if it did not. */
    private @Nullable String idle;

    private boolean clientClosedCleanly;
    /** The client's TLS leg ended without a close_notify: its bytes still go to the server, then a reset. */
    private boolean clientTruncated;

    private boolean interrupted;
    private boolean finished;
    private final @Nullable TapFaults faults;

    TapConnection(int id, Tap tap, CaptureLog log) {
        this.id = id;
        this.tap = tap;
        this.log = log;
        this.faults = tap.faultsFor(this, log);
    }

    int id() {
        return id;
    }

    void legMade(Side side, TapLeg leg) {
        legs.put(side, leg);
        ITransport t = leg.transport();
        if (t instanceof IPushProducer reads) {
            readings.put(side, new TapReading(reads));
        }
        if (side == Side.CLIENT) {
            client = Addresses.text(t.getPeer());
            log.record(new OpenRecord(id, log.micros(), client, Addresses.text(t.getHost()), tap.target()));
            tap.opened(this);
            if (faults != null && faults.refuses()) {
                log.record(new dev.weft.internet.testing.capture.FaultRecord(
                        id, log.micros(), "refuse", "the client's connection was reset; the server was not contacted"));
                closeByTap(Side.CLIENT, true);
                return;
            }
            lastActivity = tap.idleNow();
            scheduleIdleCheck(tap.idleTimeout());
            connectStarted = tap.now();
            Deferred<IProtocol> d = tap.connect(this);
            connecting = d;
            d.addCallbacks(
                    protocol -> {
                        connecting = null;
                        return null;
                    },
                    this::connectFailed);
        } else {
            server = Addresses.text(t.getPeer());
            log.record(new ConnectedRecord(id, log.micros(), Addresses.text(t.getHost()), server));
            if (t instanceof ISSLTransport tls && !tls.isHandshakeDone()) {
                handshakeTimer = tap.handshakeTimeout(connectStarted, this::handshakeTimedOut);
            }
            TapLeg clientLeg = legs.get(Side.CLIENT);
            for (byte[] chunk : pending) {
                t.write(chunk);
            }
            pending.clear();
            String clientHeld = endHeldByStall.get(Side.CLIENT);
            if (clientHeld != null) {
                // the client left behind a stall while the tap connected
                closeByTap(Side.SERVER, true, true, clientEndHeld(clientHeld));
                return;
            }
            if (clientLeg == null || endings.containsKey(Side.CLIENT)) {
                // The client closed (or truncated its TLS) while the tap connected, leaving bytes to forward: they
                // go first, then the close (the reset once they are sent).
                closeByTap(Side.SERVER, !clientClosedCleanly, clientTruncated);
                return;
            }
            ITransport c = clientLeg.transport();
            TapReading clientReading = readings.get(Side.CLIENT);
            TapReading serverReading = readings.get(Side.SERVER);
            // A lost client whose close still waits behind its bytes in the faults closes this leg later.
            if (!clientLeg.isLost() && clientReading != null && serverReading != null) {
                t.registerProducer(clientReading, true);
                c.registerProducer(serverReading, true);
                fed.put(Side.SERVER, true);
                fed.put(Side.CLIENT, true);
                clientReading.resume(TapReading.Why.CONNECTING);
            }
            if (Boolean.TRUE.equals(finishedSending.get(Side.CLIENT))) {
                halfClose(Side.SERVER);
            }
            if (faults != null) {
                faults.start();
            }
        }
    }

    /**
     * A leg's TLS handshake completed: for the server leg, the connect timeout ends; a half-close that waited for
     * the handshake is made now.
     */
    void handshakeCompleted(Side side) {
        if (side == Side.SERVER) {
            cancelHandshakeTimer();
        }
        TapLeg leg = legs.get(side);
        if (Boolean.TRUE.equals(halfCloseAfterHandshake.remove(side)) && leg != null && !leg.isLost()) {
            halfClose(side);
        }
    }

    private void cancelHandshakeTimer() {
        IDelayedCall timer = handshakeTimer;
        handshakeTimer = null;
        if (timer != null && timer.active()) {
            timer.cancel();
        }
    }

    /** The connect timeout ended before the server leg's TLS handshake: aborts it; the client is reset after. */
    private void handshakeTimedOut() {
        handshakeTimer = null;
        TapLeg leg = legs.get(Side.SERVER);
        if (leg == null || leg.isLost() || !(leg.transport() instanceof ISSLTransport tls) || tls.isHandshakeDone()) {
            return;
        }
        handshakeGivenUp = tap.handshakeTimedOut();
        unregisterProducer(Side.SERVER);
        closeByTap(Side.SERVER, true);
    }

    private void scheduleIdleCheck(double seconds) {
        idleCheck = tap.idleCheck(seconds, this::checkIdle);
    }

    /** Cuts the connection if no bytes have passed for the idle timeout, else looks again when it could be. */
    private void checkIdle() {
        idleCheck = null;
        if (finished) {
            return;
        }
        double now = tap.idleNow();
        double timeout = tap.idleTimeout();
        if (faults != null && faults.holdsBytes()) {
            lastActivity = now; // bytes are on their way: not idle
        }
        if (now - lastActivity < timeout) {
            scheduleIdleCheck(lastActivity + timeout - now);
            return;
        }
        idle = tap.idleTimedOut(handshakeStalled());
        unregisterProducer(Side.CLIENT); // a transport feeding a producer would wait for it before closing
        unregisterProducer(Side.SERVER);
        closeByTap(Side.CLIENT, true);
        closeByTap(Side.SERVER, true);
        Deferred<IProtocol> d = connecting;
        if (d != null) {
            d.cancel();
        }
    }

    /** Names the leg, client first, whose TLS handshake has not completed, or returns null if none. */
    private @Nullable String handshakeStalled() {
        for (Side side : Side.values()) {
            TapLeg leg = legs.get(side);
            if (leg != null && leg.transport() instanceof ISSLTransport t && !t.isHandshakeDone()) {
                return side == Side.CLIENT ? "client" : "server";
            }
        }
        return null;
    }

    /** Takes bytes a leg read: forwarded now, or through the faults when {@code --fault} is given. */
    void data(Side from, byte[] data) {
        lastActivity = tap.idleNow();
        if (from == Side.CLIENT && !legs.containsKey(Side.SERVER)) {
            early += data.length;
            TapReading reading = readings.get(Side.CLIENT);
            if (early > EARLY_BYTES && reading != null) {
                reading.pause(TapReading.Why.CONNECTING); // resumed once the server leg is up
            }
        }
        if (faults == null) {
            deliverData(from, data);
        } else {
            faults.offer(from, data);
        }
    }

    /** Takes a leg's half-close: passed on now, or behind its bytes through the faults. */
    void readLost(Side from) {
        if (faults == null) {
            deliverReadLost(from);
        } else {
            faults.offerEnd(from);
        }
    }

    /** Takes a leg's loss: a close the tap made acts now, a peer's passes behind its bytes. */
    void lost(Side side, Failure reason) {
        if (side == Side.SERVER) {
            cancelHandshakeTimer();
        }
        TapReading reading = readings.get(side);
        if (reading != null) {
            reading.closed();
        }
        if (faults == null || Boolean.TRUE.equals(closedByTap.get(side)) || failedAsItStarted(side)) {
            deliverLost(side, reason);
        } else {
            faults.offerLost(side, reason);
        }
    }

    /**
     * Stops reading {@code from} while the faults hold too many of its bytes ({@code hold}), or reads it again
     * once they have passed enough of them on, unless something else still holds the leg.
     */
    void holdBack(Side from, boolean hold) {
        TapReading reading = readings.get(from);
        if (reading == null) {
            return;
        } else if (hold) {
            reading.pause(TapReading.Why.FAULTS);
        } else {
            reading.resume(TapReading.Why.FAULTS);
        }
    }

    /** Returns the most bytes the faults have held from {@code from} at once; 0 without faults. */
    long mostHeld(Side from) {
        return faults == null ? 0 : faults.mostHeld(from);
    }

    /**
     * Closes (or resets) both legs: a fault's limit was reached. A reset waits until each leg has handed the kernel
     * what the tap wrote to it, so that the peers get every byte the capture records as delivered, then the reset.
     */
    void closeBothByTap(boolean abort) {
        unregisterProducer(Side.CLIENT); // a transport feeding a producer would wait for it before closing
        unregisterProducer(Side.SERVER);
        closeByTap(Side.CLIENT, abort, true);
        closeByTap(Side.SERVER, abort, true);
    }

    /**
     * A {@code stall-after} ({@code fault}, e.g. {@code s>c:stall-after=20}) holds {@code from}'s end of stream (its
     * half-close or clean close), which the faults have recorded: the other peer is never told. The client's ends the
     * connection: the server leg is reset once it has sent what the tap wrote to it (at once if it is up, else once it
     * is), and the client's is closed. The server's ends it once the client has ended its side: now if it already
     * has, else when it does ({@link #deliverReadLost}). Each close record names the stall.
     */
    void endHeld(Side from, String fault) {
        endHeldByStall.put(from, fault);
        if (from == Side.CLIENT) {
            String why = clientEndHeld(fault);
            unregisterProducer(Side.CLIENT); // a transport feeding a producer would wait for it before closing
            unregisterProducer(Side.SERVER);
            closeByTap(Side.CLIENT, false, false, why);
            closeByTap(Side.SERVER, true, true, why);
        } else if (clientEnded()) {
            closeBothEnded(serverEndHeld(fault));
        }
    }

    /**
     * Tells whether the client has ended its side: its half-close or close has been passed on (or the leg is gone).
     * One still held behind bytes in the faults has not.
     */
    boolean clientEnded() {
        return Boolean.TRUE.equals(finishedSending.get(Side.CLIENT)) || endings.containsKey(Side.CLIENT);
    }

    private static String clientEndHeld(String fault) {
        return fault + ": the client's end of stream is held from the server";
    }

    private static String serverEndHeld(String fault) {
        return fault + ": the server's end of stream is held from the client, and the client has ended its side";
    }

    /** Closes both legs cleanly, neither side having anything more to send: two ends, or one held and one passed. */
    private void closeBothEnded(@Nullable String why) {
        unregisterProducer(Side.CLIENT); // none left after two half-closes; one after an end a stall held
        unregisterProducer(Side.SERVER);
        closeByTap(Side.CLIENT, false, false, why);
        closeByTap(Side.SERVER, false, false, why);
    }

    void deliverData(Side from, byte[] data) {
        lastActivity = tap.idleNow();
        log.record(new DataRecord(id, log.micros(), from, data));
        bytes[from.code()] += data.length;
        TapLeg to = legs.get(from.other());
        if (to != null && !to.isLost()) {
            to.transport().write(data);
        } else if (from == Side.CLIENT && to == null) {
            pending.add(data); // written once the server leg is up
        }
    }

    void deliverReadLost(Side from) {
        log.record(new HalfCloseRecord(id, log.micros(), from));
        finishedSending.put(from, true);
        TapLeg to = legs.get(from.other());
        if (to != null && !to.isLost()) {
            halfClose(from.other());
        }
        String otherHeld = endHeldByStall.get(from.other());
        if (Boolean.TRUE.equals(finishedSending.get(from.other())) || otherHeld != null) {
            closeBothEnded(otherHeld == null || from == Side.SERVER ? null : serverEndHeld(otherHeld));
        }
    }

    /**
     * Tells whether {@code side} is the server leg, lost by no doing of the tap's while its connect's Deferred has not
     * fired (or has failed): the reactor gave the leg its connection, then a protocol on it (the leg, or TLS beneath
     * it) threw as the connection started, so the reactor closed it and fails the Deferred with what was thrown.
     */
    private boolean failedAsItStarted(Side side) {
        return side == Side.SERVER
                && !Boolean.TRUE.equals(closedByTap.get(side))
                && (connecting != null || serverFailedAsItStarted);
    }

    void deliverLost(Side side, Failure reason) {
        String givenUp = side == Side.SERVER ? handshakeGivenUp : null;
        if (givenUp != null) {
            handshakeFailedToConnect(givenUp);
            return;
        }
        if (failedAsItStarted(side)) {
            failedAfterConnecting(reason);
            return;
        }
        boolean byTap = Boolean.TRUE.equals(closedByTap.get(side));
        // The tap's abort of an idle connection: recorded and reported as idle, before an interrupt that followed.
        String idleWords = byTap && reason.check(ConnectionAborted.class) != null ? idle : null;
        CloseKind kind = interrupted && byTap && idleWords == null ? CloseKind.INTERRUPTED : kindOf(reason);
        // A close the tap made for a reason of its own (a stall) names it, unless the peer's reset overtook it.
        String tapWords = byTap && (kind == CloseKind.CLEAN || kind == CloseKind.ABORTED) ? tapReasons.get(side) : null;
        String words = idleWords != null
                ? idleWords
                : tapWords != null ? tapWords : Problems.oneLine(reason.getErrorMessage());
        String label = idleWords != null
                ? Outcome.IDLE.words
                : byTap && kind == CloseKind.ABORTED
                        ? "reset"
                        : kind == CloseKind.RESET ? lossWords(reason) : kind.label();
        TapLeg lost = legs.get(side);
        TlsReport legTls = lost == null ? null : TlsReport.of(lost.transport(), reason);
        if (legTls != null) {
            tls.put(side, legTls);
            String failed = TlsReport.failure(reason, legTls.handshakeDone());
            if (failed != null) {
                label = failed.substring(0, failed.indexOf(')') + 1);
                words = failed;
            }
        }
        log.record(new CloseRecord(id, log.micros(), side, byTap, kind, words));
        endings.put(side, label + (byTap ? " (by tap)" : ""));
        TapLeg other = legs.get(side.other());
        // A TLS peer that closed without a close_notify sent every byte before its FIN: they are passed on, then
        // the reset (it was no clean end), as a reset-after fault does.
        boolean truncated = !byTap && truncation(reason);
        // A clean close (or a truncation's FIN) a stall holds is not passed on: endHeld has dealt with the other
        // leg already.
        boolean held = !byTap && (kind == CloseKind.CLEAN || truncated) && endHeldByStall.containsKey(side);
        if (other != null && !other.isLost() && !held) {
            unregisterProducer(side.other());
            // A reset (or a broken connection) is passed on as a reset, so the other peer learns
            // that its conversation did not end cleanly; a clean close is passed on as a clean close.
            boolean propagateReset = !byTap && (kind == CloseKind.RESET || kind == CloseKind.ERROR);
            closeByTap(side.other(), propagateReset, truncated);
        }
        Deferred<IProtocol> d = connecting;
        if (side == Side.CLIENT) {
            clientClosedCleanly = kind == CloseKind.CLEAN;
            clientTruncated = truncated;
            if (d != null && ((!clientClosedCleanly && !truncated) || pending.isEmpty())) {
                d.cancel(); // nothing to forward, or a reset: the server is not needed any more
            }
        }
        finishIfDone();
    }

    /** Aborts every open leg and stops connecting; the legs then close as interrupted. */
    void interrupt() {
        interrupted = true;
        closeByTap(Side.CLIENT, true);
        closeByTap(Side.SERVER, true);
        Deferred<IProtocol> d = connecting;
        if (d != null) {
            d.cancel();
        }
    }

    /**
     * Records the server leg the tap aborted for want of a TLS handshake as a connect that failed (the close
     * names the timeout; JSON gives {@code server_tls_error} {@code HANDSHAKE_TIMEOUT}) and resets the client, as
     * {@link #connectFailed} does for a server that never accepted.
     */
    private void handshakeFailedToConnect(String why) {
        TapLeg serverLeg = legs.get(Side.SERVER);
        if (serverLeg != null) {
            TlsReport report = TlsReport.of(
                    serverLeg.transport(), new Failure(new TLSError(TLSErrorKind.HANDSHAKE_TIMEOUT, false, why, null)));
            if (report != null) {
                tls.put(Side.SERVER, report);
            }
        }
        log.record(new CloseRecord(id, log.micros(), Side.SERVER, false, CloseKind.CONNECT_FAILED, why));
        endings.put(Side.SERVER, why);
        unregisterProducer(Side.CLIENT);
        closeByTap(Side.CLIENT, true); // as for a server that never accepted: the client is reset
        finishIfDone();
    }

    /**
     * Records the server leg whose protocol failed as it started as a connection that was made, then failed (an
     * error close naming what was thrown, {@link Problems#failedAfterConnecting}), not as a connect that failed, and
     * resets the client, as for a server that cannot be reached.
     */
    private void failedAfterConnecting(Failure reason) {
        String why = Problems.failedAfterConnecting(tap.target(), reason.value());
        log.record(new CloseRecord(id, log.micros(), Side.SERVER, false, CloseKind.ERROR, why));
        endings.put(Side.SERVER, why);
        unregisterProducer(Side.CLIENT);
        closeByTap(Side.CLIENT, true);
        finishIfDone();
    }

    private @Nullable Object connectFailed(Failure failure) {
        connecting = null;
        if (legs.containsKey(Side.SERVER)) {
            // The connection was made, and a protocol on it failed as it started: its close is (or will be) recorded
            // as such when the reactor's close of the leg arrives (failedAfterConnecting), not as a connect failure.
            serverFailedAsItStarted = true;
        } else if (failure.check(CancelledError.class) == null) {
            String why = failure.check(TimeoutError.class) != null
                    ? tap.connectTimedOut()
                    : Problems.cannotConnect(tap.target(), failure.value());
            log.record(new CloseRecord(id, log.micros(), Side.SERVER, false, CloseKind.CONNECT_FAILED, why));
            endings.put(Side.SERVER, why);
            closeByTap(Side.CLIENT, true); // refused upstream: the client is reset, as if refused itself
        }
        finishIfDone();
        return null;
    }

    /**
     * Half-closes {@code side}'s leg; a TLS leg still in its handshake is half-closed once the handshake completes
     * (before it, TLS could only close both ways, or abort a leg with nothing to send).
     */
    private void halfClose(Side side) {
        TapLeg leg = legs.get(side);
        if (leg == null) {
            return;
        }
        ITransport t = leg.transport();
        unregisterProducer(side);
        if (t instanceof ISSLTransport tls && !tls.isHandshakeDone()) {
            halfCloseAfterHandshake.put(side, true);
            return;
        }
        if (t instanceof ITCPTransport tcp) {
            tcp.loseWriteConnection();
        } else {
            t.loseConnection();
        }
    }

    /** Unregisters the other leg's transport as the producer feeding {@code side}'s transport, if it is. */
    private void unregisterProducer(Side side) {
        TapLeg leg = legs.get(side);
        if (leg != null && Boolean.TRUE.equals(fed.put(side, false))) {
            leg.transport().unregisterProducer();
        }
    }

    private void closeByTap(Side side, boolean abort) {
        closeByTap(side, abort, false);
    }

    /**
     * Closes or resets {@code side}; a reset {@code afterFlush} comes once the bytes written to it are sent, and only
     * an immediate reset (an interrupt, an idle timeout) overtakes it.
     */
    private void closeByTap(Side side, boolean abort, boolean afterFlush) {
        closeByTap(side, abort, afterFlush, null);
    }

    /** Closes or resets {@code side} as {@link #closeByTap(Side, boolean, boolean)}, its close record saying {@code why}. */
    private void closeByTap(Side side, boolean abort, boolean afterFlush, @Nullable String why) {
        TapLeg leg = legs.get(side);
        if (leg == null
                || leg.isLost()
                || (Boolean.TRUE.equals(resetWhenFlushed.get(side)) && !(abort && !afterFlush))) {
            return;
        }
        closedByTap.put(side, true);
        if (why != null) {
            tapReasons.putIfAbsent(side, why); // the first reason stands: a later close follows from it
        }
        TapReading reading = readings.get(side);
        if (reading != null) {
            reading.closed();
        }
        if (abort && afterFlush) {
            resetWhenFlushed.put(side, true);
            resetOnceSent(leg.transport());
        } else if (abort) {
            leg.transport().abortConnection();
        } else {
            leg.transport().loseConnection();
        }
    }

    /**
     * Resets {@code t} once the bytes the tap wrote to it are handed to the kernel. A TLS leg is reset beneath TLS,
     * once their ciphertext is; one still in its handshake, whose bytes wait as plaintext for it, is reset at once.
     */
    private static void resetOnceSent(ITransport t) {
        ITransport beneath =
                t instanceof TLSMemoryBIOProtocol tls && tls.isHandshakeDone() ? tls.lowerTransport() : null;
        AbortWhenFlushed.abort(beneath != null ? beneath : t);
    }

    private void finishIfDone() {
        if (finished || connecting != null) {
            return;
        }
        for (TapLeg leg : legs.values()) {
            if (!leg.isLost()) {
                return;
            }
        }
        finished = true;
        IDelayedCall check = idleCheck;
        idleCheck = null;
        if (check != null && check.active()) {
            check.cancel();
        }
        if (faults != null) {
            faults.finish(); // records the closes still queued behind held bytes
        }
        tap.finished(this);
    }

    /** Describes the finished connection for its report line. */
    String line() {
        String to = server != null ? server : tap.target();
        StringBuilder line = new StringBuilder()
                .append('#')
                .append(id)
                .append(' ')
                .append(client)
                .append(" -> ")
                .append(to)
                .append(" c>s ")
                .append(Units.bytes(bytes[0]))
                .append(", s>c ")
                .append(Units.bytes(bytes[1]))
                .append(" in ")
                .append(Units.seconds(System.nanoTime() - openedNanos))
                .append("; client ")
                .append(endings.getOrDefault(Side.CLIENT, "open"))
                .append(", server ")
                .append(endings.getOrDefault(Side.SERVER, "never connected"));
        for (Side side : Side.values()) {
            TlsReport t = tls.get(side);
            if (t != null && t.handshakeDone()) {
                line.append("; ")
                        .append(side == Side.CLIENT ? "client " : "server ")
                        .append(t.words());
            }
        }
        return line.toString();
    }

    /** Describes the finished connection as the JSON object of {@code tap --json}. */
    String json() {
        JsonObject json = new JsonObject()
                .put("event", "connection")
                .put("seq", id)
                .put("client", String.valueOf(client))
                .put("server", server != null ? server : tap.target())
                .put("bytes_c2s", bytes[0])
                .put("bytes_s2c", bytes[1])
                .put("seconds", (System.nanoTime() - openedNanos) / 1e9)
                .put("client_closed", endings.getOrDefault(Side.CLIENT, "open"))
                .put("server_closed", endings.getOrDefault(Side.SERVER, "never connected"));
        for (Side side : Side.values()) {
            TlsReport t = tls.get(side);
            if (t != null) {
                t.addTo(json, side == Side.CLIENT ? "client_" : "server_");
            }
        }
        return json.toString();
    }

    long bytesFrom(Side side) {
        return bytes[side.code()];
    }

    /**
     * Names a {@link CloseKind#RESET} loss for the report: {@code reset}, or what a TLS peer did instead of a reset
     * ({@link TLSLoss}): {@code closed during the TLS handshake}, {@code closed without TLS close_notify (...)}, or
     * {@code no TLS close_notify in reply} (to the tap's).
     */
    static String lossWords(Failure reason) {
        TLSLoss loss = TLSLoss.of(reason);
        if (loss == null) {
            return CloseKind.RESET.label();
        }
        return switch (loss) {
            case CLOSED_DURING_HANDSHAKE -> Outcome.HANDSHAKE_CLOSED.words;
            case CLOSED_WITHOUT_CLOSE_NOTIFY -> Outcome.NO_CLOSE_NOTIFY.words + " (" + Outcome.TRUNCATION + ")";
            case NO_CLOSE_NOTIFY_REPLY -> "no TLS close_notify in reply";
        };
    }

    /** Tells whether {@code reason} is a TLS peer's close without a close_notify after the handshake. */
    static boolean truncation(Failure reason) {
        return TLSLoss.of(reason) == TLSLoss.CLOSED_WITHOUT_CLOSE_NOTIFY;
    }

    static CloseKind kindOf(Failure reason) {
        if (reason.check(ConnectionDone.class) != null) {
            return CloseKind.CLEAN;
        }
        if (reason.check(ConnectionAborted.class) != null) {
            return CloseKind.ABORTED;
        }
        if (reason.check(dev.weft.protocols.tls.TLSError.class) != null) {
            return CloseKind.ERROR; // a failed TLS handshake or record, not a reset
        }
        if (reason.check(ConnectionLost.class) != null) {
            return CloseKind.RESET;
        }
        return CloseKind.ERROR;
    }
}
