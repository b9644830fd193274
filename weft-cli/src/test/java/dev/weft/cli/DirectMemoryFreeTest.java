package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * {@link DirectMemory#free} gives a direct buffer's memory back at once. Isolated: it reads the JVM's
 * count of direct memory, which another test allocating at the same time would move.
 */
@Isolated("reads the JVM-wide direct memory count")
class DirectMemoryFreeTest {
    private static BufferPoolMXBean direct() {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(b -> b.getName().equals("direct"))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aFreedBufferNoLongerCountsAsDirectMemory() {
        int size = (64 << 20) + 17;
        ByteBuffer chunk = ByteBuffer.allocateDirect(size);
        long before = direct().getTotalCapacity();

        boolean freed = DirectMemory.free(chunk);
        long after = direct().getTotalCapacity();

        assertThat(freed).isTrue();
        // Within 8 MiB: a thread left over from another test may still make or drop a temporary buffer.
        assertThat(before - after).isBetween(size - (8L << 20), size + (8L << 20));
    }

    @Test
    void viewsAndHeapBuffersAreNotFreed() {
        ByteBuffer chunk = ByteBuffer.allocateDirect(4096);

        assertThat(DirectMemory.free(chunk.slice()))
                .as("a view does not own the memory")
                .isFalse();
        assertThat(DirectMemory.free(chunk.duplicate()))
                .as("nor does a duplicate")
                .isFalse();
        assertThat(DirectMemory.free(ByteBuffer.allocate(10)))
                .as("a heap buffer")
                .isFalse();
        chunk.put(0, (byte) 7);
        assertThat(chunk.get(0)).as("still usable").isEqualTo((byte) 7);
    }
}
