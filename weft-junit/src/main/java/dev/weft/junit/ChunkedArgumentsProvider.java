package dev.weft.junit;

import dev.weft.internet.testing.Chunking;
import dev.weft.internet.testing.Split;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Executable;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.support.AnnotationConsumer;
import org.junit.jupiter.params.support.ParameterDeclaration;
import org.junit.jupiter.params.support.ParameterDeclarations;

/**
 * Provides the arguments of a {@link ChunkedSource}: per split, the {@link Split} and, if the method's second parameter
 * is a {@code byte[]}, a fresh copy of the input. A method whose parameters it cannot fill fails once, before any
 * invocation, naming the signatures it serves. JUnit creates it and calls it on the test thread; tests use {@link
 * ChunkedSource} instead.
 */
public final class ChunkedArgumentsProvider implements ArgumentsProvider, AnnotationConsumer<ChunkedSource> {
    private byte[] input = new byte[0];
    private Chunking chunking = Chunking.standard();

    /** Makes a provider with no input; JUnit then calls {@link #accept}. */
    public ChunkedArgumentsProvider() {}

    @Override
    public void accept(ChunkedSource source) {
        input = source.value().getBytes(StandardCharsets.UTF_8);
        chunking = Chunking.standard()
                .withMaxFixedSize(source.maxFixedSize())
                .withMaxSplitPoints(source.maxSplitPoints())
                .withRandomSplits(source.randomSplits(), source.seed())
                .withEmptyReads(source.emptyReads());
    }

    /**
     * Returns the arguments, one set per split.
     *
     * @throws ExtensionConfigurationException if the method's parameters are not {@code (Split)} or {@code (Split,
     *     byte[])}, each maybe followed by parameters of other types (for other resolvers)
     */
    @Override
    public Stream<? extends Arguments> provideArguments(ParameterDeclarations parameters, ExtensionContext context) {
        boolean withInput = takesInput(parameters);
        String bytes = input.length + (input.length == 1 ? " byte" : " bytes");
        return chunking.splits(input.length)
                .map(split -> withInput
                        ? Arguments.of(Named.of(split.toString(), split), Named.of(bytes, input.clone()))
                        : Arguments.of(Named.of(split.toString(), split)));
    }

    /**
     * Tells whether the method takes the input after the split; throws, naming the method and what it takes, if it
     * does not start with a {@link Split} or takes a {@code Split} or {@code byte[]} elsewhere.
     */
    static boolean takesInput(ParameterDeclarations parameters) {
        Class<?>[] types = parameterTypes(parameters);
        boolean withInput = types.length > 1 && types[1] == byte[].class;
        boolean fits = types.length > 0 && types[0] == Split.class;
        for (int i = withInput ? 2 : 1; fits && i < types.length; i++) {
            fits = types[i] != Split.class && types[i] != byte[].class;
        }
        if (!fits) {
            String got = Arrays.stream(types).map(Class::getSimpleName).collect(Collectors.joining(", ", "(", ")"));
            throw new ExtensionConfigurationException("@ChunkedSource cannot fill the parameters " + got + " of "
                    + parameters.getSourceElementDescription() + ": it passes each split and the input, so the method"
                    + " takes (Split split) or (Split split, byte[] input), either followed by parameters another"
                    + " extension resolves (such as WeftExtension's Clock); for the pieces of a split, call"
                    + " split.pieces(input)");
        }
        return withInput;
    }

    private static Class<?>[] parameterTypes(ParameterDeclarations parameters) {
        AnnotatedElement source = parameters.getSourceElement();
        if (source instanceof Executable executable) {
            return executable.getParameterTypes();
        }
        return parameters.getAll().stream()
                .map(ParameterDeclaration::getParameterType)
                .toArray(Class<?>[]::new);
    }
}
