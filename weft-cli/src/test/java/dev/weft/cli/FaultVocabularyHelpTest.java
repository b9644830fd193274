package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.testing.Fault;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code weft tap --help} and weft-cli's README name every fault kind weft-testing parses, so a new kind cannot be
 * missing from them unnoticed (the help's list is written by hand).
 */
class FaultVocabularyHelpTest {
    private static String help;

    @BeforeAll
    static void readTheHelp() throws Exception {
        help = CliRun.run("tap", "--help").out.text().replaceAll("\\s+", " ");
    }

    @ParameterizedTest
    @EnumSource(Fault.Kind.class)
    void theTapHelpNamesTheKind(Fault.Kind kind) {
        String fault = help.substring(help.indexOf("--fault"));
        assertThat(fault)
                .containsPattern("[ :,\\]]" + java.util.regex.Pattern.quote(kind.text()) + "[=,]|or "
                        + java.util.regex.Pattern.quote(kind.text()));
    }

    @ParameterizedTest
    @EnumSource(Fault.Kind.class)
    void theReadmeNamesTheKind(Fault.Kind kind) throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        assertThat(readme).contains("`" + kind.text());
    }
}
