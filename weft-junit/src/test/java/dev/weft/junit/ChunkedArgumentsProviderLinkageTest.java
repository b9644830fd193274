package dev.weft.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The provider links on JUnit before 5.13, which lacks {@code ParameterDeclarations}: JUnit reflects over its methods,
 * so one naming that type threw NoClassDefFoundError for every {@code @ChunkedSource} test there.
 */
class ChunkedArgumentsProviderLinkageTest {
    private static final String TYPE = "ParameterDeclaration";

    @Test
    void noDeclaredMemberNamesAParameterDeclarationType() {
        List<String> members = new ArrayList<>();
        for (Method m : ChunkedArgumentsProvider.class.getDeclaredMethods()) {
            members.add(m.toGenericString());
        }
        for (Constructor<?> c : ChunkedArgumentsProvider.class.getDeclaredConstructors()) {
            members.add(c.toGenericString());
        }
        for (Field f : ChunkedArgumentsProvider.class.getDeclaredFields()) {
            members.add(f.toGenericString());
        }

        assertThat(members).isNotEmpty().noneMatch(member -> member.contains(TYPE));
    }

    @Test
    void theClassFileRefersToNoParameterDeclarationType() throws IOException {
        byte[] bytes;
        try (InputStream in = ChunkedArgumentsProvider.class.getResourceAsStream("ChunkedArgumentsProvider.class")) {
            assertThat(in).isNotNull();
            bytes = in.readAllBytes();
        }

        // the constant pool keeps type names as modified UTF-8, which is ASCII for these
        assertThat(new String(bytes, StandardCharsets.ISO_8859_1))
                .contains("ChunkedArgumentsProvider")
                .doesNotContain("org/junit/jupiter/params/support/" + TYPE);
    }
}
