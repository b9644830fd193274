package dev.weft.junit;

import dev.weft.internet.testing.Chunking;
import dev.weft.internet.testing.Split;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.support.AnnotationConsumer;
import org.junit.jupiter.params.support.ParameterDeclarations;

/**
 * Provides the arguments of a {@link ChunkedSource}: one ({@link Split}, {@code byte[]}) pair per split. JUnit creates
 * it and calls it on the test thread; tests use {@link ChunkedSource} instead.
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

    @Override
    public Stream<? extends Arguments> provideArguments(ParameterDeclarations parameters, ExtensionContext context) {
        String bytes = input.length + (input.length == 1 ? " byte" : " bytes");
        return chunking.splits(input.length)
                .map(split -> Arguments.of(Named.of(split.toString(), split), Named.of(bytes, input.clone())));
    }
}
