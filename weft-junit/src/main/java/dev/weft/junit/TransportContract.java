package dev.weft.junit;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.util.Objects.requireNonNull;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionAborted;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.ConnectionLost;
import dev.weft.internet.IAddress;
import dev.weft.internet.IProtocol;
import dev.weft.internet.IPullProducer;
import dev.weft.internet.IPushProducer;
import dev.weft.internet.ITransport;
import dev.weft.internet.testing.AccumulatingProtocol;
import dev.weft.internet.testing.StringTransport;
import dev.weft.internet.testing.StringTransportWithDisconnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link ITransport} contract of DESIGN §4 that every weft transport keeps, fakes and real ones alike, as one
 * abstract JUnit 5 suite: extend it to check a transport of your own. weft runs it on its fakes and on the reactor's
 * TCP and UNIX transports (weft-junit's tests).
 *
 * <h2>How to subclass</h2>
 *
 * <ol>
 *   <li>Extend this class in a test source set and implement {@link #connect(IProtocol)}: connect the given local
 *       protocol to a transport of the kind under test (so that its {@code makeConnection} runs before {@code connect}
 *       returns) and return a {@link Fixture} that drives and observes the other end. For {@link StringTransport} the
 *       test itself is the peer; for an in-memory pair ({@code IOPump}) the peer is the other protocol and {@link
 *       Fixture#runUntil} pumps; for real sockets the peer is a protocol on the other end of a loopback connection and
 *       {@code runUntil} runs the reactor until the condition holds (failing after a generous deadline rather than
 *       hanging).
 *   <li>Override the hooks (the {@code protected boolean} methods below) where the transport's documented behaviour
 *       differs from the default, which is the real TCP transport's. Each hook's Javadoc names the transports known to
 *       differ. A hook is for a difference the transport documents on purpose, never to hide a bug.
 *   <li>Release resources in {@link Fixture#close()}; the suite closes every fixture after each test.
 * </ol>
 *
 * <p>Tests that do not apply to a transport (for example "connectionLost is delivered" for a {@link StringTransport},
 * which never delivers it) are skipped through JUnit assumptions, so the report shows what was not checked.
 */
public abstract class TransportContract {
    /** Creates the suite; JUnit creates one instance of the subclass per test. */
    protected TransportContract() {}

    /** The connected pair a test works on: the local protocol's transport and the other end. */
    public interface Fixture extends AutoCloseable {
        /** {@return the transport the local protocol was connected to} */
        ITransport transport();

        /**
         * Lets I/O happen until {@code condition}, checked between steps, holds, or until no more progress is possible
         * (fakes) or a deadline passes (real sockets). Returns in both cases; the test then asserts.
         */
        void runUntil(BooleanSupplier condition);

        /**
         * Lets whatever is already pending happen, without waiting for anything in particular: pump until quiet, or run
         * a few reactor turns. The default runs until no progress is possible, which suits fakes; a real-socket fixture
         * should override it.
         */
        default void settle() {
            runUntil(() -> false);
        }

        /** {@return a new array of every byte the peer has received so far, in order} */
        byte[] peerReceived();

        /** {@return why the peer's side of the connection ended, or null while it is up} */
        @Nullable
        Failure peerLostReason();

        /**
         * Makes the peer send {@code data} to the local protocol (delivered by the next {@link #runUntil} at the
         * latest).
         */
        void peerWrite(byte[] data);

        /**
         * Makes the peer close its side cleanly; only called when {@link #peerCanClose()} is true.
         * @throws UnsupportedOperationException if the fixture has no peer that can close
         */
        default void peerLoseConnection() {
            throw new UnsupportedOperationException("this fixture's peer cannot close");
        }

        /** Releases what the fixture holds (sockets, reactor threads); does nothing by default. */
        @Override
        default void close() {}
    }

    private final List<Fixture> fixtures = new ArrayList<>();

    /**
     * Connects {@code local} to a transport of the kind under test and returns the fixture, after {@code
     * local.makeConnection(transport)} has run.
     */
    protected abstract Fixture connect(IProtocol local);

    /**
     * Tells whether the transport delivers {@code connectionLost} to its protocol at all; true by default, false for
     * {@link StringTransport}, which never calls its protocol.
     */
    protected boolean deliversConnectionLost() {
        return true;
    }

    /**
     * Tells whether {@code loseConnection}/{@code abortConnection} deliver {@code connectionLost} inside the call;
     * false by default (the contract asks for a later turn), true for {@link StringTransportWithDisconnection}.
     */
    protected boolean deliversConnectionLostSynchronously() {
        return false;
    }

    /**
     * Tells whether writes made after {@code loseConnection} (before the close completes) still reach the peer; true by
     * default, false for the in-memory {@code FakeTransport}, which drops them as Twisted's iosim does.
     */
    protected boolean keepsWritesAfterLoseConnection() {
        return true;
    }

    /**
     * Tells whether writes made after {@code connectionLost} are still recorded as received by the peer; false by
     * default (the contract ignores them), true for {@link StringTransportWithDisconnection}, which records every
     * write.
     */
    protected boolean recordsWritesAfterConnectionLost() {
        return false;
    }

    /**
     * Tells whether registering a pull producer resumes it at once; true by default, false for {@link StringTransport},
     * which calls no producer method.
     */
    protected boolean resumesPullProducerOnRegistration() {
        return true;
    }

    /**
     * Tells whether a close stops a push producer still registered (and running) before {@code connectionLost}, as
     * Twisted's transports do; true by default, false for {@link StringTransportWithDisconnection}, which calls no
     * producer method (Twisted's neither).
     */
    protected boolean stopsARunningPushProducerOnClose() {
        return true;
    }

    /**
     * Tells whether the fixture's peer can close its side ({@link Fixture#peerLoseConnection()}); true by default,
     * false for the string transports, whose "peer" is the test.
     */
    protected boolean peerCanClose() {
        return true;
    }

    /**
     * {@return the reason the local protocol gets after {@code abortConnection}}; {@link ConnectionAborted} by default.
     */
    protected Class<? extends Throwable> localAbortReason() {
        return ConnectionAborted.class;
    }

    /**
     * {@return the reason the peer gets after the local side's {@code abortConnection}}; {@link ConnectionLost} by
     * default.
     */
    protected Class<? extends Throwable> peerAbortReason() {
        return ConnectionLost.class;
    }

    /** {@return the size of the write in {@link #aLargeWriteArrivesIntact()}}; 1 MiB by default. */
    protected int largeWriteSize() {
        return 1024 * 1024;
    }

    /** Closes every fixture the test opened. */
    @AfterEach
    void closeFixtures() throws Exception {
        for (Fixture fixture : fixtures) {
            fixture.close();
        }
    }

    /** Connects a fresh {@link ContractProtocol} through {@link #connect}; the fixture is closed after the test. */
    final Fixture open(ContractProtocol local) {
        Fixture fixture = connect(local);
        fixtures.add(fixture);
        return fixture;
    }

    /** {@return {@code text} encoded as ASCII} */
    protected static byte[] bytes(String text) {
        requireNonNull(text, "bytes(text): text is null");
        return text.getBytes(US_ASCII);
    }

    /**
     * An {@link AccumulatingProtocol} extended the way Twisted users extend it: {@code dataReceived} overridden to
     * watch the bytes, then passed on to the base class.
     */
    static final class Watching extends AccumulatingProtocol {
        final List<byte[]> seen = new ArrayList<>();
        long seenBytes;

        @Override
        public void dataReceived(byte[] data) {
            seen.add(data.clone());
            seenBytes += data.length;
            super.dataReceived(data);
        }
    }

    /**
     * Port of Twisted's {@code AccumulatingProtocol.dataReceived} contract (testing.py; tcp.py and iosim.py call {@code
     * protocol.dataReceived} for every read): a subclass's override of {@code dataReceived} sees every byte, even
     * though the base class offers a buffer path.
     */
    @Test
    void aSubclassOverridingDataReceivedSeesEveryByteThePeerSends() {
        Watching local = new Watching();
        Fixture fixture = connect(local);
        fixtures.add(fixture);
        byte[] data = new byte[200_000];
        new Random(16).nextBytes(data);

        fixture.peerWrite(bytes("hello "));
        fixture.peerWrite(data.clone());
        fixture.runUntil(() -> local.dataSize() >= data.length + 6);

        assertEquals(data.length + 6, local.seenBytes);
        assertFalse(local.seen.isEmpty(), "no bytes were delivered");
        assertTrue(local.seen.stream().allMatch(chunk -> chunk.length > 0), "an empty chunk was delivered");
        java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
        local.seen.forEach(joined::writeBytes);
        assertArrayEquals(local.data(), joined.toByteArray());
        assertArrayEquals(data, java.util.Arrays.copyOfRange(local.data(), 6, data.length + 6));
    }

    private static void awaitPeer(Fixture fixture, int length) {
        fixture.runUntil(() -> fixture.peerReceived().length >= length);
    }

    @Test
    void connectionMadeRunsOnceBeforeAnythingElseWithTheFixturesTransport() {
        ContractProtocol local = new ContractProtocol();
        Fixture fixture = open(local);

        assertEquals(List.of("made"), local.events());
        assertSame(fixture.transport(), local.transport());
    }

    @Test
    void writesReachThePeerInOrderAndConcatenated() {
        ContractProtocol local = new ContractProtocol();
        Fixture fixture = open(local);
        ITransport t = fixture.transport();

        t.write(bytes("a"));
        t.write(bytes("bc"));
        t.write(bytes("def"));
        awaitPeer(fixture, 6);

        assertArrayEquals(bytes("abcdef"), fixture.peerReceived());
    }

    @Test
    void writeSequenceIsLikeSuccessiveWrites() {
        ContractProtocol local = new ContractProtocol();
        Fixture fixture = open(local);
        ITransport t = fixture.transport();

        t.write(bytes("<"));
        t.writeSequence(List.of(bytes("one"), bytes(""), bytes("two")));
        t.write(bytes(">"));
        awaitPeer(fixture, 8);

        assertArrayEquals(bytes("<onetwo>"), fixture.peerReceived());
    }

    @Test
    void emptyWritesSendNothing() {
        ContractProtocol local = new ContractProtocol();
        Fixture fixture = open(local);
        ITransport t = fixture.transport();

        t.write(new byte[0]);
        t.writeSequence(List.of());
        t.write(bytes("x"));
        awaitPeer(fixture, 1);
        fixture.settle();

        assertArrayEquals(bytes("x"), fixture.peerReceived());
    }

    @Test
    void aLargeWriteArrivesIntact() {
        ContractProtocol local = new ContractProtocol();
        Fixture fixture = open(local);
        byte[] data = new byte[largeWriteSize()];
        new Random(7).nextBytes(data);

        fixture.transport().write(data.clone());
        awaitPeer(fixture, data.length);

        assertArrayEquals(data, fixture.peerReceived());
    }

    @Test
    void writesNeverCallAProtocolMethodSynchronously() {
        ContractProtocol local = new ContractProtocol();
        Fixture fixture = open(local);
        ITransport t = fixture.transport();

        local.guarded(() -> {
            t.write(bytes("ping"));
            t.writeSequence(List.of(bytes("a"), bytes("b")));
        });
        awaitPeer(fixture, 6);

        assertTrue(
                local.events().stream().noneMatch(e -> e.startsWith("re-entrant")),
                () -> "a callback ran inside a transport call: " + local.events());
    }

    @Test
    void peerDataArrivesInOrderAfterConnectionMade() {
        ContractProtocol local = new ContractProtocol();
        Fixture fixture = open(local);

        fixture.peerWrite(bytes("hello "));
        fixture.peerWrite(bytes("world"));
        fixture.runUntil(() -> local.dataSize() >= 11);

        assertArrayEquals(bytes("hello world"), local.data());
        assertEquals("made", local.events().get(0));
        assertTrue(local.events().contains("data"), () -> "no data event: " + local.events());
        assertFalse(local.events().contains("lost"), () -> "lost too early: " + local.events());
    }

    @Test
    void getHostAndGetPeerAreNeverNullAndStable() {
        ContractProtocol local = new ContractProtocol();
        Fixture fixture = open(local);
        ITransport t = fixture.transport();

        IAddress host = t.getHost();
        IAddress peer = t.getPeer();

        assertNotNull(host);
        assertEquals(host, t.getHost());
        assertNotNull(peer);
        assertEquals(peer, t.getPeer());

        t.loseConnection();
        fixture.runUntil(() -> local.events().contains("lost"));
        assertEquals(host, t.getHost(), "getHost() after the connection was lost");
        assertEquals(peer, t.getPeer(), "getPeer() after the connection was lost");
    }

    @Test
    void aSecondProducerIsRefusedAndTheFirstStaysRegistered() {
        ContractProtocol local = new ContractProtocol();
        Fixture fixture = open(local);
        ITransport t = fixture.transport();
        ContractProducer first = new ContractProducer();
        ContractProducer second = new ContractProducer();
        t.registerProducer(first, true);

        assertThrows(IllegalStateException.class, () -> t.registerProducer(second, true));

        assertEquals(List.of(), second.calls);
        t.unregisterProducer();
        t.registerProducer(second, true);
        t.unregisterProducer();
    }

    @Test
    void aPushProducerStartsUnpausedAndIsNotCalledOnRegistration() {
        ContractProtocol local = new ContractProtocol();
        Fixture fixture = open(local);
        ContractProducer producer = new ContractProducer();

        fixture.transport().registerProducer(producer, true);
        fixture.settle();

        assertEquals(List.of(), producer.calls);
        fixture.transport().unregisterProducer();
    }

    @Test
    void aPullProducerIsResumedOnRegistrationOrLeftAloneAsTheTransportDocuments() {
        ContractProtocol local = new ContractProtocol();
        Fixture fixture = open(local);
        ContractProducer producer = new ContractProducer();
        producer.writeTo = fixture.transport();

        fixture.transport().registerProducer(producer, false);

        if (resumesPullProducerOnRegistration()) {
            awaitPeer(fixture, 6);
            assertEquals("resume", producer.calls.get(0));
            assertArrayEquals(bytes("pulled"), fixture.peerReceived());
        } else {
            fixture.settle();
            assertEquals(List.of(), producer.calls);
            assertEquals(0, fixture.peerReceived().length);
            fixture.transport().unregisterProducer();
        }
    }

    /** One pinned behaviour on every transport: unregistering with nothing registered is ignored. */
    @Test
    void unregisterWithoutAProducerIsIgnored() {
        ContractProtocol local = new ContractProtocol();
        ITransport t = open(local).transport();

        t.unregisterProducer();
        t.unregisterProducer();

        ContractProducer producer = new ContractProducer();
        t.registerProducer(producer, true);
        t.unregisterProducer();
        t.unregisterProducer();
        assertEquals(List.of(), producer.calls);
    }

    /** The typed registrations and Twisted's boolean form refuse the wrong kind with one message. */
    @Test
    void theBooleanFormRefusesAProducerOfTheWrongKindWithOneMessageAndTheTypedFormsRegister() {
        ContractProtocol local = new ContractProtocol();
        ITransport t = open(local).transport();
        IPullProducer pullOnly = new IPullProducer() {
            @Override
            public void resumeProducing() {}

            @Override
            public void stopProducing() {}
        };
        IPushProducer pushOnly = new IPushProducer() {
            @Override
            public void pauseProducing() {}

            @Override
            public void resumeProducing() {}

            @Override
            public void stopProducing() {}
        };

        assertMessageContains(
                "a streaming producer must be an IPushProducer",
                assertThrows(IllegalArgumentException.class, () -> t.registerProducer(pullOnly, true)));
        assertMessageContains(
                "a non-streaming producer must be an IPullProducer",
                assertThrows(IllegalArgumentException.class, () -> t.registerProducer(pushOnly, false)));

        t.registerProducer(pushOnly);
        assertMessageContains(
                "is already registered; call unregisterProducer() first",
                assertThrows(IllegalStateException.class, () -> t.registerProducer(pullOnly)));
        t.unregisterProducer();
    }

    @Test
    void loseConnectionDeliversEveryPendingByteThenACleanClose() {
        ContractProtocol local = new ContractProtocol();
        Fixture fixture = open(local);
        byte[] data = new byte[100_000];
        new Random(8).nextBytes(data);

        fixture.transport().write(data.clone());
        fixture.transport().loseConnection();
        fixture.runUntil(() -> fixture.peerLostReason() != null);

        assertArrayEquals(data, fixture.peerReceived());
        Failure peerReason = fixture.peerLostReason();
        assertNotNull(peerReason, "the peer saw no close");
        assertEquals(
                ConnectionDone.class, requireNonNull(peerReason).check(ConnectionDone.class), peerReason::toString);
    }

    @Test
    void loseConnectionGivesTheLocalProtocolOneConnectionDoneLast() {
        assumeTrue(deliversConnectionLost(), "this transport never delivers connectionLost");
        ContractProtocol local = new ContractProtocol();
        Fixture fixture = open(local);

        fixture.transport().loseConnection();
        fixture.runUntil(local::isClosed);
        fixture.transport().loseConnection();
        fixture.settle();

        assertEquals(1, local.reasons().size(), () -> "reasons: " + local.reasons());
        assertEquals(ConnectionDone.class, local.reasons().get(0).check(ConnectionDone.class));
        assertEquals("lost", last(local.events()));
        assertEquals(
                1, local.events().stream().filter(e -> e.endsWith("lost")).count(), () -> "events: " + local.events());
    }

    /**
     * A push producer left running does not hold {@code loseConnection} (Twisted's TCP transport): the written bytes
     * and a clean close reach the peer, and the producer is stopped before the local {@code connectionLost}.
     */
    @Test
    void loseConnectionClosesPastARunningPushProducerAndStopsItBeforeConnectionLost() {
        assumeTrue(deliversConnectionLost(), "this transport never delivers connectionLost");
        ContractProtocol local = new ContractProtocol();
        Fixture fixture = open(local);
        ContractProducer producer = new ContractProducer();
        producer.log = local.events();
        fixture.transport().registerProducer(producer, true);

        fixture.transport().write(bytes("bye"));
        fixture.transport().loseConnection();
        fixture.runUntil(() -> local.isClosed() && fixture.peerLostReason() != null);

        assertArrayEquals(bytes("bye"), fixture.peerReceived());
        Failure peerReason = fixture.peerLostReason();
        assertNotNull(peerReason, "the peer saw no close: the producer held it");
        assertEquals(
                ConnectionDone.class, requireNonNull(peerReason).check(ConnectionDone.class), peerReason::toString);
        assertEquals(
                List.of(ConnectionDone.class),
                local.reasons().stream().map(r -> r.check(ConnectionDone.class)).toList());
        if (stopsARunningPushProducerOnClose()) {
            assertEquals(List.of("stop"), producer.calls);
            List<String> events = local.events();
            assertEquals(List.of("producer stopped", "lost"), events.subList(events.size() - 2, events.size()));
        } else {
            assertEquals(List.of(), producer.calls);
        }
    }

    @Test
    void loseConnectionTwiceIsHarmless() {
        ContractProtocol local = new ContractProtocol();
        Fixture fixture = open(local);

        fixture.transport().write(bytes("bye"));
        fixture.transport().loseConnection();
        fixture.transport().loseConnection();
        fixture.runUntil(() -> fixture.peerLostReason() != null);

        assertArrayEquals(bytes("bye"), fixture.peerReceived());
        assertTrue(local.reasons().size() <= 1, () -> "reasons: " + local.reasons());
    }

    @Test
    void abortConnectionGivesTheLocalProtocolOneConnectionAbortedAndThePeerAConnectionLostByDefault() {
        ContractProtocol local = new ContractProtocol();
        Fixture fixture = open(local);

        fixture.transport().abortConnection();
        fixture.runUntil(() -> fixture.peerLostReason() != null && (local.isClosed() || !deliversConnectionLost()));
        fixture.transport().abortConnection();
        fixture.transport().loseConnection();
        fixture.settle();

        Failure peerReason = fixture.peerLostReason();
        assertNotNull(peerReason, "the peer saw no close");
        assertEquals(peerAbortReason(), requireNonNull(peerReason).check(peerAbortReason()), peerReason::toString);
        if (deliversConnectionLost()) {
            assertEquals(1, local.reasons().size(), () -> "reasons: " + local.reasons());
            assertEquals(localAbortReason(), local.reasons().get(0).check(localAbortReason()));
        } else {
            assertEquals(List.of(), local.reasons());
        }
    }

    @Test
    void connectionLostIsNeverDeliveredFromInsideLoseOrAbort() {
        assumeTrue(deliversConnectionLost(), "this transport never delivers connectionLost");
        assumeFalse(deliversConnectionLostSynchronously(), "this transport documents synchronous delivery");
        ContractProtocol lost = new ContractProtocol();
        ContractProtocol aborted = new ContractProtocol();
        Fixture lostFixture = open(lost);
        Fixture abortedFixture = open(aborted);

        lost.guarded(() -> lostFixture.transport().loseConnection());
        aborted.guarded(() -> abortedFixture.transport().abortConnection());
        lostFixture.runUntil(lost::isClosed);
        abortedFixture.runUntil(aborted::isClosed);

        assertEquals(List.of("made", "lost"), lost.events());
        assertEquals(List.of("made", "lost"), aborted.events());
    }

    @Test
    void writesAfterLoseConnectionReachThePeerOrAreDroppedAsTheTransportDocuments() {
        ContractProtocol local = new ContractProtocol();
        Fixture fixture = open(local);

        fixture.transport().write(bytes("before"));
        fixture.transport().loseConnection();
        fixture.transport().write(bytes("+after"));
        fixture.runUntil(() -> fixture.peerLostReason() != null);

        assertArrayEquals(
                keepsWritesAfterLoseConnection() ? bytes("before+after") : bytes("before"), fixture.peerReceived());
    }

    @Test
    void writesAfterConnectionLostAreIgnoredWithoutError() {
        assumeTrue(deliversConnectionLost(), "this transport never delivers connectionLost");
        ContractProtocol local = new ContractProtocol();
        Fixture fixture = open(local);
        fixture.transport().write(bytes("data"));
        fixture.transport().loseConnection();
        fixture.runUntil(() -> local.isClosed() && fixture.peerLostReason() != null);

        fixture.transport().write(bytes("late"));
        fixture.transport().writeSequence(List.of(bytes("!")));
        fixture.settle();

        assertArrayEquals(
                recordsWritesAfterConnectionLost() ? bytes("datalate!") : bytes("data"), fixture.peerReceived());
        assertEquals("lost", last(local.events()));
    }

    @Test
    void thePeerClosingGivesTheLocalProtocolOneConnectionDoneAfterItsData() {
        assumeTrue(deliversConnectionLost(), "this transport never delivers connectionLost");
        assumeTrue(peerCanClose(), "this fixture's peer cannot close");
        ContractProtocol local = new ContractProtocol();
        Fixture fixture = open(local);

        fixture.peerWrite(bytes("last words"));
        fixture.peerLoseConnection();
        fixture.runUntil(local::isClosed);
        fixture.settle();

        assertArrayEquals(bytes("last words"), local.data());
        assertEquals(1, local.reasons().size(), () -> "reasons: " + local.reasons());
        assertEquals(ConnectionDone.class, local.reasons().get(0).check(ConnectionDone.class));
        assertEquals("made", local.events().get(0));
        assertEquals("lost", last(local.events()));
    }

    private static String last(List<String> events) {
        assertFalse(events.isEmpty(), "no events");
        return events.get(events.size() - 1);
    }

    private static void assertMessageContains(String expected, Throwable thrown) {
        String message = String.valueOf(thrown.getMessage());
        assertTrue(
                message.contains(expected),
                () -> "expected a message containing \"" + expected + "\", got: " + message);
    }
}
