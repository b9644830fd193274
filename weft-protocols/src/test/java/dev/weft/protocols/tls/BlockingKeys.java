package dev.weft.protocols.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.weft.internet.testing.IOPump;
import java.net.Socket;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.junit.jupiter.api.function.Executable;

/** A server context whose key manager, called inside the engine's task, waits there once until released. */
final class BlockingKeys {
    final CountDownLatch inside = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final SSLContext context;

    BlockingKeys() {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            char[] pw = "test".toCharArray();
            ks.setKeyEntry("server", Tls.SERVER.key(), pw, Tls.SERVER.chain().toArray(new X509Certificate[0]));
            KeyManagerFactory f = KeyManagerFactory.getInstance("SunX509");
            f.init(ks, pw);
            X509ExtendedKeyManager keys = (X509ExtendedKeyManager) f.getKeyManagers()[0];
            context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {new Waiting(keys)}, null, null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@return server engines on this context} */
    TLSConnectionCreator options() {
        return peer -> {
            SSLEngine e = context.createSSLEngine();
            e.setUseClientMode(false);
            return e;
        };
    }

    /**
     * {@return a TLS server for {@code wrapped} on this context, whose tasks each run on a new thread;
     * the task is handed over only once it holds the engine's lock, and resumes through {@code reactor}}
     */
    TLSMemoryBIOProtocol server(Peer wrapped, BlockingQueue<Runnable> reactor) {
        Executor worker = task -> {
            new Thread(task, "tls-task").start();
            awaitInside();
        };
        return new TLSMemoryBIOProtocol(options(), wrapped, DelegatedTasks.on(worker, reactor::add), true);
    }

    /** {@return a pump between a client and {@link #server} for {@code server}, flushed once} */
    IOPump pump(Peer server, Peer client, BlockingQueue<Runnable> reactor) {
        return IOPump.connectedServerAndClient(
                        () -> server(server, reactor), () -> new TLSMemoryBIOProtocol(Tls.client(), client))
                .pump();
    }

    /**
     * Runs {@code test} as {@link #whileParked} does, given a pump between {@code client} and a server
     * for {@code server} flushed once (the ClientHello has reached the server, whose task is now parked
     * in the key manager) and the queue through which the task's continuations come back.
     */
    void withParkedTask(Peer client, Peer server, ParkedTest test) {
        BlockingQueue<Runnable> reactor = new LinkedBlockingQueue<>();
        whileParked(() -> {
            IOPump pump = pump(server, client, reactor);
            pump.flush();
            test.run(pump, reactor);
        });
    }

    /** The body of a {@link #withParkedTask} test. */
    interface ParkedTest {
        void run(IOPump pump, BlockingQueue<Runnable> reactor) throws Throwable;
    }

    /** Runs {@code test} within 3 minutes (a regression hangs instead), releasing the task however it ends. */
    void whileParked(Executable test) {
        assertTimeoutPreemptively(Duration.ofMinutes(3), () -> {
            try {
                test.execute();
            } finally {
                release.countDown();
            }
        });
    }

    void awaitInside() {
        try {
            assertThat(inside.await(60, TimeUnit.SECONDS))
                    .as("the task reached the key manager")
                    .isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private final class Waiting extends X509ExtendedKeyManager {
        private final X509ExtendedKeyManager keys;

        Waiting(X509ExtendedKeyManager keys) {
            this.keys = keys;
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            inside.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return keys.chooseEngineServerAlias(keyType, issuers, engine);
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return keys.getClientAliases(keyType, issuers);
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return keys.chooseClientAlias(keyType, issuers, socket);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return keys.getServerAliases(keyType, issuers);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return keys.chooseServerAlias(keyType, issuers, socket);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return keys.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return keys.getPrivateKey(alias);
        }
    }
}
