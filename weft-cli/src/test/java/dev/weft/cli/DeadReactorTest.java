package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.nio.ReactorThread;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code sink} and {@code tap} end, with one line and exit 1 (the reactor taken to have run out of heap, the one thing that does this), when their reactor thread dies without completing the
 * stage that says it ended, instead of waiting for ever.
 *
 * <p>Only running out of heap while the dying thread completes that stage does that, which a test cannot bring about
 * on cue; so the test takes the stage away: once the command waits, it swaps {@code ReactorThread}'s private stage for
 * a stand-in, then ends the loop with a fatal error, so that only the stand-in completes.
 */
final class DeadReactorTest {
    @Test
    void aSinkWhoseReactorThreadDiesWithoutSayingSoEndsWithALineAndExit1() throws Exception {
        endsWhenItsReactorDiesUnannounced("sink", SinkCommand.class, "sink", "--listen", "tcp:0");
    }

    @Test
    void aTapWhoseReactorThreadDiesWithoutSayingSoEndsWithALineAndExit1() throws Exception {
        endsWhenItsReactorDiesUnannounced(
                "tap",
                TapCommand.class,
                "tap",
                "--listen",
                "tcp:0",
                "--to",
                "tcp:host=127.0.0.1:port=9"); // no client: never dialled
    }

    private static void endsWhenItsReactorDiesUnannounced(String name, Class<?> command, String... args)
            throws Exception {
        CapturedOutput out = new CapturedOutput();
        CapturedOutput err = new CapturedOutput();
        CompletableFuture<Void> listening = new CompletableFuture<>();
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        Thread main = new Thread(
                () -> {
                    try {
                        exit.complete(WeftCli.run(
                                args,
                                InputStream.nullInputStream(),
                                out.printStream(),
                                err.printStream(),
                                new Interrupter(),
                                address -> listening.complete(null),
                                false));
                    } catch (Throwable t) {
                        exit.completeExceptionally(t);
                    }
                },
                "weft-cli-dead-reactor-" + name);
        main.setDaemon(true);
        main.start();
        listening.get(60, TimeUnit.SECONDS);
        ReactorThread reactor = ReactorThread.running().stream()
                .filter(rt -> rt.startedBy() == main)
                .findFirst()
                .orElseThrow();

        awaitWaitingForTheEnd(main, command);
        Field ended = ReactorThread.class.getDeclaredField("ended");
        ended.setAccessible(true);
        ended.set(reactor, new CompletableFuture<Void>());
        reactor.reactor().callFromThread(() -> {
            throw new InternalError("a test's stand-in for a fatal error"); // fatal: ends the loop
        });

        assertThat(exit.get(60, TimeUnit.SECONDS)).as(err.text()).isEqualTo(CliFailure.RUNTIME);
        assertThat(err.text())
                .contains("weft " + name + ": the reactor failed and stopped: ")
                .contains("; connections still open were lost; give Java more, e.g. WEFT_JAVA_OPTS=-Xmx");
    }

    /**
     * Waits until {@code main} is parked waiting for the command's end, in the frame {@code command.call()} calls: its
     * watch on the reactor's end is registered by then.
     */
    private static void awaitWaitingForTheEnd(Thread main, Class<?> command) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            StackTraceElement[] stack = main.getStackTrace();
            for (int i = 1; i < stack.length; i++) {
                if (stack[i].getClassName().equals(command.getName())
                        && stack[i].getMethodName().equals("call")) {
                    String callee = stack[i - 1].getClassName() + "." + stack[i - 1].getMethodName();
                    Thread.State state = main.getState();
                    if ((callee.equals(CompletableFuture.class.getName() + ".join")
                                    || callee.equals(ReactorSession.class.getName() + ".join"))
                            && (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING)) {
                        return;
                    }
                }
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
        throw new AssertionError("the command never waited for its end: " + Arrays.toString(main.getStackTrace()));
    }
}
