package dev.weft.protocols.tls;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.testing.IOPump;
import java.util.ArrayDeque;
import java.util.Queue;
import org.junit.jupiter.api.Test;

class DelegatedTasksTest {
    @Test
    void tasksRunOnTheWorkerAndTheConnectionWaitsForThemThenResumesOnItsThread() {
        Queue<Runnable> worker = new ArrayDeque<>();
        Queue<Runnable> reactor = new ArrayDeque<>();
        DelegatedTasks tasks = DelegatedTasks.on(worker::add, reactor::add);
        Peer client = new Peer();
        Peer server = new Peer();
        client.onConnect = c -> c.transport().write("hello".getBytes(US_ASCII));
        IOPump pump = IOPump.connectedServerAndClient(
                        () -> new TLSMemoryBIOProtocol(Tls.server(), server, tasks, true),
                        () -> new TLSMemoryBIOProtocol(Tls.client(), client, tasks, true))
                .pump();

        int tasksRun = 0;
        for (int round = 0; round < 50 && server.bytes().length == 0; round++) {
            pump.flush(); // stops when a task is pending: nothing moves until it is done
            assertThat(reactor).isEmpty();
            if (!worker.isEmpty()) {
                assertThat(client.handshakes + server.handshakes).isLessThan(2);
                worker.poll().run();
                tasksRun++;
                assertThat(reactor).hasSize(1); // the continuation goes back to the connection's thread
                reactor.poll().run();
            }
        }
        assertThat(tasksRun).isPositive();
        assertThat(new String(server.bytes(), US_ASCII)).isEqualTo("hello");
        assertThat(client.handshakes).isEqualTo(1);
    }

    @Test
    void aConnectionLostWhileATaskRunsIgnoresTheTasksResult() {
        Queue<Runnable> worker = new ArrayDeque<>();
        Queue<Runnable> reactor = new ArrayDeque<>();
        DelegatedTasks tasks = DelegatedTasks.on(worker::add, reactor::add);
        Peer server = new Peer();
        Peer client = new Peer();
        IOPump pump = IOPump.connectedServerAndClient(
                        () -> new TLSMemoryBIOProtocol(Tls.server(), server, tasks, true),
                        () -> new TLSMemoryBIOProtocol(Tls.client(), client))
                .pump();
        pump.flush();
        assertThat(worker).isNotEmpty(); // the server is working on the ClientHello
        pump.clientIO().abortConnection();
        pump.flush();
        assertThat(server.isLost()).isTrue();
        worker.poll().run();
        reactor.poll().run(); // must not throw or deliver anything
        assertThat(server.events).containsExactly("made handshakeDone=false", "lost ConnectionLost");
    }
}
