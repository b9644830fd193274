package dev.weft.internet.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.System.Logger.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

final class LogCaptureTest {
    private static final String NAME = "dev.weft.test.logcapture";

    @Test
    void recordsWhatIsLoggedUnderTheNameAndBelowItUntilClosed() {
        Logger julLogger = Logger.getLogger(NAME);
        boolean parents = julLogger.getUseParentHandlers();
        IllegalStateException boom = new IllegalStateException("boom");
        LogCapture log = new LogCapture(NAME);
        try {
            System.getLogger(NAME).log(Level.ERROR, "first", boom);
            System.getLogger(NAME + ".child").log(Level.WARNING, "second");
            System.getLogger("dev.weft.test.elsewhere").log(Level.ERROR, "not captured");

            assertThat(log.records()).extracting(r -> r.getMessage()).containsExactly("first", "second");
            assertThat(log.thrown(IllegalStateException.class)).containsExactly(boom);
            assertThat(log.thrown(java.io.IOException.class)).isEmpty();
            assertThat(julLogger.getUseParentHandlers()).isFalse();
        } finally {
            log.close();
        }
        System.getLogger(NAME).log(Level.ERROR, "after close");

        assertThat(log.records()).hasSize(2);
        assertThat(julLogger.getUseParentHandlers()).isEqualTo(parents);
    }
}
