package dev.weft.internet;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import org.jspecify.annotations.Nullable;

/**
 * Decides, once per class, whether a transport may use the buffer path of an {@link IBufferedProtocol}; thread-safe.
 */
final class BufferPath {
    private static final ClassValue<Boolean> USES_BUFFER = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return decide(type);
        }
    };

    private BufferPath() {}

    static @Nullable IBufferedProtocol of(IProtocol protocol) {
        if (protocol instanceof IBufferedProtocol buffered && USES_BUFFER.get(protocol.getClass())) {
            return buffered;
        }
        return null;
    }

    /** Tells whether {@code dataReceived} is not overridden below {@code getBuffer}/{@code bufferUpdated}. */
    private static boolean decide(Class<?> type) {
        Class<?> data = declarer(type, "dataReceived", byte[].class);
        Class<?> getBuffer = declarer(type, "getBuffer", int.class);
        Class<?> updated = declarer(type, "bufferUpdated", int.class);
        Class<?> deeper = getBuffer.isAssignableFrom(updated) ? updated : getBuffer;
        return data.isAssignableFrom(deeper);
    }

    /** Returns the class whose body runs for {@code name(parameter)}, ignoring bridge methods. */
    private static Class<?> declarer(Class<?> type, String name, Class<?> parameter) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(name)
                        && !m.isBridge()
                        && !Modifier.isAbstract(m.getModifiers())
                        && !Modifier.isStatic(m.getModifiers())
                        && m.getParameterCount() == 1
                        && m.getParameterTypes()[0] == parameter) {
                    return c;
                }
            }
        }
        try {
            return type.getMethod(name, parameter).getDeclaringClass();
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(type.getName() + " has no " + name + " method", e);
        }
    }
}
