package dev.weft.internet.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A new fault kind is documented wherever the vocabulary is listed: the parser's own usage text (its error messages)
 * and the READMEs that list every kind. weft-cli's {@code FaultVocabularyHelpTest} checks {@code weft tap --help} and
 * its README.
 */
class FaultVocabularyDocumentedTest {
    @ParameterizedTest
    @EnumSource(Fault.Kind.class)
    void theParsersUsageTextNamesTheKind(Fault.Kind kind) {
        assertThat(Fault.USAGE).contains(kind.usage());
    }

    @ParameterizedTest
    @EnumSource(Fault.Kind.class)
    void theRootReadmesFaultVocabularyNamesTheKind(Fault.Kind kind) throws IOException {
        String readme = Files.readString(Path.of("../README.md"));
        int start = readme.indexOf("The fault vocabulary (");
        assertThat(start).as("README.md lists the fault vocabulary").isNotNegative();
        String list = readme.substring(start, readme.indexOf(')', start));
        assertThat(list).contains("`" + kind.text() + "`");
    }

    @ParameterizedTest
    @EnumSource(Fault.Kind.class)
    void theFixtureReadmesFaultTableHasARowForTheKind(Fault.Kind kind) throws IOException {
        String readme = Files.readString(Path.of("../weft-fixture/README.md"));
        assertThat(readme).contains("| `" + kind.usage());
    }
}
