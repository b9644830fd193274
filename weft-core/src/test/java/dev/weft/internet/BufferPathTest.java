package dev.weft.internet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which protocols a transport may read into: never past a subclass's dataReceived override. */
final class BufferPathTest {
    /** A buffered base whose two paths agree, as IBufferedProtocol asks. */
    static class Base extends Protocol implements IBufferedProtocol {
        final ByteArrayOutputStream held = new ByteArrayOutputStream();
        final List<String> paths = new ArrayList<>();
        private final ByteBuffer buffer = ByteBuffer.allocate(4);

        @Override
        public void dataReceived(byte[] data) {
            paths.add("dataReceived");
            held.writeBytes(data);
        }

        @Override
        public ByteBuffer getBuffer(int sizeHint) {
            buffer.clear();
            return buffer;
        }

        @Override
        public void bufferUpdated(int nbytes) {
            paths.add("bufferUpdated");
            held.write(buffer.array(), buffer.position() - nbytes, nbytes);
        }
    }

    /** Overrides dataReceived only, to watch: must never be bypassed. */
    static class Watching extends Base {
        final List<String> watched = new ArrayList<>();

        @Override
        public void dataReceived(byte[] data) {
            watched.add(new String(data, java.nio.charset.StandardCharsets.US_ASCII));
            super.dataReceived(data);
        }
    }

    /** Below a watcher, overrides nothing: still watched. */
    static final class BelowWatching extends Watching {}

    /** Overrides both dataReceived and bufferUpdated: in charge of both paths. */
    static final class BothPaths extends Base {
        int updates;

        @Override
        public void dataReceived(byte[] data) {
            super.dataReceived(data);
        }

        @Override
        public void bufferUpdated(int nbytes) {
            updates++;
            super.bufferUpdated(nbytes);
        }
    }

    /** Overrides only getBuffer: dataReceived is still the base's, so the buffer path stays. */
    static final class OwnBufferOnly extends Base {
        @Override
        public ByteBuffer getBuffer(int sizeHint) {
            return super.getBuffer(sizeHint);
        }
    }

    /** A package-private buffered base: a public subclass gets javac's visibility bridges. */
    abstract static class Hidden extends Base {}

    /** Public subclass of a package-private class that overrides dataReceived only. */
    public static final class PublicWatching extends Hidden {
        int watched;

        @Override
        public void dataReceived(byte[] data) {
            watched += data.length;
            super.dataReceived(data);
        }
    }

    @Test
    void aBufferedProtocolThatOverridesNothingKeepsTheBufferPath() {
        Base base = new Base();
        assertThat(IBufferedProtocol.bufferPathOf(base)).isSameAs(base);
        OwnBufferOnly own = new OwnBufferOnly();
        assertThat(IBufferedProtocol.bufferPathOf(own)).isSameAs(own);
        BothPaths both = new BothPaths();
        assertThat(IBufferedProtocol.bufferPathOf(both)).isSameAs(both);
    }

    @Test
    void aPlainProtocolHasNoBufferPath() {
        assertThat(IBufferedProtocol.bufferPathOf(new Protocol() {})).isNull();
    }

    @Test
    void aSubclassOverridingDataReceivedBelowTheBufferMethodsGetsEveryByteThroughIt() {
        for (Watching w : List.of(new Watching(), new BelowWatching())) {
            assertThat(IBufferedProtocol.bufferPathOf(w))
                    .as(w.getClass().getSimpleName())
                    .isNull();

            IBufferedProtocol.deliver(w, "hello weft".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

            assertThat(w.watched).containsExactly("hello weft");
            assertThat(w.paths).containsExactly("dataReceived");
        }
    }

    @Test
    void visibilityBridgesOfAPublicSubclassDoNotHideItsOverride() {
        PublicWatching w = new PublicWatching();
        assertThat(IBufferedProtocol.bufferPathOf(w)).isNull();

        IBufferedProtocol.deliver(w, new byte[10]);

        assertThat(w.watched).isEqualTo(10);
    }

    @Test
    void theBufferPathIsUsedWhenTheSubclassTookChargeOfBoth() {
        BothPaths both = new BothPaths();

        IBufferedProtocol.deliver(both, "0123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

        assertThat(both.updates).isEqualTo(3); // 4 + 4 + 2 through a 4-byte buffer
        assertThat(both.held.toString(java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("0123456789");
    }
}
