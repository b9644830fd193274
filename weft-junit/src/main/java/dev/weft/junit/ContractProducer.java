package dev.weft.junit;

import dev.weft.internet.IPullProducer;
import dev.weft.internet.IPushProducer;
import dev.weft.internet.ITransport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A producer of both kinds that records the calls it gets; as a pull producer it writes once. */
final class ContractProducer implements IPushProducer, IPullProducer {
    final List<String> calls = new ArrayList<>();

    @Nullable
    ITransport writeTo;

    /** Where {@code stopProducing} also says "producer stopped", if set (a protocol's event list). */
    @Nullable
    List<String> log;

    @Override
    public void pauseProducing() {
        calls.add("pause");
    }

    @Override
    public void resumeProducing() {
        calls.add("resume");
        ITransport t = writeTo;
        if (t != null) {
            writeTo = null;
            t.write("pulled".getBytes(StandardCharsets.US_ASCII));
            t.unregisterProducer();
        }
    }

    @Override
    public void stopProducing() {
        calls.add("stop");
        List<String> l = log;
        if (l != null) {
            l.add("producer stopped");
        }
    }
}
