package dev.weft.junit;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The context JUnit gives an arguments provider for a test method, for calling one directly: it answers for the
 * method, its class and its display name, and throws on anything else, so a provider asking for more shows up.
 */
final class MethodContext {
    private MethodContext() {}

    static ExtensionContext of(Method method) {
        return (ExtensionContext) Proxy.newProxyInstance(
                MethodContext.class.getClassLoader(),
                new Class<?>[] {ExtensionContext.class},
                (proxy, called, args) -> switch (called.getName()) {
                    case "getRequiredTestMethod" -> method;
                    case "getTestMethod" -> Optional.of(method);
                    case "getRequiredTestClass" -> method.getDeclaringClass();
                    case "getTestClass" -> Optional.of(method.getDeclaringClass());
                    case "getDisplayName" -> method.getName();
                    case "toString" -> "MethodContext[" + method + "]";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default ->
                        throw new UnsupportedOperationException(
                                "MethodContext answers only for the method, not " + called);
                });
    }
}
