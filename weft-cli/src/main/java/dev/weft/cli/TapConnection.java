package dev.weft.cli;

import dev.weft.defer.Deferred;
import dev.weft.defer.Failure;
import dev.weft.defer.TimeoutError;
import dev.weft.fixture.forward.Forwarding;
import dev.weft.fixture.forward.Leg;
import dev.weft.internal.json.JsonObject;
import dev.weft.internet.Addresses;
import dev.weft.internet.ConnectionAborted;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.IDelayedCall;
import dev.weft.internet.IProtocol;
import dev.weft.internet.ITransport;
import dev.weft.internet.nio.AbortWhenFlushed;
import dev.weft.internet.testing.capture.CaptureRecord;
import dev.weft.internet.testing.capture.CloseKind;
import dev.weft.internet.testing.capture.CloseRecord;
import dev.weft.internet.testing.capture.Side;
import dev.weft.protocols.tls.ISSLTransport;
import dev.weft.protocols.tls.TLSError;
import dev.weft.protocols.tls.TLSErrorKind;
import dev.weft.protocols.tls.TLSLoss;
import dev.weft.protocols.tls.TLSMemoryBIOProtocol;
import java.util.EnumMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Carries one connection through {@code tap}: weft-fixture's forwarding core ({@link Forwarding}, which {@code
 * FaultProxy} runs too: legs, faults, flow control, ends, stalls and records) with the tap's own: TLS legs, the
 * connect and idle timeouts, the capture file and the report. The client is read up to {@link #EARLY_BYTES} while the
 * server leg connects, so a client that sends, half-closes or resets meanwhile is seen; its bytes are forwarded once
 * the server leg is up (after a clean close too).
 *
 * <p>A TLS leg whose peer closed without a close_notify (a truncation) sent every byte before its FIN: the other leg is
 * reset once the bytes the tap holds for it are handed to the kernel ({@link AbortWhenFlushed}, beneath TLS), so its
 * peer gets them, then the reset. A TLS leg is half-closed only once its handshake is done. A TLS server leg counts as
 * reached only once its handshake completes: {@code --connect-timeout} runs from the start of the connect to the end
 * of the handshake, and a server that accepts but does not complete it in time is given up as one that never
 * accepted (a connect-failed close, after its connected record).
 *
 * <p>With {@code --idle-timeout}, a connection through which no bytes have passed either way for that long is cut:
 * both legs are aborted (and a connect still under way is given up), each recorded as an aborted close by the tap
 * whose reason names the idle timeout, and the report says {@code idle timeout (by tap)}. The timer runs from the
 * accept; bytes read from either peer reset it, and so do bytes the faults deliver, while bytes a fault holds on
 * their way keep the connection from being idle. A TLS leg's handshake bytes do not count, as in {@code sink}: a
 * peer that stalls in its handshake is cut, named as such.
 *
 * <p>Confined to the reactor thread.
 */
final class TapConnection extends Forwarding {
    /** Bytes the tap reads from a client while it connects before it stops reading (one socket buffer). */
    static final int EARLY_BYTES = 64 * 1024;

    private final Tap tap;
    private final CaptureLog log;
    /** How each leg ended, in the report's words. */
    private final Map<Side, String> endings = new EnumMap<>(Side.class);
    /** Each TLS leg's version and cipher (or failure) as it ended; plain TCP legs have none. */
    private final Map<Side, TlsReport> tls = new EnumMap<>(Side.class);
    /** The TLS legs to half-close once their handshake completes. */
    private final Map<Side, Boolean> halfCloseAfterHandshake = new EnumMap<>(Side.class);

    private final long openedNanos = System.nanoTime();
    /** When the tap began connecting the server leg, on the connect timeout's clock ({@link Tap#now()}). */
    private double connectStarted;
    /** Gives up on a TLS server leg whose handshake has not completed by the end of the connect timeout. */
    private @Nullable IDelayedCall handshakeTimer;
    /** Why the tap gave up on the server leg's TLS handshake, or null if it did not. */
    private @Nullable String handshakeGivenUp;

    private @Nullable String client;
    private @Nullable String server;

    /** Checks whether the connection has been idle for the idle timeout; null without one, or once finished. */
    private @Nullable IDelayedCall idleCheck;
    /** When bytes last passed, on the idle timeout's clock ({@link Tap#idleNow()}). */
    private double lastActivity;
    /** Why the tap cut the connection as idle, for the capture, or null if it did not. */
    private @Nullable String idle;

    private boolean interrupted;

    TapConnection(int id, Tap tap, CaptureLog log) {
        super(id, new Style("server", EARLY_BYTES, true, false, true), tap.faults(), tap.clock());
        this.tap = tap;
        this.log = log;
    }

    @Override
    protected void record(CaptureRecord record) {
        log.record(record);
    }

    @Override
    protected long micros() {
        return log.micros();
    }

    @Override
    protected String target() {
        return tap.target();
    }

    @Override
    protected String bytes(long n) {
        return Units.bytes(n);
    }

    @Override
    protected void opened() {
        ITransport t = java.util.Objects.requireNonNull(leg(Side.CLIENT)).transport();
        client = Addresses.text(t.getPeer());
        tap.opened(this);
    }

    @Override
    protected void started() {
        lastActivity = tap.idleNow();
        scheduleIdleCheck(tap.idleTimeout());
        connectStarted = tap.now();
    }

    @Override
    protected Deferred<IProtocol> connect() {
        return tap.connect(this);
    }

    @Override
    protected void serverLegMade(ITransport t) {
        server = Addresses.text(t.getPeer());
        if (t instanceof ISSLTransport tls && !tls.isHandshakeDone()) {
            handshakeTimer = tap.handshakeTimeout(connectStarted, this::handshakeTimedOut);
        }
    }

    @Override
    protected void activity() {
        lastActivity = tap.idleNow();
    }

    @Override
    protected void legLost(Side side) {
        if (side == Side.SERVER) {
            cancelHandshakeTimer();
        }
    }

    @Override
    protected String cannotConnect(Failure failure) {
        return failure.check(TimeoutError.class) != null
                ? tap.connectTimedOut()
                : Problems.cannotConnect(tap.target(), failure.value());
    }

    /** Says the server leg failed as it started: an error close naming what was thrown, not a connect failure. */
    @Override
    protected String failedAsItStarted(Failure reason) {
        return Problems.failedAfterConnecting(tap.target(), reason.value());
    }

    @Override
    protected void ended(Side side, String words) {
        endings.put(side, words);
    }

    /**
     * Takes the loss of the server leg the tap aborted for want of a TLS handshake: a connect that failed (the close
     * names the timeout; JSON gives {@code server_tls_error} {@code HANDSHAKE_TIMEOUT}); the client is reset, as for a
     * server that never accepted.
     */
    @Override
    protected boolean takesLoss(Side side, Failure reason) {
        String why = side == Side.SERVER ? handshakeGivenUp : null;
        if (why == null) {
            return false;
        }
        Leg serverLeg = leg(Side.SERVER);
        if (serverLeg != null) {
            TlsReport report = TlsReport.of(
                    serverLeg.transport(), new Failure(new TLSError(TLSErrorKind.HANDSHAKE_TIMEOUT, false, why, null)));
            if (report != null) {
                tls.put(Side.SERVER, report);
            }
        }
        recordClose(new CloseRecord(id(), log.micros(), Side.SERVER, false, CloseKind.CONNECT_FAILED, why));
        endings.put(Side.SERVER, why);
        closeLeg(Side.CLIENT, true, false, null, false);
        finishIfDone();
        return true;
    }

    @Override
    protected CloseRecord closeRecord(
            Side side, boolean byTap, CloseKind raw, Failure reason, @Nullable String why, boolean named) {
        // The tap's abort of an idle connection: recorded and reported as idle, before an interrupt that followed.
        String idleWords = byTap && reason.check(ConnectionAborted.class) != null ? idle : null;
        CloseKind kind = interrupted && byTap && idleWords == null ? CloseKind.INTERRUPTED : raw;
        // A close the tap made for a reason of its own (a stall) names it, unless the peer's reset overtook it.
        String tapWords = byTap && named && (kind == CloseKind.CLEAN || kind == CloseKind.ABORTED) ? why : null;
        String words = idleWords != null
                ? idleWords
                : tapWords != null ? tapWords : Problems.oneLine(reason.getErrorMessage());
        String label = idleWords != null
                ? Outcome.IDLE.words
                : byTap && kind == CloseKind.ABORTED
                        ? "reset"
                        : kind == CloseKind.RESET ? lossWords(reason) : kind.label();
        Leg lost = leg(side);
        TlsReport legTls = lost == null ? null : TlsReport.of(lost.transport(), reason);
        if (legTls != null) {
            tls.put(side, legTls);
            String failed = TlsReport.failure(reason, legTls.handshakeDone());
            if (failed != null) {
                label = failed.substring(0, failed.indexOf(')') + 1);
                words = failed;
            }
        }
        endings.put(side, label + (byTap ? " (by tap)" : ""));
        return new CloseRecord(id(), log.micros(), side, byTap, kind, words);
    }

    @Override
    protected CloseKind kindOf(Failure reason) {
        return reason.check(TLSError.class) != null
                        && reason.check(ConnectionDone.class) == null
                        && reason.check(ConnectionAborted.class) == null
                ? CloseKind.ERROR // a failed TLS handshake or record, not a reset
                : super.kindOf(reason);
    }

    /** Tells whether {@code reason} is a TLS peer's close without a close_notify after the handshake. */
    @Override
    protected boolean truncation(Failure reason) {
        return TLSLoss.of(reason) == TLSLoss.CLOSED_WITHOUT_CLOSE_NOTIFY;
    }

    /**
     * Names a {@link CloseKind#RESET} loss for the report: {@code reset}, or what a TLS peer did instead of a reset
     * ({@link TLSLoss}): {@code closed during the TLS handshake}, {@code closed without TLS close_notify (...)}, or
     * {@code no TLS close_notify in reply} (to the tap's).
     */
    @Override
    protected String lossWords(Failure reason) {
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

    /** A TLS leg still in its handshake is half-closed once it completes (before, TLS could only close both ways). */
    @Override
    protected boolean halfCloseLater(Side side, ITransport t) {
        if (t instanceof ISSLTransport s && !s.isHandshakeDone()) {
            halfCloseAfterHandshake.put(side, true);
            return true;
        }
        return false;
    }

    /**
     * Resets {@code t} once the bytes the tap wrote to it are handed to the kernel. A TLS leg is reset beneath TLS,
     * once their ciphertext is; one still in its handshake, whose bytes wait as plaintext for it, is reset at once.
     */
    @Override
    protected void resetWhenSent(ITransport t) {
        ITransport beneath = t instanceof TLSMemoryBIOProtocol s && s.isHandshakeDone() ? s.lowerTransport() : null;
        AbortWhenFlushed.abort(beneath != null ? beneath : t);
    }

    @Override
    protected void finished() {
        IDelayedCall check = idleCheck;
        idleCheck = null;
        if (check != null && check.active()) {
            check.cancel();
        }
        tap.finished(this);
    }

    /**
     * A leg's TLS handshake completed: for the server leg, the connect timeout ends; a half-close that waited for
     * the handshake is made now.
     */
    void handshakeCompleted(Side side) {
        if (side == Side.SERVER) {
            cancelHandshakeTimer();
        }
        Leg leg = leg(side);
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
        Leg leg = leg(Side.SERVER);
        if (leg == null || leg.isLost() || !(leg.transport() instanceof ISSLTransport s) || s.isHandshakeDone()) {
            return;
        }
        handshakeGivenUp = tap.handshakeTimedOut();
        closeLeg(Side.SERVER, true, false, null, false);
    }

    private void scheduleIdleCheck(double seconds) {
        idleCheck = tap.idleCheck(seconds, this::checkIdle);
    }

    /** Cuts the connection if no bytes have passed for the idle timeout, else looks again when it could be. */
    private void checkIdle() {
        idleCheck = null;
        if (isFinished()) {
            return;
        }
        double now = tap.idleNow();
        double timeout = tap.idleTimeout();
        if (holdsBytes()) {
            lastActivity = now; // bytes are on their way: not idle
        }
        if (now - lastActivity < timeout) {
            scheduleIdleCheck(lastActivity + timeout - now);
            return;
        }
        idle = tap.idleTimedOut(handshakeStalled());
        abortAll(null);
    }

    /** Names the leg, client first, whose TLS handshake has not completed, or returns null if none. */
    private @Nullable String handshakeStalled() {
        for (Side side : Side.values()) {
            Leg leg = leg(side);
            if (leg != null && leg.transport() instanceof ISSLTransport t && !t.isHandshakeDone()) {
                return name(side);
            }
        }
        return null;
    }

    /** Aborts every open leg and stops connecting; the legs then close as interrupted. */
    void interrupt() {
        interrupted = true;
        abortAll(null);
    }

    /** Describes the finished connection for its report line. */
    String line() {
        String to = server != null ? server : tap.target();
        StringBuilder line = new StringBuilder()
                .append('#')
                .append(id())
                .append(' ')
                .append(client)
                .append(" -> ")
                .append(to)
                .append(" c>s ")
                .append(Units.bytes(bytesFrom(Side.CLIENT)))
                .append(", s>c ")
                .append(Units.bytes(bytesFrom(Side.SERVER)))
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
                .put("seq", id())
                .put("client", String.valueOf(client))
                .put("server", server != null ? server : tap.target())
                .put("bytes_c2s", bytesFrom(Side.CLIENT))
                .put("bytes_s2c", bytesFrom(Side.SERVER))
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
}
