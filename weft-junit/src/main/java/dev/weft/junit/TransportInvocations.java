package dev.weft.junit;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

/**
 * Provides one invocation of a {@link TransportTest} per transport; {@code @TransportTest} registers it. Runs on the
 * test thread.
 */
public final class TransportInvocations implements TestTemplateInvocationContextProvider {
    /** Creates the provider; JUnit does this for {@code @TransportTest}. */
    public TransportInvocations() {}

    /**
     * Tells whether the method is a {@link TransportTest}.
     *
     * @return {@code true} if it carries the annotation
     */
    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod()
                .map(m -> m.isAnnotationPresent(TransportTest.class))
                .orElse(false);
    }

    /**
     * Returns one invocation per transport the annotation names.
     *
     * @return the invocations, in the annotation's order
     */
    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        TransportTest spec = context.getRequiredTestMethod().getAnnotation(TransportTest.class);
        return Arrays.stream(spec.value()).map(Invocation::new);
    }

    /** One run of the body on one transport; the transport is closed after it. */
    private static final class Invocation implements TestTemplateInvocationContext {
        private final Transport transport;

        Invocation(Transport.Kind kind) {
            this.transport = new Transport(kind);
        }

        @Override
        public String getDisplayName(int invocationIndex) {
            return transport.kind().displayName();
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            ParameterResolver resolver = new ParameterResolver() {
                @Override
                public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
                    return p.getParameter().getType() == Transport.class;
                }

                @Override
                public Object resolveParameter(ParameterContext p, ExtensionContext c) {
                    if (p.isAnnotated(Listen.class)) {
                        throw new ParameterResolutionException("@TransportTest cannot give "
                                + Fixtures.where(p) + ": @Listen sets the address of WeftExtension's SinkServer"
                                + " only; take it off, and for IPv6 loopback ask for"
                                + " @TransportTest({Transport.Kind.TCP, Transport.Kind.TCP6})");
                    }
                    return transport;
                }
            };
            AfterEachCallback close = c -> transport.close();
            return List.of(resolver, close);
        }
    }
}
