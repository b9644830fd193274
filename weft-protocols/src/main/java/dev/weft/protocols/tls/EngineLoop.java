package dev.weft.protocols.tls;

import dev.weft.internet.IBufferedProtocol;
import dev.weft.internet.IHalfCloseableProtocol;
import dev.weft.internet.IOffThreadWrite;
import dev.weft.internet.IProducer;
import dev.weft.internet.IProtocol;
import dev.weft.internet.ITCPTransport;
import dev.weft.internet.ITransport;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * Runs one connection's engine as far as it can go: delegated tasks, handshake flights, unwrapping
 * what arrived and delivering the plaintext, wrapping queued writes once the handshake is done,
 * {@code close_notify} both ways, failures (the alert, then the transport's close) and the two
 * timeouts. A write from inside a callback of the wrapped protocol is wrapped and handed beneath at
 * once ({@link #written()}); other re-entrant calls (a close inside {@code dataReceived}) make the loop
 * run once more instead of nesting. Made by {@link
 * TLSMemoryBIOProtocol} when its transport connects; shares its {@link CloseState}, {@link
 * Outbound}, {@link Session}, {@link Timers} and {@link ReadFlow}. While the wrapped protocol is
 * paused, records stay undecrypted unless TLS needs them (handshake, {@code close_notify} exchange).
 * A wrapped protocol on the {@linkplain IBufferedProtocol#bufferPathOf buffer path} has each whole
 * record decrypted straight into the buffer it lends, when the plaintext fits there; otherwise, and
 * for plaintext held while it was paused, the bytes are copied into its buffers.
 *
 * <p>Confined to the reactor thread, but for a delegated task and the wrap after it ({@code
 * WrapAhead}), which run on a worker while the reactor thread leaves the engine and its output alone;
 * the worker also writes the flight when the transport lends it an {@link IOffThreadWrite} writer.
 */
final class EngineLoop {
    private static final System.Logger LOG = System.getLogger(EngineLoop.class.getName());
    private static final ByteBuffer EMPTY = EngineIO.EMPTY;
    private static final String TLS13 = "TLSv1.3";

    private final ISSLTransport owner;
    private final IProtocol wrapped;
    /** {@code wrapped} if it takes the buffer path, else null. */
    private final @Nullable IBufferedProtocol bufferPath;

    private final DelegatedTasks tasks;
    private final @Nullable Duration closeNotifyTimeout;
    private final EngineIO io;
    private final ITransport transport;
    private final Outbound pending;
    private final Session session;
    private final Timers timers;
    private final CloseState state;
    private final ReadFlow flow;
    /** The delegated task that owns the engine, from its hand-off to its continuation; null when none runs. */
    private @Nullable WrapAhead task;
    /** Run after the running task's continuation: the peer's close or the connection's loss, held back meanwhile. */
    private @Nullable Runnable afterTask;

    private boolean draining;
    private boolean driving;
    private boolean redrive;

    EngineLoop(
            ISSLTransport owner,
            IProtocol wrapped,
            DelegatedTasks tasks,
            @Nullable Duration closeNotifyTimeout,
            EngineIO io,
            ITransport transport,
            Outbound pending,
            Session session,
            Timers timers,
            CloseState state,
            ReadFlow flow) {
        this.owner = owner;
        this.wrapped = wrapped;
        this.bufferPath = IBufferedProtocol.bufferPathOf(wrapped);
        this.tasks = tasks;
        this.closeNotifyTimeout = closeNotifyTimeout;
        this.io = io;
        this.transport = transport;
        this.pending = pending;
        this.session = session;
        this.timers = timers;
        this.state = state;
        this.flow = flow;
    }

    SSLEngine engine() {
        return io.engine;
    }

    // The three below answer for the TLS layer without waiting: the JDK's engine holds its lock for
    // the whole of a delegated task, so while one runs the reactor thread leaves the engine alone.

    /** {@return whether the engine takes no more input; false while a task runs (the continuation decides)} */
    boolean inboundDone() {
        return task == null && io.engine.isInboundDone();
    }

    /** {@return how many encrypted bytes wait to be handed beneath; 0 while a task has the engine} */
    int ciphertextWaiting() {
        return task == null ? io.outputWaiting() : 0;
    }

    /** {@return whether the engine sends no more; false while a task runs (queued writes wait for it)} */
    boolean outboundDone() {
        return task == null && io.engine.isOutboundDone();
    }

    /**
     * {@return whether a delegated task runs and bytes from the peer wait behind it} They may finish the
     * handshake and carry data and a close_notify: the task's continuation decrypts them.
     */
    boolean peerBytesWaitForTask() {
        return task != null && io.hasInput();
    }

    /**
     * Runs {@code then} once no delegated task runs, after the last one's continuation has driven the
     * engine over what came meanwhile; at once if none runs.
     */
    void afterTask(Runnable then) {
        WrapAhead running = task;
        if (running == null) {
            then.run();
            return;
        }
        running.cameDuringTask();
        Runnable before = afterTask;
        afterTask = before == null
                ? then
                : () -> {
                    before.run();
                    then.run();
                };
    }

    /** Closes the engine's inbound side of a lost connection, unless a task runs (the engine is dropped). */
    void closeInboundOfLostConnection() {
        WrapAhead running = task;
        if (running != null) {
            running.cameDuringTask();
            return;
        }
        if (io.engine.isInboundDone()) {
            return;
        }
        try {
            io.engine.closeInbound();
        } catch (SSLException expected) {
            // "closing inbound before receiving peer's close_notify": the connection's reason says it
        }
    }

    /** Appends ciphertext from the transport and runs the engine. */
    void received(byte[] data) {
        io.received(data);
        drive();
    }

    /** The wrapped protocol paused: stop reading beneath unless TLS needs the peer's bytes. */
    void pause() {
        flow.pause();
        flow.sync(tlsNeedsBytes());
    }

    /** The wrapped protocol resumed: deliver what was held, decrypt what waits, read again. */
    void resume() {
        flow.resume();
        flow.sync(tlsNeedsBytes());
        boolean outer = flow.resuming(true);
        try {
            drive();
        } finally {
            flow.resuming(outer);
        }
    }

    /** {@return whether the peer's close must wait for the wrapped protocol: see {@link ReadFlow#holdsPeerEnd()}} */
    boolean holdsPeerEnd() {
        return flow.holdsPeerEnd();
    }

    /** {@return whether the wrapped protocol has paused its reading} */
    boolean isPaused() {
        return flow.isPaused();
    }

    /** {@return whether TLS itself waits for bytes from the peer: the handshake, or the close_notify exchange} */
    private boolean tlsNeedsBytes() {
        return !session.isDone() || state.close == CloseState.Close.FULL;
    }

    /** {@return how many bytes the peer sent that cannot begin a TLS record and wait unread, else 0} */
    int bytesThatCannotBeTls() {
        return io.bytesThatCannotBeTls();
    }

    /** {@return whether the peer has sent nothing at all on this connection} */
    boolean peerSentNothing() {
        return io.receivedNothing();
    }

    /** {@return whether this end is the TLS client} */
    boolean isClient() {
        return io.client;
    }

    /**
     * Before {@code connectionLost}: delivers the held plaintext and decrypts what is left, paused or not
     * (a paused protocol gets its loss only after its own close, a reset or the reactor's stop).
     */
    void deliverRemaining() {
        if (state.aborted || state.tlsFailure != null || state.lost || !session.isDone()) {
            return;
        }
        draining = true;
        try {
            deliverHeld();
            EngineIO x = io;
            while (x.hasInput() && !x.engine.isInboundDone() && state.tlsFailure == null && unwrap(x)) {
                // each record's plaintext is delivered by unwrap
            }
        } catch (SSLException truncatedOrBad) {
            // the connection is gone; its reason is the transport's
        } finally {
            draining = false;
        }
    }

    /** Lends the ciphertext buffer for the transport to read at least {@code sizeHint} bytes into. */
    ByteBuffer inputBuffer(int sizeHint) {
        return io.inputBuffer(sizeHint);
    }

    /** Takes what the transport read into {@link #inputBuffer(int)}, and runs the engine on it. */
    void inputWritten() {
        io.inputWritten();
        drive();
    }

    /** Fails the connection whose handshake took too long, and aborts the transport. */
    void handshakeTimedOut(Duration t) {
        if (session.isDone() || state.lost || state.transportClosing) {
            return;
        }
        state.failWith(new TLSError(
                TLSErrorKind.HANDSHAKE_TIMEOUT, false, "no completed handshake after " + t.toMillis() + " ms", null));
        state.transportClosing = true;
        pending.clear();
        transport.abortConnection();
    }

    /** Aborts the connection whose peer never answered our close_notify. */
    void closeNotifyTimedOut(Duration t) {
        if (state.lost || state.transportClosing) {
            return;
        }
        state.failWith(TLSLoss.NO_CLOSE_NOTIFY_REPLY.lost("the peer sent no TLS close_notify within " + t.toMillis()
                + " ms of ours, so the connection was aborted"));
        state.transportClosing = true;
        pending.clear();
        transport.abortConnection();
    }

    /**
     * The wrapped protocol wrote (its queued bytes are in {@code pending}): encrypts them and hands the
     * ciphertext to the transport beneath now, even from inside one of its callbacks while the loop runs,
     * then runs the engine. So a reply written in {@code dataReceived} is on its way before the next
     * record (perhaps the peer's {@code close_notify}) is unwrapped, and the transport beneath sees each
     * write as it is made and pauses a producer at its high-water mark, as on plain TCP. Writes stay
     * queued while a delegated task owns the engine, while the engine wants a task or the peer's bytes,
     * and in the last delivery before {@code connectionLost}.
     */
    void written() {
        if (task == null && !draining && !state.lost && state.tlsFailure == null && session.isDone()) {
            try {
                wrapQueued(io);
            } catch (SSLException ex) {
                fail(ex);
                return;
            }
        }
        drive();
    }

    /** Wraps what the engine must send first (a session ticket, a key update), then the queued writes, and flushes. */
    private void wrapQueued(EngineIO x) throws SSLException {
        SSLEngine e = x.engine;
        for (int i = 0; i < 8 && e.getHandshakeStatus() == HandshakeStatus.NEED_WRAP; i++) {
            if (!wrap(x, EMPTY)) {
                break;
            }
        }
        if (e.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING) {
            wrapPending(x);
        }
        flush();
    }

    /** Runs the engine as far as it can go; re-entrant calls (from the wrapped protocol) loop once more. */
    void drive() {
        if (driving) {
            redrive = true;
            return;
        }
        WrapAhead running = task;
        if (running != null) {
            running.cameDuringTask();
            return;
        }
        if (state.lost) {
            return;
        }
        driving = true;
        try {
            do {
                redrive = false;
                step();
            } while (redrive && task == null && !state.lost);
        } catch (SSLException ex) {
            fail(ex);
        } finally {
            driving = false;
        }
    }

    private void step() throws SSLException {
        EngineIO x = io;
        SSLEngine e = x.engine;
        while (task == null && !state.lost && state.tlsFailure == null) {
            deliverHeld();
            HandshakeStatus hs = e.getHandshakeStatus();
            boolean progressed;
            if (hs == HandshakeStatus.NEED_TASK) {
                runTasks(e);
                progressed = true;
            } else if (hs == HandshakeStatus.NEED_WRAP) {
                progressed = wrap(x, EMPTY);
            } else {
                progressed = x.hasInput() && !e.isInboundDone() && (!flow.isPaused() || tlsNeedsBytes()) && unwrap(x);
                if (!progressed && hs == HandshakeStatus.NOT_HANDSHAKING && session.isDone()) {
                    progressed = wrapPending(x);
                }
                if (!progressed) {
                    progressed = startClose(e);
                }
            }
            if (!progressed) {
                break;
            }
        }
        if (task != null) {
            // The task, then the wrap of what it produced, own the engine and its output buffer
            // until the continuation: the JDK's engine holds its lock for the whole task.
            return;
        }
        flush();
        if (session.isDone() && !state.lost) {
            pending.releaseProducer();
        }
        if (!state.lost) {
            flow.sync(tlsNeedsBytes());
        }
        if (!state.transportClosing && !state.lost && state.tlsFailure == null) {
            if (e.isOutboundDone() && e.isInboundDone()) {
                closeTransport();
            } else if (state.close == CloseState.Close.FULL && e.isOutboundDone()) {
                timers.startCloseWait(closeNotifyTimeout, this::closeNotifyTimedOut);
            } else if (state.close == CloseState.Close.HALF && e.isOutboundDone() && !state.halfCloseSent) {
                state.halfCloseSent = true;
                if (transport instanceof ITCPTransport tcp) {
                    tcp.loseWriteConnection();
                }
            }
        }
    }

    private void runTasks(SSLEngine e) {
        List<Runnable> all = new ArrayList<>();
        for (Runnable t = e.getDelegatedTask(); t != null; t = e.getDelegatedTask()) {
            all.add(t);
        }
        if (tasks.isInline()) {
            all.forEach(Runnable::run);
            return;
        }
        flush(); // what the engine produced before the task goes out before what it produces after
        if (!state.lost) {
            flow.sync(tlsNeedsBytes());
        }
        EngineIO x = io;
        IOffThreadWrite.@Nullable Writer direct =
                !state.lost && transport instanceof IOffThreadWrite w ? w.offThreadWriter() : null;
        WrapAhead flight = new WrapAhead(x.hasInput());
        task = flight;
        tasks.run(
                () -> {
                    all.forEach(Runnable::run);
                    flight.wrap(x);
                    if (direct != null) {
                        flight.writeNow(direct);
                    }
                },
                () -> {
                    task = null;
                    try {
                        flight.sendOrFail();
                        drive();
                        Runnable then = afterTask;
                        if (then != null && task == null) {
                            afterTask = null;
                            then.run();
                        }
                    } catch (Throwable t) {
                        continuationFailed(t);
                    }
                },
                flight);
    }

    /**
     * A callback of the wrapped protocol threw in a task's continuation, where no transport catches it:
     * as the reactor does with a callback that throws, it is logged and the connection is lost with it.
     */
    private void continuationFailed(Throwable error) {
        LOG.log(Level.ERROR, "Unhandled exception in " + wrapped + ", called by TLS after a delegated task", error);
        if (state.lost) {
            return;
        }
        state.failWith(error);
        pending.clear();
        state.transportClosing = true;
        transport.abortConnection();
    }

    /**
     * Wraps, on the worker and straight after the task, the flight the task made (a server's
     * ServerHello to Finished, a client's Finished), while the engine's state is in that core's cache.
     * When the transport gave a writer before the task (nothing was queued), the worker writes the
     * flight itself and the peer has it without waiting for the reactor thread to wake; the
     * continuation, on the reactor thread, sends what the socket did not take, reports a finished
     * handshake or fails the connection with the engine's exception. Nothing here calls the wrapped
     * protocol or, but for that writer, the transport.
     *
     * <p>When the worker wrote the whole flight and the engine waits for the peer's answer, nothing is
     * due on the reactor thread before that answer arrives, so the continuation is queued without
     * waking it ({@link DelegatedTasks.HandBack}), unless bytes were waiting when the task started or
     * the reactor thread came to this connection during it (input, a close, the connection lost):
     * then it wakes.
     */
    private final class WrapAhead implements DelegatedTasks.HandBack {
        private static final int TASK = 0;
        private static final int CAME = 1;
        private static final int LAZY = 2;

        private final List<byte[]> sent = new ArrayList<>(1);
        private final boolean inputWaiting;
        private final AtomicInteger handBack = new AtomicInteger(TASK);
        private boolean finished;
        private boolean waitsForPeer;
        private long total;
        private long written;
        private @Nullable SSLException failure;

        WrapAhead(boolean inputWaiting) {
            this.inputWaiting = inputWaiting;
        }

        /** On the reactor thread, which came to the connection during the task: no lazy continuation. */
        void cameDuringTask() {
            handBack.compareAndSet(TASK, CAME);
        }

        /** On the worker, after the task, the wrap and the write. */
        @Override
        public boolean mayWait() {
            return !inputWaiting
                    && failure == null
                    && !finished
                    && waitsForPeer
                    && total > 0
                    && written == total
                    && handBack.get() == TASK;
        }

        /** On the worker, after the continuation was queued without a wake-up. */
        @Override
        public boolean settleLazy() {
            return handBack.compareAndSet(TASK, LAZY);
        }

        /** On the worker. */
        void wrap(EngineIO x) {
            try {
                for (int i = 0; i < 8 && x.engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP; i++) {
                    SSLEngineResult r = x.wrap(EMPTY, this::keep);
                    finished |= r.getHandshakeStatus() == HandshakeStatus.FINISHED;
                    if (r.bytesProduced() == 0) {
                        break;
                    }
                }
                keep(x.takeOutput());
                waitsForPeer = x.engine.getHandshakeStatus() == HandshakeStatus.NEED_UNWRAP;
            } catch (SSLException ex) {
                failure = ex;
            } catch (RuntimeException ex) {
                // left for the reactor thread, whose own wrap meets it again and handles it as always
            }
        }

        /** On the worker, after {@link #wrap}: writes what the socket takes now. */
        void writeNow(IOffThreadWrite.Writer direct) {
            if (sent.isEmpty()) {
                return;
            }
            ByteBuffer[] all = new ByteBuffer[sent.size()];
            for (int i = 0; i < all.length; i++) {
                all[i] = ByteBuffer.wrap(sent.get(i));
                total += all[i].remaining();
            }
            written = direct.write(all);
        }

        private void keep(byte @Nullable [] ciphertext) {
            if (ciphertext != null) {
                sent.add(ciphertext);
            }
        }

        /** On the reactor thread, in the task's continuation. */
        void sendOrFail() {
            if (state.lost || state.transportClosing || state.tlsFailure != null) {
                return;
            }
            long skip = written;
            for (byte[] b : sent) {
                if (skip >= b.length) {
                    skip -= b.length;
                } else {
                    send(skip == 0 ? b : Arrays.copyOfRange(b, (int) skip, b.length));
                    skip = 0;
                }
            }
            SSLException ex = failure;
            if (ex != null) {
                fail(ex);
            } else if (finished) {
                handshakeFinished();
            }
        }
    }

    private boolean wrap(EngineIO x, ByteBuffer src) throws SSLException {
        SSLEngineResult r = x.wrap(src, this::send);
        if (r.getHandshakeStatus() == HandshakeStatus.FINISHED) {
            handshakeFinished();
        }
        return r.bytesConsumed() > 0 || r.bytesProduced() > 0;
    }

    private boolean wrapPending(EngineIO x) throws SSLException {
        boolean any = false;
        for (ByteBuffer b = pending.head();
                b != null && !x.engine.isOutboundDone() && !state.lost;
                b = pending.head()) {
            boolean progressed = wrap(x, b);
            pending.sent(b);
            if (!progressed) {
                break;
            }
            any = true;
            if (x.engine.getHandshakeStatus() != HandshakeStatus.NOT_HANDSHAKING) {
                break; // a key update or an alert first
            }
        }
        return any;
    }

    private boolean unwrap(EngineIO x) throws SSLException {
        SSLEngine e = x.engine;
        int record = directRecord(x);
        IBufferedProtocol into = record > 0 ? bufferPath : null;
        int alert = x.plaintextAlertAtHead();
        SSLEngineResult r;
        boolean direct;
        try {
            r = into == null ? null : x.unwrapInto(into.getBuffer(record));
            direct = r != null;
            if (r == null) {
                r = x.unwrap();
            }
        } catch (SSLException ex) {
            throw alert < 0 || TLSErrors.isAlert(ex) ? ex : new PlaintextAlert(alert, ex); // else the engine read it
        }
        switch (r.getStatus()) {
            case BUFFER_UNDERFLOW -> {
                return false;
            }
            case BUFFER_OVERFLOW -> {
                deliver(x);
                return true;
            }
            default -> {}
        }
        HandshakeStatus hs = r.getHandshakeStatus();
        if (hs == HandshakeStatus.FINISHED) {
            handshakeFinished();
        } else if (session.isDone()
                && r.getStatus() == SSLEngineResult.Status.OK
                && hs != HandshakeStatus.NOT_HANDSHAKING
                && state.close == CloseState.Close.NONE
                && !e.isInboundDone()
                && !TLS13.equals(e.getSession().getProtocol())) {
            throw new RenegotiationRefused();
        }
        if (into == null || !direct) {
            deliver(x);
        } else if (r.bytesProduced() > 0 && !state.aborted && !state.lost) {
            into.bufferUpdated(r.bytesProduced());
        }
        if (e.isInboundDone() && !state.peerClosedCleanly) {
            peerClosed(e);
        }
        return r.bytesConsumed() > 0 || r.bytesProduced() > 0;
    }

    /**
     * Returns the length of the next record if it may be decrypted into the wrapped protocol's buffer,
     * else 0: the protocol takes the buffer path, the handshake is done, the plaintext would be
     * delivered now (not held), and the whole record has arrived (so that no buffer is asked for in
     * vain while a record trickles in).
     */
    private int directRecord(EngineIO x) {
        if (bufferPath == null || !session.isDone() || state.aborted || state.lost) {
            return 0;
        }
        if (!draining && (flow.isPaused() || flow.heldBytes() > 0)) {
            return 0;
        }
        return x.wholeRecord();
    }

    private void deliver(EngineIO x) {
        byte[] data = x.takePlaintext();
        if (data == null || state.aborted || state.lost) {
            return;
        }
        if (!draining && (flow.isPaused() || flow.heldBytes() > 0)) {
            flow.hold(data); // decrypted for TLS's own sake while paused: delivered on resume
        } else {
            handOver(data);
        }
    }

    private void deliverHeld() {
        while ((draining || !flow.isPaused()) && !state.aborted && !state.lost) {
            byte[] b = flow.takeHeld();
            if (b == null) {
                return;
            }
            handOver(b);
        }
    }

    /** Gives {@code data} to the wrapped protocol: copied into its buffers on the buffer path. */
    private void handOver(byte[] data) {
        if (bufferPath == null) {
            wrapped.dataReceived(data);
        } else {
            IBufferedProtocol.deliver(bufferPath, data);
        }
    }

    /** The peer's close_notify arrived: tell a half-closeable TLS 1.3 protocol, else reply and close. */
    private void peerClosed(SSLEngine e) throws SSLException {
        state.peerClosedCleanly = true;
        if (state.close == CloseState.Close.NONE
                && session.isDone()
                && wrapped instanceof IHalfCloseableProtocol h
                && TLS13.equals(e.getSession().getProtocol())) {
            if (flow.holdsPeerEnd()) {
                state.readLossHeld = true; // told once the protocol has resumed and read what came first
            } else {
                h.readConnectionLost();
            }
            return;
        }
        if (!draining && !e.isOutboundDone() && e.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING) {
            wrapPending(io); // what a task or the engine held back, if the engine still sends (TLS 1.3)
        }
        pending.clear();
        state.close = CloseState.Close.FULL;
        e.closeOutbound();
    }

    /** Sends close_notify once everything queued is out and no producer is registered. */
    private boolean startClose(SSLEngine e) {
        if (state.close == CloseState.Close.NONE
                || state.aborted
                || e.isOutboundDone()
                || !pending.isEmpty()
                || pending.hasProducer()) {
            return false;
        }
        if (!session.isDone()) {
            return false; // queued writes wait for the handshake; close_notify follows them
        }
        e.closeOutbound();
        return e.getHandshakeStatus() == HandshakeStatus.NEED_WRAP;
    }

    private void handshakeFinished() {
        if (!session.markDone()) {
            return; // the JDK can report FINISHED twice with TLS 1.3
        }
        timers.handshakeDone();
        if (wrapped instanceof IHandshakeListener l) {
            l.handshakeCompleted();
        }
        session.fireDone(owner);
    }

    private void flush() {
        send(io.takeOutput());
    }

    private void send(byte @Nullable [] ciphertext) {
        if (ciphertext != null && !state.lost && !state.aborted) {
            transport.write(ciphertext);
        }
    }

    /** Records the engine's failure, sends its alert if it has one, and closes the transport. */
    void fail(SSLException ex) {
        EngineIO x = io;
        SSLEngine e = x.engine;
        state.failWith(TLSErrors.classify(ex, e.getUseClientMode()));
        pending.clear();
        try {
            for (int i = 0; i < 8 && e.getHandshakeStatus() == HandshakeStatus.NEED_WRAP; i++) {
                if (!wrap(x, EMPTY)) {
                    break;
                }
            }
        } catch (SSLException alertNotSent) {
            // the alert is a courtesy; the failure is already recorded
        }
        flush();
        closeTransport();
    }

    /**
     * TLS closes the transport itself (a failure, the peer's close_notify, the end of the stream
     * before it), so nothing more will be sent: a producer still registered through TLS is stopped
     * and unregistered, here and beneath. Otherwise it would hold the close of the transport beneath,
     * which waits for its producer, while the wrapped protocol, which would unregister it, hears of
     * the close only once that close is done. (A close the wrapped protocol asked for starts only once
     * its producer is unregistered.)
     */
    private void stopProducer() {
        IProducer p = pending.producer();
        if (p == null) {
            return;
        }
        pending.unregister();
        transport.unregisterProducer();
        p.stopProducing();
    }

    /** Flushes and closes the transport, once. */
    void closeTransport() {
        if (state.transportClosing || state.lost) {
            return;
        }
        state.transportClosing = true;
        flush();
        stopProducer();
        transport.loseConnection();
    }
}
