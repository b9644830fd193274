package dev.weft.junit;

import dev.weft.internet.testing.Chunking;
import dev.weft.internet.testing.Split;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.support.AnnotationConsumer;

/**
 * Provides the arguments of a {@link ChunkedSource}: per split, the {@link Split} and, if the method's second parameter
 * is a {@code byte[]}, a fresh copy of the input. A method whose parameters it cannot fill fails once, before any
 * invocation, naming the signatures it serves. JUnit creates it and calls it on the test thread; tests use {@link
 * ChunkedSource} instead.
 *
 * <p>It implements {@link ArgumentsProvider#provideArguments(ExtensionContext)}, the method every JUnit from 5.10 on
 * calls (5.13 and later through their newer method's default), and names no type JUnit added later, so it links on
 * each of them.
 */
public final class ChunkedArgumentsProvider implements ArgumentsProvider, AnnotationConsumer<ChunkedSource> {
    private @Nullable ChunkedSource source;
    private Chunking chunking = Chunking.standard();

    /** Makes a provider with no input; JUnit then calls {@link #accept}. */
    public ChunkedArgumentsProvider() {}

    @Override
    public void accept(ChunkedSource source) {
        this.source = source;
        chunking = Chunking.standard()
                .withMaxFixedSize(source.maxFixedSize())
                .withMaxSplitPoints(source.maxSplitPoints())
                .withRandomSplits(source.randomSplits(), source.seed())
                .withEmptyReads(source.emptyReads());
    }

    /**
     * Returns the arguments, one set per split.
     *
     * @throws ExtensionConfigurationException as the stream is read, if the method's parameters are not {@code
     *     (Split)} or {@code (Split, byte[])}, each maybe followed by parameters of other types (for other resolvers),
     *     or if the annotation's input is missing, given twice, bad hex or a resource found nowhere
     */
    // Deprecated since JUnit 5.13 for the method taking ParameterDeclarations, a type older JUnits lack; 5.13 and later
    // (6.x too) still call this one from that method's default, so overriding it serves every version. That default
    // wraps whatever this method throws in "ArgumentsProvider does not override ...", so the checks run as JUnit reads
    // the stream, where their own message reaches the user.
    @SuppressWarnings("deprecation")
    @Override
    public Stream<? extends Arguments> provideArguments(ExtensionContext context) {
        Method method = context.getRequiredTestMethod();
        ChunkedSource given = source;
        if (given == null) {
            throw new IllegalStateException("JUnit calls accept(ChunkedSource) before provideArguments");
        }
        return Stream.of(method).flatMap(m -> arguments(given, m));
    }

    private Stream<Arguments> arguments(ChunkedSource given, Method method) {
        boolean withInput = takesInput(method);
        byte[] input = input(given, method);
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
    static boolean takesInput(Method method) {
        Class<?>[] types = method.getParameterTypes();
        boolean withInput = types.length > 1 && types[1] == byte[].class;
        boolean fits = types.length > 0 && types[0] == Split.class;
        for (int i = withInput ? 2 : 1; fits && i < types.length; i++) {
            fits = types[i] != Split.class && types[i] != byte[].class;
        }
        if (!fits) {
            String got = Arrays.stream(types).map(Class::getSimpleName).collect(Collectors.joining(", ", "(", ")"));
            throw new ExtensionConfigurationException("@ChunkedSource cannot fill the parameters " + got + " of "
                    + describe(method) + ": it passes each split and the input, so the method"
                    + " takes (Split split) or (Split split, byte[] input), either followed by parameters another"
                    + " extension resolves (such as WeftExtension's Clock); for the pieces of a split, call"
                    + " split.pieces(input)");
        }
        return withInput;
    }

    /** Returns the input the annotation gives, as {@link ChunkedSource} describes, or throws naming what is wrong. */
    static byte[] input(ChunkedSource source, Method method) {
        String where = " on " + describe(method);
        List<String> given = new ArrayList<>();
        for (String[] attribute :
                new String[][] {{"value", source.value()}, {"hex", source.hex()}, {"resource", source.resource()}}) {
            if (!attribute[1].isEmpty()) {
                given.add(attribute[0]);
            }
        }
        if (given.size() != 1) {
            throw new ExtensionConfigurationException("@ChunkedSource" + where
                    + (given.isEmpty()
                            ? " gives no input: give it as text (@ChunkedSource(\"...\")), as hex (hex = \"00 01 ff\") or as a"
                                    + " resource file (resource = \"/frame.bin\")"
                            : " gives its input " + given.size() + " times, as " + String.join(" and ", given)
                                    + ": give exactly one of value (text), hex and resource"));
        }
        if (!source.hex().isEmpty()) {
            return hex(source.hex(), where);
        }
        if (!source.resource().isEmpty()) {
            return resource(source.resource(), method.getDeclaringClass(), where);
        }
        return source.value().getBytes(StandardCharsets.UTF_8);
    }

    /** Returns the bytes {@code hex} spells, two digits each with whitespace between bytes, or throws naming where not. */
    static byte[] hex(String hex, String where) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(hex.length() / 2);
        int i = 0;
        while (i < hex.length()) {
            char c = hex.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int high = Character.digit(c, 16);
            if (high < 0 || c > 'f') {
                throw badHex(hex, where, describe(c) + " at offset " + i + " is not a hex digit");
            }
            if (i + 1 == hex.length()) {
                throw badHex(hex, where, "the digit " + describe(c) + " at offset " + i + " ends the text alone");
            }
            char d = hex.charAt(i + 1);
            int low = Character.digit(d, 16);
            if (low < 0 || d > 'f') {
                throw badHex(
                        hex,
                        where,
                        Character.isWhitespace(d)
                                ? "the digit " + describe(c) + " at offset " + i + " is followed by " + describe(d)
                                        + ", not by its byte's second digit"
                                : describe(d) + " at offset " + (i + 1) + " is not a hex digit");
            }
            out.write(high << 4 | low);
            i += 2;
        }
        return out.toByteArray();
    }

    private static ExtensionConfigurationException badHex(String hex, String where, String problem) {
        return new ExtensionConfigurationException("@ChunkedSource(hex = \"" + hex.replace("\n", "\\n") + "\")" + where
                + ": " + problem + "; write each byte as two hex digits (0-9, a-f, A-F), such as \"00 0a ff\","
                + " with whitespace between bytes if you like");
    }

    /** Returns {@code c} quoted, or named if it does not print: {@code 'g'}, {@code U+0009}. */
    private static String describe(char c) {
        return c > ' ' && c < 0x7f ? "'" + c + "'" : c == ' ' ? "a space" : String.format("U+%04X", (int) c);
    }

    /** Returns the bytes of the resource {@code name}, found from the method's class, or throws naming it. */
    private static byte[] resource(String name, Class<?> base, String where) {
        try (InputStream in = base.getResourceAsStream(name)) {
            if (in == null) {
                String path = name.startsWith("/")
                        ? name.substring(1)
                        : base.getPackageName().replace('.', '/') + "/" + name;
                throw new ExtensionConfigurationException("@ChunkedSource(resource = \"" + name + "\")" + where
                        + ": no resource " + path + " on the class path of " + base.getName() + "; put the file"
                        + " there (src/test/resources/" + path + " in a Maven project), or start the name with /"
                        + " to look from the root rather than from the class's package");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ExtensionConfigurationException(
                    "@ChunkedSource(resource = \"" + name + "\")" + where + ": reading it failed: " + e, e);
        }
    }

    /** Returns how JUnit names {@code method} in its own messages: {@code method [void a.B.c(Split)]}. */
    static String describe(Method method) {
        return "method [" + method.toGenericString() + "]";
    }
}
