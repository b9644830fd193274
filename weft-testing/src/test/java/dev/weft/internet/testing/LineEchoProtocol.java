package dev.weft.internet.testing;

import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.weft.internet.Protocol;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny line parser for chunking tests: buffers bytes, splits on {@code \n}, records each line and
 * answers it with {@code "echo:<line>\n"}; the line {@code "bye"} closes the connection.
 */
final class LineEchoProtocol extends Protocol {
    final List<String> lines = new ArrayList<>();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    @Override
    public void dataReceived(byte[] data) {
        for (byte b : data) {
            if (b != '\n') {
                buffer.write(b);
                continue;
            }
            String line = buffer.toString(US_ASCII);
            buffer.reset();
            lines.add(line);
            transport().write(("echo:" + line + "\n").getBytes(US_ASCII));
            if (line.equals("bye")) {
                transport().loseConnection();
            }
        }
    }
}
