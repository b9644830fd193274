package dev.weft.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** A ChunkList holds exactly the bytes appended to it, however they were appended. */
final class ChunkListTest {

    @Property(tries = 200)
    void everyViewOfTheListIsTheConcatenationOfWhatWasAppended(
            @ForAll @Size(max = 12) List<@Size(max = 300) byte[]> pieces, @ForAll boolean direct) throws Exception {
        ChunkList list = new ChunkList();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 0; i < pieces.size(); i++) {
            byte[] piece = pieces.get(i);
            expected.write(piece);
            if (i % 2 == 0 || piece.length == 0) {
                list.add(piece.clone());
            } else {
                ByteBuffer chunk =
                        direct ? ByteBuffer.allocateDirect(piece.length + 7) : ByteBuffer.allocate(piece.length + 7);
                list.addEmpty(chunk);
                chunk.put(piece);
                list.grewLast(piece.length);
            }
        }

        assertThat(list.size()).isEqualTo(expected.size());
        assertThat(list.inputStream().readAllBytes()).isEqualTo(expected.toByteArray());
        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        assertThat(list.writeTo(streamed)).isEqualTo(expected.size());
        assertThat(streamed.toByteArray()).isEqualTo(expected.toByteArray());
        ByteArrayOutputStream channelled = new ByteArrayOutputStream();
        assertThat(list.writeTo(Channels.newChannel(channelled))).isEqualTo(expected.size());
        assertThat(channelled.toByteArray()).isEqualTo(expected.toByteArray());
        byte[] joined = list.join();
        assertThat(joined).isEqualTo(expected.toByteArray());
        assertThat(list.join()).as("a second join returns the same array").isSameAs(joined);
    }

    @Test
    void aStreamKeepsTheBytesHeldWhenItWasMade() throws Exception {
        ChunkList list = new ChunkList();
        list.add(new byte[] {1, 2});
        var stream = list.inputStream();
        list.add(new byte[] {3});

        assertThat(stream.readAllBytes()).containsExactly(1, 2);
        assertThat(list.join()).containsExactly(1, 2, 3);
    }

    @Test
    void drainingHandsOverEveryChunkAndEmptiesTheList() {
        ChunkList list = new ChunkList();
        list.add(new byte[] {1});
        list.addEmpty(ByteBuffer.allocateDirect(8));
        ChunkPool pool = new ChunkPool(1 << 10);

        list.drainTo(pool::give);

        assertThat(list.size()).isZero();
        assertThat(list.chunkCount()).isZero();
        assertThat(pool.idleBytes()).as("only the direct chunk is pooled").isEqualTo(8);
    }

    @Test
    void removeLastTakesTheLastChunkAndItsBytesOutOfTheCounts() {
        ChunkList list = new ChunkList();
        list.add(new byte[] {1, 2});
        ByteBuffer chunk = ByteBuffer.allocate(8);
        list.addEmpty(chunk);
        chunk.put((byte) 3);
        list.grewLast(1);

        assertThat(list.removeLast()).isSameAs(chunk);
        assertThat(list.chunkCount()).isEqualTo(1);
        assertThat(list.size()).isEqualTo(2);
        assertThat(list.capacity()).isEqualTo(2);
        assertThat(list.join()).containsExactly(1, 2);
        list.removeLast();
        assertThat(list.size()).isZero();
        assertThat(list.capacity()).isZero();
        assertThatThrownBy(list::removeLast)
                .isInstanceOf(java.util.NoSuchElementException.class)
                .hasMessageContaining("empty ChunkList");
    }

    @Test
    void theGrowthPolicyGivesPowersOfTwoBetweenItsBounds() {
        assertThat(ChunkGrowth.nextChunkSize(0)).isEqualTo(ChunkGrowth.MIN_CHUNK);
        assertThat(ChunkGrowth.nextChunkSize(1L << 20)).isEqualTo(32 * 1024);
        assertThat(ChunkGrowth.nextChunkSize(3L << 20)).isEqualTo(64 * 1024);
        assertThat(ChunkGrowth.nextChunkSize(1L << 40)).isEqualTo(ChunkGrowth.MAX_CHUNK);
        assertThatThrownBy(() -> new ChunkList().last()).isInstanceOf(ArrayIndexOutOfBoundsException.class);
    }
}
