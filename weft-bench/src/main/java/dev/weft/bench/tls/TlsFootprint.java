package dev.weft.bench.tls;

import dev.weft.internet.testing.TestCertificate;
import dev.weft.internet.testing.TestCertificates;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Prints the heap a TLS server connection holds on weft's reactor: N clients ({@code tls-clients.py},
 * Python's {@code ssl}, another process) each shake hands, send BYTES and stay open; the heap after a
 * full collection, less the heap before they came, divided by N. The wrapped protocol is TlsBench's
 * {@code weft-array} sink, which counts the {@code dataReceived} arrays and keeps nothing: what remains
 * is the TLS layer's, the engine's and the connection's own.
 *
 * <pre>
 * java -cp weft-bench/target/benchmarks.jar dev.weft.bench.tls.TlsFootprint 300 1 100000
 * </pre>
 *
 * <p>A measurement tool, not a benchmark: run from the repository's root (it starts {@code python3
 * weft-bench/tls-clients.py}).
 */
public final class TlsFootprint {
    private TlsFootprint() {}

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        TestCertificate cert = TestCertificates.selfSigned("localhost", "127.0.0.1");
        for (int i = 1; i < args.length; i++) {
            long bytes = Long.parseLong(args[i]);
            try (TlsServers.Server server = TlsServers.weft(cert, true, false)) {
                long before = heapAfterCollection();
                Process clients = new ProcessBuilder(
                                "python3", "weft-bench/tls-clients.py", "" + server.port(), "" + n, "" + bytes)
                        .redirectError(ProcessBuilder.Redirect.INHERIT)
                        .start();
                BufferedReader out =
                        new BufferedReader(new InputStreamReader(clients.getInputStream(), StandardCharsets.UTF_8));
                if (!"open".equals(out.readLine())) {
                    throw new IllegalStateException("tls-clients.py did not open its connections");
                }
                while (server.counts().bytes.get() < n * bytes) {
                    Thread.onSpinWait();
                }
                long held = heapAfterCollection() - before;
                clients.getOutputStream().close();
                clients.waitFor();
                System.out.printf(
                        Locale.ROOT,
                        "%d connections, %d bytes each: %.1f KB of heap per connection%n",
                        n,
                        bytes,
                        held / 1024.0 / n);
            }
        }
    }

    private static long heapAfterCollection() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
