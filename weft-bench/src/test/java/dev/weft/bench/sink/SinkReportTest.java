package dev.weft.bench.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internal.json.Json;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

final class SinkReportTest {
    private static String record(String server, String workload, String spec, double seconds, boolean crc) {
        String[] p = spec.split(":");
        long conns = SinkRun.size(p[0]);
        long bytes = conns * SinkRun.size(p[1]);
        return "{\"server\":\"" + server + "\",\"workload\":\"" + workload + "\",\"spec\":\"" + spec
                + "\",\"rep\":1,\"status\":\"ok\",\"reason\":\"\",\"server_exit\":0,\"command\":\"x \\\"y\\\"\","
                + "\"srv\":{\"connections\":" + conns + ",\"bytes\":" + bytes + ",\"seconds\":" + seconds
                + ",\"crc_ok\":" + crc + ",\"peak_rss_kb\":2048,\"cpu_seconds\":0.5},"
                + "\"lg\":{\"errors\":0,\"mb_per_s\":1.0,\"error\":\"\"}}";
    }

    private static SinkReport report(String... lines) {
        List<SinkRun> runs = new ArrayList<>();
        for (String l : lines) {
            runs.add(SinkRun.of((Map<?, ?>) Json.parse(l)));
        }
        return new SinkReport(runs);
    }

    @Test
    void takesTheMedianOfPassingRunsOnTheServersClock() {
        SinkReport r = report(
                record("weft", "W1", "1:1M:64K:1", 1.0, true),
                record("weft", "W1", "1:1M:64K:1", 2.0, true),
                record("weft", "W1", "1:1M:64K:1", 4.0, true),
                record("weft", "W1", "1:1M:64K:1", 0.001, false));
        Spread s = r.headline("weft", "W1");
        assertThat(s.count()).isEqualTo(3);
        assertThat(s.median()).isEqualTo(1048576 / 2.0 / 1e6);
        assertThat(s.max()).isEqualTo(1048576 / 1.0 / 1e6);
    }

    @Test
    void measuresManyConnectionWorkloadsInConnectionsPerSecond() {
        SinkReport r = report(record("weft", "W3", "2000:1K:1K:64", 0.5, true));
        assertThat(r.headline("weft", "W3").median()).isEqualTo(4000.0);
    }

    @Test
    void rejectsRunsWhoseByteCountDiffersFromTheSpec() {
        String wrong =
                record("netty-nio-copy", "W1", "1:1M:64K:1", 1.0, true).replace("\"bytes\":1048576", "\"bytes\":5");
        SinkRun run = SinkRun.of((Map<?, ?>) Json.parse(wrong));
        assertThat(run.ok()).isFalse();
        assertThat(run.reason()).contains("bytes 5 != 1048576");
    }

    @Test
    void writesTablesRatiosAndFailures() {
        SinkReport r = report(
                record("weft", "W1", "1:1M:64K:1", 1.0, true),
                record("netty-epoll-composite", "W1", "1:1M:64K:1", 2.0, true),
                record("netty-nio-copy", "W1", "1:1M:64K:1", 4.0, true),
                record("netty-epoll-composite+flags", "W1", "1:1M:64K:1", 0.5, true),
                record("c-accum", "W1", "1:1M:64K:1", 1.0, false));
        String md = r.markdown(List.of("raw.jsonl"));
        assertThat(md)
                .contains("| weft | 1.05 |")
                .contains("| best Netty variant (per workload; default flags) | 2.00 (epoll-composite) |")
                .contains("| c-accum | 0/1 |")
                .contains("| netty-epoll-composite+flags | 0.50 |")
                .contains("- c-accum W1: crc_ok is not true")
                .contains("**W1** `1:1M:64K:1`: 1 × 1 MiB, 64 KiB writes; held at most 1 MiB");
    }

    @Test
    void drawsAWellFormedSvgWithOneBarPerPassingCell() throws Exception {
        SinkReport r = report(
                record("weft", "W1", "1:1M:64K:1", 1.0, true),
                record("netty-nio-copy", "W1", "1:1M:64K:1", 2.0, true),
                record("weft", "W3", "2000:1K:1K:64", 0.5, true),
                record("netty-nio-copy", "W3", "2000:1K:1K:64", 0.5, false));
        String svg = r.svg();
        Document doc = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(doc.getElementsByTagName("rect").getLength()).isEqualTo(1 + 3);
        assertThat(svg).contains("no passing run");
    }
}
