package dev.weft.internet;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import org.jspecify.annotations.Nullable;

/**
 * Decides, once per class, whether a transport may feed an {@link IBufferedProtocol} through its
 * buffer rather than through {@code dataReceived}: see {@link IBufferedProtocol#bufferPathOf}.
 *
 * <p>Thread-safe (a {@link ClassValue} caches each class's answer).
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

    /**
     * Tells whether the class that declares {@code type}'s {@code dataReceived} is {@code type}'s
     * {@code getBuffer}/{@code bufferUpdated} class or one of its superclasses: a subclass that
     * overrides {@code dataReceived} below the buffer methods has not taken charge of the buffer path.
     */
    private static boolean decide(Class<?> type) {
        Class<?> data = declarer(type, "dataReceived", byte[].class);
        Class<?> getBuffer = declarer(type, "getBuffer", int.class);
        Class<?> updated = declarer(type, "bufferUpdated", int.class);
        Class<?> deeper = getBuffer.isAssignableFrom(updated) ? updated : getBuffer;
        return data.isAssignableFrom(deeper);
    }

    /**
     * Returns the class whose body runs for {@code name(parameter)} on an instance of {@code type}:
     * the nearest class up the chain declaring it (visibility bridges javac adds to a public subclass
     * of a package-private class do not count), else the interface whose default method it is.
     */
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
