package dev.weft.protocols.tls;

import dev.weft.defer.Failure;
import org.jspecify.annotations.Nullable;

/**
 * Where one TLS connection is in its ending, shared by {@link TLSMemoryBIOProtocol} (which the
 * wrapped protocol and the transport call) and its {@link EngineLoop} (which acts on it).
 *
 * <p>Confined to the reactor thread.
 */
final class CloseState {
    /** What the wrapped protocol asked for: nothing yet, a TLS 1.3 half-close, or a full close. */
    enum Close {
        NONE,
        HALF,
        FULL
    }

    Close close = Close.NONE;
    /** {@code abortConnection} was called: nothing more is sent or delivered. */
    boolean aborted;
    /** {@code connectionLost} has run. */
    boolean lost;
    /** The transport was told to close or abort. */
    boolean transportClosing;
    /** The TLS 1.3 half-close reached the transport. */
    boolean halfCloseSent;
    /** The peer's {@code close_notify} arrived. */
    boolean peerClosedCleanly;
    /**
     * The peer's TLS 1.3 {@code close_notify} arrived while the half-closeable wrapped protocol held the
     * peer's end ({@link ReadFlow#holdsPeerEnd()}): its {@code readConnectionLost} waits for the resume.
     */
    boolean readLossHeld;
    /** Why TLS failed, the reason the wrapped protocol will get; null while it has not. */
    @Nullable
    Failure tlsFailure;

    /** Records {@code error} as the reason, unless one is recorded already. */
    void failWith(Throwable error) {
        if (tlsFailure == null) {
            tlsFailure = new Failure(error);
        }
    }
}
