package dev.weft.internet.testing;

import dev.weft.defer.Failure;
import dev.weft.internet.Protocol;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Twisted's {@code LineSendingProtocol}: a scripted client for line-based servers that sends a fixed list of lines and
 * records the lines it receives. Lines end with {@code "\r\n"} both ways; {@link #response()} holds them without it.
 * The lines are sent once, from {@link #connectionMade()} with {@code start = true}, else when the first line arrives
 * or on {@link #sendLines()}. It never closes the connection. Unlike Twisted, the first response entry is the line
 * received, not the last line sent (see DEVIATIONS.md). Confined to the reactor thread.
 */
public class LineSendingProtocol extends Protocol {
    private static final byte[] DELIMITER = {'\r', '\n'};

    private final List<byte[]> lines;
    private final boolean start;
    private final List<byte[]> response = new ArrayList<>();
    private byte[] pending = new byte[64];
    private int pendingLength;
    private boolean lostConn;

    /** Creates a protocol sending {@code lines} (the list is copied, not the arrays), on connect if {@code start}. */
    public LineSendingProtocol(List<byte[]> lines, boolean start) {
        this.lines = new ArrayList<>(lines);
        this.start = start;
    }

    /** Creates a protocol that sends {@code lines} as soon as the connection is made. */
    public LineSendingProtocol(List<byte[]> lines) {
        this(lines, true);
    }

    /** Sends the lines if this protocol was created with {@code start = true}. */
    @Override
    public void connectionMade() {
        if (start) {
            sendLines();
        }
    }

    /** Writes each line not sent yet, then {@code "\r\n"}; throws {@link IllegalStateException} if not connected. */
    public void sendLines() {
        for (byte[] line : lines) {
            byte[] framed = Arrays.copyOf(line, line.length + DELIMITER.length);
            System.arraycopy(DELIMITER, 0, framed, line.length, DELIMITER.length);
            transport().write(framed);
        }
        lines.clear();
    }

    /** Splits the received bytes into lines, recording each complete one. */
    @Override
    public void dataReceived(byte[] data) {
        if (pendingLength + data.length > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + data.length));
        }
        System.arraycopy(data, 0, pending, pendingLength, data.length);
        // A '\r' at the end of the previous call may pair with a '\n' at the start of this one.
        int from = Math.max(pendingLength - 1, 0);
        pendingLength += data.length;
        int lineStart = 0;
        for (int i = from; i + 1 < pendingLength; i++) {
            if (pending[i] == '\r' && pending[i + 1] == '\n') {
                lineReceived(Arrays.copyOfRange(pending, lineStart, i));
                i++;
                lineStart = i + 1;
            }
        }
        System.arraycopy(pending, lineStart, pending, 0, pendingLength - lineStart);
        pendingLength -= lineStart;
    }

    private void lineReceived(byte[] line) {
        if (!start) {
            sendLines();
        }
        response.add(line);
    }

    /** Records that the connection ended. */
    @Override
    public void connectionLost(Failure reason) {
        lostConn = true;
    }

    /** {@return an unmodifiable view of the lines received so far, without delimiters} */
    public List<byte[]> response() {
        return Collections.unmodifiableList(response);
    }

    /** {@return whether {@link #connectionLost(Failure)} was called} */
    public boolean isLostConn() {
        return lostConn;
    }
}
