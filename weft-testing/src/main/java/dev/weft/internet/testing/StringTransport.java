package dev.weft.internet.testing;

import dev.weft.buffer.ChunkList;
import dev.weft.internet.IAddress;
import dev.weft.internet.IConsumer;
import dev.weft.internet.IProducer;
import dev.weft.internet.IPullProducer;
import dev.weft.internet.IPushProducer;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.ITCPTransport;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Records what a protocol writes and the state it puts its transport in, and does nothing else (Twisted's {@code
 * StringTransport}, as a full {@link ITCPTransport}). It performs no I/O and never calls the protocol or a registered
 * producer.
 *
 * <pre>{@code
 * StringTransport transport = new StringTransport();
 * protocol.makeConnection(transport);
 * protocol.dataReceived("PING\r\n".getBytes(US_ASCII));
 * assertThat(transport.value()).isEqualTo("PONG\r\n".getBytes(US_ASCII));
 * }</pre>
 *
 * <p>Writes are recorded even after a disconnect. {@link #loseConnection()} and {@link #abortConnection()} only set
 * flags and never call {@code connectionLost}; use {@link StringTransportWithDisconnection} for that. It is also the
 * {@link IPushProducer} for the protocol's reading side; {@link #producerState()} tells the last call.
 *
 * <p>Confined to the thread that drives it (the test thread).
 */
public class StringTransport implements ITCPTransport, IPushProducer {
    /** The default {@link #getHost()}: {@code IPv4Address(TCP, "10.0.0.1", 12345)}. */
    public static final IPv4Address DEFAULT_HOST = IPv4Address.tcp("10.0.0.1", 12345);

    /** The default {@link #getPeer()}: {@code IPv4Address(TCP, "192.168.1.1", 54321)}. */
    public static final IPv4Address DEFAULT_PEER = IPv4Address.tcp("192.168.1.1", 54321);

    private final IAddress hostAddress;
    private final IAddress peerAddress;
    private final boolean lenient;
    private final ChunkList written = new ChunkList();
    private boolean connected = true;
    private boolean disconnecting;
    private boolean disconnected;
    private boolean writeDisconnecting;
    private @Nullable IProducer producer;
    private boolean streaming;
    private ProducerState producerState = ProducerState.PRODUCING;
    private boolean tcpNoDelay;
    private boolean tcpKeepAlive;

    /** Creates a transport with the default addresses, in strict mode. */
    public StringTransport() {
        this(null, null, false);
    }

    /**
     * Creates a transport in strict mode with the addresses {@link #getHost()} and {@link #getPeer()} return (null: the
     * defaults).
     */
    public StringTransport(@Nullable IAddress hostAddress, @Nullable IAddress peerAddress) {
        this(hostAddress, peerAddress, false);
    }

    /**
     * Creates a transport with the given addresses (null: the defaults); {@code lenient} allows pausing and resuming
     * after {@link #loseConnection()}.
     */
    public StringTransport(@Nullable IAddress hostAddress, @Nullable IAddress peerAddress, boolean lenient) {
        this.hostAddress = hostAddress != null ? hostAddress : DEFAULT_HOST;
        this.peerAddress = peerAddress != null ? peerAddress : DEFAULT_PEER;
        this.lenient = lenient;
    }

    /** {@return a new array of everything written since construction or the last {@link #clear()}} */
    public byte[] value() {
        return written.join().clone();
    }

    /** Forgets everything written so far. */
    public void clear() {
        written.clear();
    }

    /** Records {@code data}, which is kept, not copied; throws {@link NullPointerException} if it is null. */
    @Override
    public void write(byte[] data) {
        Objects.requireNonNull(data, "Data must be bytes, not null");
        if (data.length > 0) {
            written.add(data);
        }
    }

    /**
     * Records every array of {@code data}, in order; if one is null, throws {@link NullPointerException} and records
     * none.
     */
    @Override
    public void writeSequence(Iterable<byte[]> data) {
        List<byte[]> arrays = new ArrayList<>();
        for (byte[] array : data) {
            arrays.add(Objects.requireNonNull(array, "Data must be bytes, not null (in writeSequence)"));
        }
        arrays.forEach(this::write);
    }

    /** Sets {@link #isDisconnecting()}, and does nothing else. */
    @Override
    public void loseConnection() {
        disconnecting = true;
    }

    /** Sets {@link #isDisconnected()} and {@link #isDisconnecting()}; no callback runs. */
    @Override
    public void abortConnection() {
        disconnected = true;
        loseConnection();
    }

    /** Sets {@link #isWriteDisconnecting()}; writes are still recorded. */
    @Override
    public void loseWriteConnection() {
        writeDisconnecting = true;
    }

    /** {@return the peer address given to the constructor, also after a disconnect} */
    @Override
    public IAddress getPeer() {
        return peerAddress;
    }

    /** {@return the host address given to the constructor, also after a disconnect} */
    @Override
    public IAddress getHost() {
        return hostAddress;
    }

    /**
     * Stores the streaming {@code producer}, calling none of its methods.
     * @throws IllegalStateException if a producer is already registered
     */
    @Override
    public void registerProducer(IPushProducer producer) {
        store(producer, true);
    }

    /**
     * Stores the non-streaming {@code producer}, calling none of its methods.
     * @throws IllegalStateException if a producer is already registered
     */
    @Override
    public void registerProducer(IPullProducer producer) {
        store(producer, false);
    }

    private void store(IProducer candidate, boolean isStreaming) {
        Objects.requireNonNull(candidate, "producer");
        IProducer existing = this.producer;
        if (existing != null) {
            throw IConsumer.alreadyRegistered(this, existing, candidate);
        }
        this.producer = candidate;
        this.streaming = isStreaming;
    }

    /** Forgets the registered producer, if any; no error if none (see DEVIATIONS.md). */
    @Override
    public void unregisterProducer() {
        producer = null;
        streaming = false;
    }

    /**
     * Sets {@link #producerState()} to {@link ProducerState#PAUSED}.
     * @throws IllegalStateException after {@link #loseConnection()} (unless lenient) or {@link #stopProducing()}
     */
    @Override
    public void pauseProducing() {
        checkProducerState("pauseProducing");
        producerState = ProducerState.PAUSED;
    }

    /**
     * Sets {@link #producerState()} to {@link ProducerState#PRODUCING}.
     * @throws IllegalStateException after {@link #loseConnection()} (unless lenient) or {@link #stopProducing()}
     */
    @Override
    public void resumeProducing() {
        checkProducerState("resumeProducing");
        producerState = ProducerState.PRODUCING;
    }

    /** Sets {@link #producerState()} to {@link ProducerState#STOPPED}. Never throws. */
    @Override
    public void stopProducing() {
        producerState = ProducerState.STOPPED;
    }

    private void checkProducerState(String operation) {
        if (disconnecting && !lenient) {
            throw new IllegalStateException(operation
                    + " after loseConnection: the transport is closing (create it with lenient = true to allow this)");
        }
        if (producerState == ProducerState.STOPPED) {
            throw new IllegalStateException(operation + " after stopProducing: a stopped transport stays stopped");
        }
    }

    /** {@return the reading side's state: the last of pause, resume and stop it was told} */
    public ProducerState producerState() {
        return producerState;
    }

    /** {@return the registered producer, or null} */
    public @Nullable IProducer producer() {
        return producer;
    }

    /** {@return whether the registered producer is streaming; {@code false} when none is} */
    public boolean isStreaming() {
        return streaming;
    }

    /** {@return whether still connected; always {@code true} here, see {@link StringTransportWithDisconnection}} */
    public boolean isConnected() {
        return connected;
    }

    /** {@return whether {@link #loseConnection()} or {@link #abortConnection()} was called} */
    public boolean isDisconnecting() {
        return disconnecting;
    }

    /** {@return whether {@link #abortConnection()} was called} */
    public boolean isDisconnected() {
        return disconnected;
    }

    /** {@return whether {@link #loseWriteConnection()} was called} */
    public boolean isWriteDisconnecting() {
        return writeDisconnecting;
    }

    /** {@return whether pausing and resuming stay allowed after {@link #loseConnection()}} */
    public boolean isLenient() {
        return lenient;
    }

    /** {@return the stored {@code TCP_NODELAY} option, {@code false} at first} */
    @Override
    public boolean getTcpNoDelay() {
        return tcpNoDelay;
    }

    /** Stores the {@code TCP_NODELAY} option; it has no effect. */
    @Override
    public void setTcpNoDelay(boolean enabled) {
        tcpNoDelay = enabled;
    }

    /** {@return the stored {@code SO_KEEPALIVE} option, {@code false} at first} */
    @Override
    public boolean getTcpKeepAlive() {
        return tcpKeepAlive;
    }

    /** Stores the {@code SO_KEEPALIVE} option; it has no effect. */
    @Override
    public void setTcpKeepAlive(boolean enabled) {
        tcpKeepAlive = enabled;
    }

    /** Marks the transport as closing; for {@link StringTransportWithDisconnection}. */
    void markDisconnecting() {
        disconnecting = true;
    }

    /** Marks the transport as aborted; for {@link StringTransportWithDisconnection}. */
    void markDisconnected() {
        disconnected = true;
    }

    /** Clears the connected flag and returns whether it was set. */
    boolean markNotConnected() {
        boolean was = connected;
        connected = false;
        return was;
    }

    @Override
    public String toString() {
        String state = disconnected ? "aborted" : disconnecting ? "disconnecting" : "open";
        return getClass().getSimpleName() + "[host=" + hostAddress + ", peer=" + peerAddress + ", " + written.size()
                + " bytes written, " + state + "]";
    }
}
