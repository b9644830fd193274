package dev.weft.internet.nio.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The public package {@code dev.weft.internet.nio} is built on this one, never the reverse: no compiled class
 * here names a class of the public package (a name in a class file's constant pool is how the JVM links it).
 */
class PackageDirectionTest {
    private static final Pattern PUBLIC_NAME = Pattern.compile("dev/weft/internet/nio/(?!internal/)([A-Za-z0-9_$]+)");

    @Test
    void noInternalClassReferencesThePublicPackage() throws IOException, URISyntaxException {
        Path classes = Path.of(Connection.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        Path internal = classes.resolve("dev/weft/internet/nio/internal");
        List<String> edges = new ArrayList<>();
        int read = 0;
        try (Stream<Path> files = Files.list(internal)) {
            for (Path file : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                read++;
                // Constant-pool names are modified UTF-8; for ASCII class names ISO-8859-1 reads them byte for byte.
                String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                Matcher m = PUBLIC_NAME.matcher(text);
                TreeSet<String> named = new TreeSet<>();
                while (m.find()) {
                    named.add(m.group(1));
                }
                named.forEach(n -> edges.add(file.getFileName() + " -> dev.weft.internet.nio." + n));
            }
        }
        assertThat(read).as("class files read from %s", internal).isGreaterThan(20);
        assertThat(edges)
                .as("move the type to nio.internal, or reach the public one through an interface defined here")
                .isEmpty();
    }
}
