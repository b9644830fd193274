package dev.weft.internet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Failure;
import dev.weft.defer.WeftException;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

final class ErrorsTest {
    @Test
    void connectionClosedFamilyCarriesTwistedsMessages() {
        assertThat(new ConnectionDone()).hasMessage("Connection was closed cleanly.");
        assertThat(new ConnectionLost()).hasMessage("Connection to the other side was lost in a non-clean fashion.");
        assertThat(new ConnectionAborted())
                .hasMessage("Connection was aborted locally using ITCPTransport.abortConnection.");
    }

    @Test
    void aConnectionDoneWithoutStackTraceHasTheSameMessageAndClassAndAnEmptyStackTrace() {
        ConnectionDone done = ConnectionDone.withoutStackTrace();

        assertThat(done)
                .isExactlyInstanceOf(ConnectionDone.class)
                .hasMessage(new ConnectionDone().getMessage())
                .hasNoCause();
        assertThat(done.getStackTrace()).isEmpty();
        assertThat(new ConnectionDone().getStackTrace()).isNotEmpty();
    }

    @Test
    void aConnectionDoneWithoutStackTraceIsNewEachTimeIgnoresSetStackTraceAndStillTakesSuppressed() {
        ConnectionDone done = ConnectionDone.withoutStackTrace();
        IllegalStateException later = new IllegalStateException("later");

        done.setStackTrace(new IllegalStateException().getStackTrace());
        done.addSuppressed(later);

        assertThat(done).isNotSameAs(ConnectionDone.withoutStackTrace());
        assertThat(done.getStackTrace()).isEmpty();
        assertThat(done.getSuppressed()).containsExactly(later);
    }

    @Test
    void aFailureOfAConnectionDoneWithoutStackTracePrintsOnlyItsFirstLine() {
        Failure failure = new Failure(ConnectionDone.withoutStackTrace());

        assertThat(failure.getTraceback())
                .isEqualTo("dev.weft.internet.ConnectionDone: Connection was closed cleanly." + System.lineSeparator());
        assertThat(failure.check(ConnectionClosed.class)).isEqualTo(ConnectionClosed.class);
        assertThat(failure.getErrorMessage()).isEqualTo("Connection was closed cleanly.");
    }

    @Test
    void aDetailIsAppendedAfterAColon() {
        assertThat(new ConnectionLost("Bye"))
                .hasMessage("Connection to the other side was lost in a non-clean fashion: Bye.");
    }

    /** Twisted prints "Connection was closed cleanly: Bye.." here; weft does not double the full stop. */
    @Test
    void aDetailEndingInAFullStopGetsNoSecondOne() {
        assertThat(new ConnectionDone("Bye.")).hasMessage("Connection was closed cleanly: Bye.");
    }

    @Test
    void aCauseBecomesTheDetailAndTheCause() {
        IOException reset = new IOException("Connection reset by peer");

        ConnectionLost lost = new ConnectionLost(reset);

        assertThat(lost)
                .hasMessage("Connection to the other side was lost in a non-clean fashion: Connection reset by peer.")
                .hasCause(reset);
    }

    @Test
    void aConnectionLostWithoutStackTraceKeepsTheCauseItsTraceAndTheMessage() {
        IOException reset = new IOException("Connection reset by peer");

        ConnectionLost lost = ConnectionLost.withoutStackTrace(reset);

        assertThat(lost)
                .isExactlyInstanceOf(ConnectionLost.class)
                .hasMessage(new ConnectionLost(reset).getMessage())
                .hasCause(reset);
        assertThat(lost.getStackTrace()).isEmpty();
        assertThat(lost.getCause().getStackTrace()).isNotEmpty();
        assertThat(new Failure(lost).getTraceback())
                .startsWith("dev.weft.internet.ConnectionLost: " + lost.getMessage())
                .contains("Caused by: java.io.IOException: Connection reset by peer")
                .contains("ErrorsTest");
    }

    @Test
    void aCauseWithoutAMessageIsNamedByItsClass() {
        assertThat(new ConnectionLost(new IOException())).hasMessageEndingWith(": IOException.");
        assertThat(new NoRouteError(new IOException(), null)).hasMessage("No route to host: IOException.");
    }

    @Test
    void connectErrorFamilyCarriesTwistedsMessages() {
        assertThat(new ConnectError()).hasMessage("An error occurred while connecting.");
        assertThat(new ConnectionRefusedError()).hasMessage("Connection was refused by other side.");
        assertThat(new TCPTimedOutError()).hasMessage("TCP connection timed out.");
        assertThat(new UnknownHostError()).hasMessage("Hostname couldn't be looked up.");
        assertThat(new NoRouteError()).hasMessage("No route to host.");
        assertThat(new ConnectBindError()).hasMessage("Couldn't bind.");
        assertThat(new UserError()).hasMessage("User aborted connection.");
        assertThat(new ConnectTimeoutError()).hasMessage("User timeout caused connection failure.");
    }

    @Test
    void connectErrorPutsTheOsErrorBeforeTheDetail() {
        ConnectException refused = new ConnectException("Connection refused");

        ConnectionRefusedError error = new ConnectionRefusedError(refused, "x");

        assertThat(error)
                .hasMessage("Connection was refused by other side: Connection refused: x.")
                .hasCause(refused);
        assertThat(new ConnectionRefusedError(null, "x")).hasMessage("Connection was refused by other side: x.");
        assertThat(new ConnectTimeoutError(null, "30 seconds passed"))
                .hasMessage("User timeout caused connection failure: 30 seconds passed.")
                .hasNoCause();
    }

    @Test
    void cannotListenErrorNamesTheInterfaceAndPort() {
        BindException inUse = new BindException("Address already in use");

        CannotListenError error = new CannotListenError("127.0.0.1", 80, inUse);

        assertThat(error)
                .hasMessage("Couldn't listen on 127.0.0.1:80: Address already in use.")
                .hasCause(inUse);
        assertThat(error.iface()).isEqualTo("127.0.0.1");
        assertThat(error.port()).isEqualTo(80);
        assertThat(error.reason()).isEqualTo("Address already in use");
    }

    @Test
    void aUnixCannotListenErrorNamesThePathWithoutAPortAndSaysWhy() {
        BindException inUse = new BindException("Address already in use");

        CannotListenError error = CannotListenError.unix("/run/app.sock", "the socket file exists", inUse);

        assertThat(error)
                .hasMessage("Couldn't listen on /run/app.sock: the socket file exists.")
                .hasCause(inUse);
        assertThat(error.iface()).isEqualTo("/run/app.sock");
        assertThat(error.port()).isZero();
        assertThat(error.reason()).isEqualTo("the socket file exists");
    }

    @Test
    void cannotListenErrorSaysAnyForTheEmptyInterface() {
        assertThat(new CannotListenError("", 80, new BindException("x"))).hasMessage("Couldn't listen on any:80: x.");
    }

    @Test
    void bindErrorCarriesTwistedsMessage() {
        assertThat(new BindError()).hasMessage("An error occurred binding to an interface.");
        assertThat(new CannotListenError("", 1, new BindException("x"))).isInstanceOf(BindError.class);
    }

    @Test
    void notConnectingAndNotListeningAreIllegalStateExceptionsWithTwistedsMessages() {
        assertThat(new NotConnectingError())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("The Connector was not connecting when it was asked to stop connecting.");
        assertThat(new NotListeningError("port 80"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("The Port was not listening when it was asked to stop listening: port 80.");
    }

    @Test
    void theHierarchyFollowsTwisted() {
        assertThat(new ConnectionDone()).isInstanceOf(ConnectionClosed.class);
        assertThat(new ConnectionAborted()).isInstanceOf(ConnectionLost.class).isInstanceOf(ConnectionClosed.class);
        assertThat(new ConnectTimeoutError()).isInstanceOf(UserError.class).isInstanceOf(ConnectError.class);
        assertThat(new ConnectionRefusedError()).isInstanceOf(ConnectError.class);
        assertThat(new ConnectError()).isNotInstanceOf(ConnectionClosed.class);
    }

    @Test
    void connectionConnectAndBindErrorsShareWeftsRootButMisuseErrorsDoNot() {
        assertThat(new ConnectionLost()).isInstanceOf(WeftException.class);
        assertThat(new ConnectionRefusedError()).isInstanceOf(WeftException.class);
        assertThat(new CannotListenError("", 1, new BindException("x"))).isInstanceOf(WeftException.class);
        assertThat(new NotConnectingError()).isNotInstanceOf(WeftException.class);
    }

    @Test
    void aFailureOfConnectionAbortedChecksAsConnectionLostAndConnectionClosed() {
        Failure reason = new Failure(new ConnectionAborted());

        assertThat(reason.check(ConnectionDone.class, ConnectionLost.class)).isEqualTo(ConnectionLost.class);
        assertThat(reason.check(ConnectionClosed.class)).isEqualTo(ConnectionClosed.class);
        assertThat(reason.check(ConnectionDone.class)).isNull();
    }
}
