package dev.weft.cli;

import dev.weft.defer.Failure;
import dev.weft.internet.IDelayedCall;
import dev.weft.internet.IHalfCloseableProtocol;
import dev.weft.internet.IPushProducer;
import dev.weft.internet.IReactorTime;
import dev.weft.internet.ITCPTransport;
import dev.weft.internet.ITransport;
import dev.weft.internet.Protocol;
import dev.weft.protocols.tls.IHandshakeListener;
import dev.weft.protocols.tls.ISSLTransport;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Speaks for {@code weft send}: streams the input to the peer (through an {@link InputPump}
 * registered as the transport's producer), half-closes when the input ends (unless told to keep the
 * connection open: {@code --no-shutdown}), streams what the peer sends to the output (through an
 * {@link OutputPump}), and closes once the peer has finished too.
 * Over TLS the connect's timeout runs on to the end of the handshake ({@code tls:} connects at the TCP
 * connect), so a server that accepts but never completes the handshake is given up within it.
 *
 * <p>Confined to the reactor thread, except {@link #result()}, whose future is thread-safe.
 */
final class SendProtocol extends Protocol implements IHalfCloseableProtocol, IHandshakeListener {
    /**
     * How the conversation ended: the close reason, counts, and a local failure if one caused it.
     *
     * @param sent the bytes of input that went to the transport (over TLS, once the handshake let them out) and
     *     that the peer can have read: 0 when the peer refused the TLS handshake
     * @param read the bytes read from the input: more than {@code sent} when some waited for a TLS handshake that
     *     never completed
     * @param unread the bytes written once this end's part of the TLS handshake was done that the peer never read,
     *     as it refused the handshake after that (TLS 1.3: a server refusing the client's certificate); else 0
     */
    record Result(
            Failure reason,
            long sent,
            long read,
            long received,
            long unread,
            @Nullable String localProblem,
            @Nullable TlsReport tls) {

        /**
         * Says what went each way, as {@link SendProtocol#counts} does; when the peer refused the handshake after
         * this end had written, {@code after writing 4 bytes, none of them read by the server (it refused the
         * handshake), and receiving 0 bytes}.
         */
        String counts() {
            if (unread > 0) {
                return "after writing " + Units.bytes(unread) + ", none of them read by the server (it refused the"
                        + " handshake), and receiving " + Units.bytes(received);
            }
            return SendProtocol.counts(sent, read, received);
        }

        Result withLocalProblem(String problem) {
            return new Result(reason, sent, read, received, unread, problem, tls);
        }
    }

    private final InputPumpFactory inputs;
    private final OutputPump output;
    private final boolean noDelay;
    private final boolean keepOpen;
    private final CompletableFuture<Result> result = new CompletableFuture<>();
    private @Nullable InputPump input;
    /** Bytes of input handed to the transport and not held by it for a TLS handshake: what went out. */
    private long sent;
    /** Bytes of input read: {@link #sent}, plus those that wait for the TLS handshake. */
    private long read;

    private long received;
    private boolean inputDone;
    private boolean peerDone;
    private @Nullable String localProblem;
    private final IReactorTime clock;
    private final long timeoutNanos;
    private final long connectStartedNanos;
    private long lastActivityNanos = System.nanoTime();
    private @Nullable IDelayedCall silenceCheck;
    private @Nullable IDelayedCall handshakeCheck;

    /** Makes the input pump once the transport exists. */
    interface InputPumpFactory {
        InputPump create(SendProtocol protocol);
    }

    SendProtocol(InputPumpFactory inputs, OutputPump output) {
        this(inputs, output, new dev.weft.internet.task.Clock(), 0, System.nanoTime(), false, false);
    }

    /**
     * @param timeoutNanos how long the connect (over TLS, to the end of the handshake) may take, and then
     *     how long the conversation may be silent both ways, before it is given up; or 0
     * @param connectStartedNanos when the connect began ({@link System#nanoTime()}): the TLS handshake must
     *     be done {@code timeoutNanos} after it
     * @param noDelay sets {@code TCP_NODELAY} (on TCP) so each write leaves at once ({@code --split})
     * @param keepOpen does not half-close when the input ends, but waits for the peer to close ({@code
     *     --no-shutdown})
     */
    SendProtocol(
            InputPumpFactory inputs,
            OutputPump output,
            IReactorTime clock,
            long timeoutNanos,
            long connectStartedNanos,
            boolean noDelay,
            boolean keepOpen) {
        this.inputs = inputs;
        this.output = output;
        this.clock = clock;
        this.timeoutNanos = timeoutNanos;
        this.connectStartedNanos = connectStartedNanos;
        this.noDelay = noDelay;
        this.keepOpen = keepOpen;
    }

    /**
     * Gives up, with a local problem, on a TLS server that has not completed the handshake by the end of
     * the connect's timeout: the bytes read from the input meanwhile wait for the handshake, unsent.
     */
    private void scheduleHandshakeCheck(ISSLTransport tls) {
        long left = Math.max(connectStartedNanos + timeoutNanos - System.nanoTime(), 0);
        handshakeCheck = clock.callLater(left / 1e9, () -> {
            handshakeCheck = null;
            if (!tls.isHandshakeDone() && localProblem == null) {
                localProblem = "no TLS handshake within " + Units.seconds(timeoutNanos) + " (--timeout): the server"
                        + " accepted the connection but did not complete the handshake; check that it speaks TLS"
                        + " on this port";
                transport().abortConnection();
            }
        });
    }

    /** Gives up, with a local problem, once nothing has been sent or received for the timeout. */
    private void scheduleSilenceCheck(long inNanos) {
        silenceCheck = clock.callLater(inNanos / 1e9, () -> {
            silenceCheck = null;
            long silent = System.nanoTime() - lastActivityNanos;
            if (silent < timeoutNanos) {
                scheduleSilenceCheck(timeoutNanos - silent);
            } else if (localProblem == null) {
                localProblem = inputDone && keepOpen
                        ? "the peer sent nothing for " + Units.seconds(timeoutNanos) + " (--timeout) after the input"
                                + " ended, and did not close the connection (--no-shutdown waits for that), "
                                + counts(sent, read, received)
                        : "no reply within " + Units.seconds(timeoutNanos) + " (--timeout): nothing was sent or"
                                + " received for that long, " + counts(sent, read, received);
                transport().abortConnection();
            }
        });
    }

    @Override
    public void connectionMade() {
        ITransport t = transport();
        if (noDelay) {
            NoDelay.set(t);
        }
        output.setSource(t instanceof IPushProducer producer ? producer : null);
        InputPump pump = inputs.create(this);
        input = pump;
        t.registerProducer(pump, true);
        pump.start();
        lastActivityNanos = System.nanoTime();
        if (timeoutNanos > 0) {
            if (t instanceof ISSLTransport tls && !tls.isHandshakeDone()) {
                scheduleHandshakeCheck(tls); // the silence check starts once the handshake is done
            } else {
                scheduleSilenceCheck(timeoutNanos);
            }
        }
    }

    /**
     * The TLS handshake is done: the connect's timeout ends, the silence check starts, and an input that
     * ended meanwhile is half-closed now.
     */
    @Override
    public void handshakeCompleted() {
        sent = read; // what waited for the handshake goes out now, before anything else
        IDelayedCall check = handshakeCheck;
        if (check != null) {
            handshakeCheck = null;
            check.cancel();
            lastActivityNanos = System.nanoTime();
            scheduleSilenceCheck(timeoutNanos);
        }
        if (inputDone && !keepOpen) {
            halfClose(transport());
        }
    }

    /**
     * Writes a chunk of the input. Over TLS a chunk written before the handshake completes waits for it, so it counts
     * as sent only once the handshake is done ({@link #handshakeCompleted}).
     */
    void chunkRead(byte[] chunk) {
        read += chunk.length;
        ITransport t = transport();
        if (!(t instanceof ISSLTransport tls) || tls.isHandshakeDone()) {
            sent = read;
        }
        lastActivityNanos = System.nanoTime();
        t.write(chunk);
    }

    /**
     * Says what went each way: {@code after sending 5 bytes and receiving 1 byte}; when bytes read from the input
     * waited for a TLS handshake that never completed, {@code after reading 6 bytes of input (none sent) and
     * receiving 0 bytes}.
     */
    static String counts(long sent, long read, long received) {
        String out = read == sent
                ? "sending " + Units.bytes(sent)
                : sent == 0
                        ? "reading " + Units.bytes(read) + " of input (none sent)"
                        : "sending " + sent + " of the " + Units.bytes(read) + " read from the input";
        return "after " + out + " and receiving " + Units.bytes(received);
    }

    /**
     * The input ended: half-closes, over TLS once the handshake is done (before it, TLS can only close
     * both ways, or abort when nothing waits to be sent, as Twisted's {@code loseConnection} does); or,
     * keeping the connection open, closes it only if the peer has finished already.
     */
    void inputEnded() {
        inputDone = true;
        ITransport t = transport();
        t.unregisterProducer();
        if (keepOpen) {
            if (peerDone) {
                t.loseConnection();
            }
        } else if (!(t instanceof ISSLTransport tls) || tls.isHandshakeDone()) {
            halfClose(t);
        }
    }

    private static void halfClose(ITransport t) {
        if (t instanceof ITCPTransport tcp) {
            tcp.loseWriteConnection();
        } else {
            t.loseConnection();
        }
    }

    void inputFailed(Exception e) {
        localProblem =
                e instanceof CliFailure ? e.getMessage() : "cannot read the input: " + Problems.oneLine(e.getMessage());
        transport().abortConnection();
    }

    long sent() {
        return sent;
    }

    @Override
    public void dataReceived(byte[] data) {
        received += data.length;
        lastActivityNanos = System.nanoTime();
        output.write(data);
        if (output.failure() != null && localProblem == null) {
            localProblem = WeftCli.OUTPUT_FAILED;
            transport().abortConnection();
        }
    }

    @Override
    public void readConnectionLost() {
        peerDone = true;
        if (inputDone) {
            transport().loseConnection();
        }
    }

    @Override
    public void writeConnectionLost() {
        if (peerDone) {
            transport().loseConnection();
        }
    }

    @Override
    public void connectionLost(Failure reason) {
        for (IDelayedCall check : new IDelayedCall[] {silenceCheck, handshakeCheck}) {
            if (check != null && check.active()) {
                check.cancel();
            }
        }
        InputPump pump = input;
        if (pump != null) {
            pump.stopProducing();
        }
        output.setSource(null);
        TlsReport tls = TlsReport.of(transport(), reason);
        // Bytes are written once this end's part of the handshake is done; a peer that then refuses the handshake
        // (its part failed: TlsReport says not done) has read none of them.
        long unread = tls != null && !tls.handshakeDone() ? sent : 0;
        Result r = new Result(reason, sent - unread, read, received, unread, localProblem, tls);
        output.finish().whenComplete((ignored, error) -> {
            // The last writes fail on the output's thread after dataReceived has looked: look again.
            result.complete(
                    output.failure() == null || r.localProblem() != null
                            ? r
                            : r.withLocalProblem(WeftCli.OUTPUT_FAILED));
        });
    }

    /** Completes after the connection is lost and everything received has been written out. */
    CompletableFuture<Result> result() {
        return result;
    }
}
