package dev.weft.cli;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * Frees direct memory (where {@code sink} keeps what connections send) when asked, and explains running
 * out of it in one line that names the limit and the fix. Thread-safe.
 */
final class DirectMemory {
    private static final String OPTION = "-XX:MaxDirectMemorySize=";

    /** {@code sun.misc.Unsafe.invokeCleaner} bound to the instance, or null where the JDK has none. */
    private static final @Nullable MethodHandle CLEANER = cleaner();

    private DirectMemory() {}

    /**
     * Frees the memory of {@code chunk}, a direct buffer nobody uses any more, now instead of when the
     * collector finds it, so the process reuses it (or the kernel takes it back) at once; returns whether
     * it could (no on a JDK without {@code sun.misc.Unsafe.invokeCleaner}: the collector frees it later).
     * Touching the buffer afterwards would read freed memory: the caller gives up its only reference.
     */
    static boolean free(ByteBuffer chunk) {
        MethodHandle clean = CLEANER;
        if (clean == null || !chunk.isDirect()) {
            return false;
        }
        try {
            clean.invokeExact(chunk);
            return true;
        } catch (RuntimeException e) {
            return false; // a view or a duplicate: only the buffer that owns the memory can free it
        } catch (Throwable t) {
            throw new IllegalStateException("freeing a direct buffer failed", t);
        }
    }

    private static @Nullable MethodHandle cleaner() {
        try {
            Class<?> unsafe = Class.forName("sun.misc.Unsafe");
            Field instance = unsafe.getDeclaredField("theUnsafe");
            instance.setAccessible(true);
            return MethodHandles.lookup()
                    .findVirtual(unsafe, "invokeCleaner", MethodType.methodType(void.class, ByteBuffer.class))
                    .bindTo(instance.get(null));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Returns the one-line reason for a connection cut because {@code error} was thrown. */
    static String exhausted(OutOfMemoryError error) {
        return "out of direct memory (the limit is " + Units.size(limit())
                + "): raise it, e.g. WEFT_JAVA_OPTS=" + OPTION + "4g, or cap each connection with --max-bytes"
                + " (only this connection was closed)";
    }

    /** Returns the JVM's direct-memory limit: {@code -XX:MaxDirectMemorySize}, or else the heap's maximum. */
    static long limit() {
        try {
            for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
                if (argument.startsWith(OPTION)) {
                    return Units.parseSize(argument.substring(OPTION.length()));
                }
            }
        } catch (RuntimeException | LinkageError e) {
            // no management support: fall back to the JVM's default rule
        }
        return Runtime.getRuntime().maxMemory();
    }
}
