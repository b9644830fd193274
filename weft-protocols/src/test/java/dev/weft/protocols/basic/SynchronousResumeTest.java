package dev.weft.protocols.basic;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Deferred;
import dev.weft.internet.IProtocol;
import dev.weft.internet.ITransport;
import dev.weft.internet.testing.StringTransport;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A receiver paused inside its frame callback and resumed at once, from the same callback (an already-fired
 * Deferred, a cache hit), delivers every frame once and in order, whatever the chunking, also when a later
 * frame pauses again and the resume comes from outside. Twisted's {@code IntNStringReceiver} re-parses the
 * read here and delivers the same frame until the stack overflows.
 */
final class SynchronousResumeTest {
    /** What the frame callbacks need of a receiver. */
    interface Pausable extends IProtocol {
        void pauseProducing();

        void resumeProducing();

        boolean isPaused();

        ITransport transport();

        /** Sends a frame back, framed as it arrived. */
        void echo(byte[] frame);

        Script script();
    }

    /**
     * The callback of every receiver here: frame {@code i} with {@code i % every == 0} pauses and is echoed by
     * an already-fired Deferred's callback, which then resumes; with {@code holdNext}, the frame after it
     * pauses and stays paused until the test resumes.
     */
    static final class Script {
        final int every;
        final boolean holdNext;
        final List<byte[]> frames = new ArrayList<>();
        final List<String> errors = new ArrayList<>();

        Script(int every, boolean holdNext) {
            this.every = every;
            this.holdNext = holdNext;
        }

        void frame(Pausable receiver, byte[] frame) {
            int index = frames.size();
            frames.add(frame);
            if (frames.size() > 1000) {
                throw new AssertionError("more than 1000 frames delivered: a frame is delivered again and again");
            }
            if (index % every == 0) {
                receiver.pauseProducing();
                Deferred.succeed(frame)
                        .addCallback(f -> {
                            receiver.echo(f);
                            receiver.resumeProducing();
                            return null;
                        })
                        .addErrback(failure -> {
                            errors.add(failure.value().toString());
                            return null;
                        });
            } else {
                receiver.echo(frame);
                if (holdNext && index % every == 1) {
                    receiver.pauseProducing();
                }
            }
        }
    }

    static final class Int8 extends Int8StringReceiver implements Pausable {
        private final Script script;

        Int8(Script script) {
            this.script = script;
        }

        @Override
        public void stringReceived(byte[] string) {
            script.frame(this, string);
        }

        @Override
        public void echo(byte[] frame) {
            sendString(frame);
        }

        @Override
        public Script script() {
            return script;
        }
    }

    static final class Int16 extends Int16StringReceiver implements Pausable {
        private final Script script;

        Int16(Script script) {
            this.script = script;
        }

        @Override
        public void stringReceived(byte[] string) {
            script.frame(this, string);
        }

        @Override
        public void echo(byte[] frame) {
            sendString(frame);
        }

        @Override
        public Script script() {
            return script;
        }
    }

    static final class Int32 extends Int32StringReceiver implements Pausable {
        private final Script script;

        Int32(Script script) {
            this.script = script;
        }

        @Override
        public void stringReceived(byte[] string) {
            script.frame(this, string);
        }

        @Override
        public void echo(byte[] frame) {
            sendString(frame);
        }

        @Override
        public Script script() {
            return script;
        }
    }

    static final class Lines extends LineReceiver implements Pausable {
        private final Script script;

        Lines(Script script) {
            this.script = script;
        }

        @Override
        public void lineReceived(byte[] line) {
            script.frame(this, line);
        }

        @Override
        public void echo(byte[] frame) {
            sendLine(frame);
        }

        @Override
        public Script script() {
            return script;
        }
    }

    private static final byte[][] FRAMES = {
        "".getBytes(US_ASCII),
        "a".getBytes(US_ASCII),
        "hello".getBytes(US_ASCII),
        "".getBytes(US_ASCII),
        "the quick brown fox".getBytes(US_ASCII),
        "bc".getBytes(US_ASCII),
        "x".repeat(200).getBytes(US_ASCII),
        "last".getBytes(US_ASCII),
    };

    static Stream<Arguments> receivers() {
        List<Arguments> all = new ArrayList<>();
        List<Object[]> kinds = List.<Object[]>of(
                new Object[] {"Int8StringReceiver", (Function<Script, Pausable>) Int8::new, 1},
                new Object[] {"Int16StringReceiver", (Function<Script, Pausable>) Int16::new, 2},
                new Object[] {"Int32StringReceiver", (Function<Script, Pausable>) Int32::new, 4},
                new Object[] {"LineReceiver", (Function<Script, Pausable>) Lines::new, 0});
        for (Object[] kind : kinds) {
            for (int every : new int[] {1, 2, 3}) {
                for (boolean holdNext : new boolean[] {false, true}) {
                    if (every > 1 || !holdNext) {
                        all.add(Arguments.of(kind[0], kind[1], kind[2], every, holdNext));
                    }
                }
            }
        }
        return all.stream();
    }

    /** The frames as the receiver expects them: length-prefixed, or lines ending in CR LF (prefix 0). */
    static byte[] framed(int prefixLength) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] f : FRAMES) {
            for (int i = prefixLength - 1; i >= 0; i--) {
                out.write(f.length >>> (8 * i));
            }
            out.writeBytes(f);
            if (prefixLength == 0) {
                out.writeBytes("\r\n".getBytes(US_ASCII));
            }
        }
        return out.toByteArray();
    }

    @ParameterizedTest(name = "{0}, pausing every {3} frame(s), holding the next: {4}")
    @MethodSource("receivers")
    void eachFrameIsDeliveredOnceInOrderHoweverSplit(
            String name, Function<Script, Pausable> kind, int prefixLength, int every, boolean holdNext) {
        byte[] input = framed(prefixLength);
        Feed.everySplit(
                input,
                () -> {
                    Pausable receiver = kind.apply(new Script(every, holdNext));
                    receiver.makeConnection(new StringTransport());
                    return receiver;
                },
                (split, receiver) -> {
                    // The frames held back by a pause that no callback lifted come with the test's resumes.
                    for (int i = 0; i <= FRAMES.length && receiver.isPaused(); i++) {
                        receiver.resumeProducing();
                    }
                    Script script = receiver.script();
                    assertThat(script.errors).isEmpty();
                    assertThat(script.frames).containsExactly(FRAMES);
                    assertThat(receiver.isPaused()).isFalse();
                    assertThat(((StringTransport) receiver.transport()).value()).isEqualTo(input);
                });
    }
}
