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
 * Records what a protocol writes and the state it puts its transport in, and does nothing else:
 * Twisted's {@code StringTransport}, made a full {@link ITCPTransport}.
 *
 * <p>It performs no I/O and calls no method of the protocol or of a registered producer, ever: a
 * test drives the protocol itself (calling {@code dataReceived} or {@link
 * dev.weft.internet.IBufferedProtocol#deliver}) and reads {@link #value()} and the flags. Give it to
 * a protocol with {@code protocol.makeConnection(transport)}.
 *
 * <pre>{@code
 * StringTransport transport = new StringTransport();
 * protocol.makeConnection(transport);
 * protocol.dataReceived("PING\r\n".getBytes(US_ASCII));
 * assertThat(transport.value()).isEqualTo("PONG\r\n".getBytes(US_ASCII));
 * }</pre>
 *
 * <p>Kept from Twisted on purpose:
 *
 * <ul>
 *   <li>Writes are never refused: after {@link #loseConnection()} or {@link #abortConnection()} they
 *       are still recorded (a real transport sends writes made after {@code loseConnection} and drops
 *       those after {@code connectionLost}).
 *   <li>{@link #loseConnection()} only sets {@link #isDisconnecting()}; {@link #abortConnection()}
 *       also sets {@link #isDisconnected()}; neither calls {@code connectionLost}, and {@link
 *       #isConnected()} stays {@code true}. Use {@link StringTransportWithDisconnection} to have
 *       {@code connectionLost} delivered.
 *   <li>{@link #registerProducer} stores the producer and calls none of its methods (a real transport
 *       resumes a pull producer at once).
 *   <li>{@link #getHost()} and {@link #getPeer()} keep working after a disconnect.
 * </ul>
 *
 * <p>Beyond Twisted's class (its issue #5465 asks for a verified fake {@code ITCPTransport}): {@link
 * #loseWriteConnection()} sets a flag and the TCP options are stored.
 *
 * <p>The transport is also the {@link IPushProducer} for the protocol's reading side: a protocol may
 * call {@link #pauseProducing()}, {@link #resumeProducing()} and {@link #stopProducing()} on it, and
 * {@link #producerState()} tells which was last. Methods and constructors that are not part of {@link
 * ITCPTransport} or {@link IPushProducer} exist for tests, and their Javadoc says so.
 *
 * <p>Confined to the thread that drives it (the test thread).
 */
public class StringTransport implements ITCPTransport, IPushProducer {
    /** The default {@link #getHost()}: {@code IPv4Address("TCP", "10.0.0.1", 12345)}, as in Twisted. */
    public static final IPv4Address DEFAULT_HOST = IPv4Address.tcp("10.0.0.1", 12345);

    /** The default {@link #getPeer()}: {@code IPv4Address("TCP", "192.168.1.1", 54321)}, as in Twisted. */
    public static final IPv4Address DEFAULT_PEER = IPv4Address.tcp("192.168.1.1", 54321);

    /** The {@link #producerState()} while reading goes on: the initial state, and after a resume. */
    public static final String PRODUCING = "producing";

    /** The {@link #producerState()} after {@link #pauseProducing()}. */
    public static final String PAUSED = "paused";

    /** The {@link #producerState()} after {@link #stopProducing()}, for good. */
    public static final String STOPPED = "stopped";

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
    private String producerState = PRODUCING;
    private boolean tcpNoDelay;
    private boolean tcpKeepAlive;

    /** Creates a transport with the default addresses, in strict mode. For tests. */
    public StringTransport() {
        this(null, null, false);
    }

    /**
     * Creates a transport with the given addresses, in strict mode. For tests.
     *
     * @param hostAddress what {@link #getHost()} returns, or null for {@link #DEFAULT_HOST}
     * @param peerAddress what {@link #getPeer()} returns, or null for {@link #DEFAULT_PEER}
     */
    public StringTransport(@Nullable IAddress hostAddress, @Nullable IAddress peerAddress) {
        this(hostAddress, peerAddress, false);
    }

    /**
     * Creates a transport with the given addresses. For tests.
     *
     * @param hostAddress what {@link #getHost()} returns, or null for {@link #DEFAULT_HOST}
     * @param peerAddress what {@link #getPeer()} returns, or null for {@link #DEFAULT_PEER}
     * @param lenient {@code true} to allow {@link #pauseProducing()} and {@link #resumeProducing()}
     *     after {@link #loseConnection()} (Twisted's {@code lenient})
     */
    public StringTransport(@Nullable IAddress hostAddress, @Nullable IAddress peerAddress, boolean lenient) {
        this.hostAddress = hostAddress != null ? hostAddress : DEFAULT_HOST;
        this.peerAddress = peerAddress != null ? peerAddress : DEFAULT_PEER;
        this.lenient = lenient;
    }

    /**
     * Returns everything written since construction or the last {@link #clear()}: the ordered
     * concatenation of every {@link #write} and {@link #writeSequence}. For tests.
     *
     * @return a new array
     */
    public byte[] value() {
        return written.join().clone();
    }

    /** Forgets everything written so far; {@link #value()} is empty afterwards. For tests. */
    public void clear() {
        written.clear();
    }

    /**
     * Records {@code data} (even after a disconnect; see the class Javadoc). The array is kept, not
     * copied, as {@link dev.weft.internet.ITransport#write} allows.
     *
     * @param data the bytes
     * @throws NullPointerException if {@code data} is null (Twisted's "Data must be bytes")
     */
    @Override
    public void write(byte[] data) {
        Objects.requireNonNull(data, "Data must be bytes, not null");
        if (data.length > 0) {
            written.add(data);
        }
    }

    /**
     * Records every array of {@code data}, in order, as successive {@link #write} calls would.
     *
     * @param data the arrays
     * @throws NullPointerException if {@code data} or any of its arrays is null; nothing is recorded
     *     then
     */
    @Override
    public void writeSequence(Iterable<byte[]> data) {
        List<byte[]> arrays = new ArrayList<>();
        for (byte[] array : data) {
            arrays.add(Objects.requireNonNull(array, "Data must be bytes, not null (in writeSequence)"));
        }
        arrays.forEach(this::write);
    }

    /** Sets {@link #isDisconnecting()}, and does nothing else: no callback, writes still recorded. */
    @Override
    public void loseConnection() {
        disconnecting = true;
    }

    /**
     * Sets {@link #isDisconnected()}, then calls {@link #loseConnection()} (so {@link
     * #isDisconnecting()} is set too). No callback runs, unlike a real transport.
     */
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

    /**
     * Returns the peer address given to the constructor.
     *
     * @return the address, {@link #DEFAULT_PEER} by default; also after a disconnect
     */
    @Override
    public IAddress getPeer() {
        return peerAddress;
    }

    /**
     * Returns the host address given to the constructor.
     *
     * @return the address, {@link #DEFAULT_HOST} by default; also after a disconnect
     */
    @Override
    public IAddress getHost() {
        return hostAddress;
    }

    /**
     * Stores the streaming {@code producer}, calling none of its methods.
     *
     * @param producer the producer
     * @throws IllegalStateException if a producer is already registered; that one stays registered
     */
    @Override
    public void registerProducer(IPushProducer producer) {
        store(producer, true);
    }

    /**
     * Stores the non-streaming {@code producer}, calling none of its methods.
     *
     * @param producer the producer
     * @throws IllegalStateException if a producer is already registered; that one stays registered
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

    /**
     * Forgets the registered producer, if any, calling none of its methods. Twisted's {@code
     * StringTransport} raises {@code RuntimeError} when none is registered; weft's transports all
     * ignore it (DEVIATIONS.md).
     */
    @Override
    public void unregisterProducer() {
        producer = null;
        streaming = false;
    }

    /**
     * Records that the protocol paused reading: {@link #producerState()} becomes {@link #PAUSED}.
     *
     * @throws IllegalStateException after {@link #loseConnection()} (unless lenient), or after {@link
     *     #stopProducing()}
     */
    @Override
    public void pauseProducing() {
        checkProducerState("pauseProducing");
        producerState = PAUSED;
    }

    /**
     * Records that the protocol resumed reading: {@link #producerState()} becomes {@link #PRODUCING}.
     *
     * @throws IllegalStateException after {@link #loseConnection()} (unless lenient), or after {@link
     *     #stopProducing()}
     */
    @Override
    public void resumeProducing() {
        checkProducerState("resumeProducing");
        producerState = PRODUCING;
    }

    /** Records that reading stopped for good: {@link #producerState()} becomes {@link #STOPPED}. Never throws. */
    @Override
    public void stopProducing() {
        producerState = STOPPED;
    }

    private void checkProducerState(String operation) {
        if (disconnecting && !lenient) {
            throw new IllegalStateException(operation
                    + " after loseConnection: the transport is closing (create it with lenient = true to allow this)");
        }
        if (producerState.equals(STOPPED)) {
            throw new IllegalStateException(operation + " after stopProducing: a stopped transport stays stopped");
        }
    }

    /**
     * Returns the state of the reading side. For tests.
     *
     * @return {@link #PRODUCING}, {@link #PAUSED} or {@link #STOPPED}
     */
    public String producerState() {
        return producerState;
    }

    /**
     * Returns the registered producer. For tests.
     *
     * @return the producer, or null if none is registered
     */
    public @Nullable IProducer producer() {
        return producer;
    }

    /**
     * Tells whether the registered producer was registered as streaming. For tests.
     *
     * @return the flag given to {@link #registerProducer}; {@code false} when none is registered
     */
    public boolean isStreaming() {
        return streaming;
    }

    /**
     * Tells whether the transport is still connected (Twisted's {@code connected}). For tests.
     *
     * @return always {@code true} for this class; {@link StringTransportWithDisconnection} clears it
     */
    public boolean isConnected() {
        return connected;
    }

    /**
     * Tells whether {@link #loseConnection()} or {@link #abortConnection()} was called (Twisted's
     * {@code disconnecting}). For tests.
     *
     * @return {@code true} once either was called
     */
    public boolean isDisconnecting() {
        return disconnecting;
    }

    /**
     * Tells whether {@link #abortConnection()} was called (Twisted's {@code disconnected}). For tests.
     *
     * @return {@code true} once it was called
     */
    public boolean isDisconnected() {
        return disconnected;
    }

    /**
     * Tells whether {@link #loseWriteConnection()} was called. For tests.
     *
     * @return {@code true} once it was called
     */
    public boolean isWriteDisconnecting() {
        return writeDisconnecting;
    }

    /**
     * Tells whether pausing and resuming stay allowed after {@link #loseConnection()}. For tests.
     *
     * @return the {@code lenient} flag given to the constructor
     */
    public boolean isLenient() {
        return lenient;
    }

    /**
     * Returns the stored {@code TCP_NODELAY} option.
     *
     * @return {@code false} until {@link #setTcpNoDelay} changes it
     */
    @Override
    public boolean getTcpNoDelay() {
        return tcpNoDelay;
    }

    /**
     * Stores the {@code TCP_NODELAY} option; it has no effect.
     *
     * @param enabled the value {@link #getTcpNoDelay()} returns from now on
     */
    @Override
    public void setTcpNoDelay(boolean enabled) {
        tcpNoDelay = enabled;
    }

    /**
     * Returns the stored {@code SO_KEEPALIVE} option.
     *
     * @return {@code false} until {@link #setTcpKeepAlive} changes it
     */
    @Override
    public boolean getTcpKeepAlive() {
        return tcpKeepAlive;
    }

    /**
     * Stores the {@code SO_KEEPALIVE} option; it has no effect.
     *
     * @param enabled the value {@link #getTcpKeepAlive()} returns from now on
     */
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

    /**
     * Clears the connected flag; for {@link StringTransportWithDisconnection}.
     *
     * @return whether the flag was set before
     */
    boolean markNotConnected() {
        boolean was = connected;
        connected = false;
        return was;
    }

    /**
     * Describes the transport, for test failure messages.
     *
     * @return the class name, the addresses, the byte count and the connection state
     */
    @Override
    public String toString() {
        String state = disconnected ? "aborted" : disconnecting ? "disconnecting" : "open";
        return getClass().getSimpleName() + "[host=" + hostAddress + ", peer=" + peerAddress + ", " + written.size()
                + " bytes written, " + state + "]";
    }
}
