package dev.weft.protocols.basic.oracle;

import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.Protocol;
import dev.weft.protocols.basic.IntNStringReceiver;
import dev.weft.protocols.basic.LineOnlyReceiver;
import dev.weft.protocols.basic.LineReceiver;
import dev.weft.protocols.basic.NetstringReceiver;
import dev.weft.protocols.basic.StringTooLongError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one program of the protocols oracle's language on a weft receiver and records the trace: the
 * Java side of {@code shared/tools/protocols-oracle/protocols_oracle.py}'s {@code Env}.
 */
final class ProgramEnv {
    /** What a {@code raise} reaction op throws; traced as Python's ValueError. */
    static final class RaisedByProgram extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RaisedByProgram() {
            super("raised-by-program", null, false, false);
        }
    }

    private final Map<?, ?> program;
    private final String proto;
    private final List<Object> trace = new ArrayList<>();
    private final Map<String, Integer> counters = new HashMap<>();
    private final Map<String, List<Map<?, ?>>> reactions = new HashMap<>();
    private final Protocol protocol;
    private final RecordingTransport transport;
    private long currentOp = -1;

    ProgramEnv(Map<?, ?> program) {
        this.program = program;
        this.proto = (String) program.get("proto");
        for (Object r : list(program.get("react"))) {
            Map<?, ?> reaction = (Map<?, ?>) r;
            String key = reaction.get("on") + "#" + reaction.get("n");
            List<Map<?, ?>> ops = reactions.computeIfAbsent(key, k -> new ArrayList<>());
            for (Object op : list(reaction.get("ops"))) {
                ops.add((Map<?, ?>) op);
            }
        }
        protocol = Recorders.create(proto, this);
        Map<?, ?> params = program.get("params") instanceof Map<?, ?> m ? m : Map.of();
        for (Map.Entry<?, ?> e : params.entrySet()) {
            String key = (String) e.getKey();
            if (key.equals("delimiter")) {
                byte[] delimiter = unhex((String) e.getValue());
                if (protocol instanceof LineReceiver lr) {
                    lr.setDelimiter(delimiter);
                } else {
                    ((LineOnlyReceiver) protocol).setDelimiter(delimiter);
                }
            } else if (key.equals("MAX_LENGTH")) {
                int max = ((Number) e.getValue()).intValue();
                if (protocol instanceof LineReceiver p) {
                    p.setMaxLength(max);
                } else if (protocol instanceof LineOnlyReceiver p) {
                    p.setMaxLength(max);
                } else if (protocol instanceof IntNStringReceiver p) {
                    p.setMaxLength(max);
                } else {
                    ((NetstringReceiver) protocol).setMaxLength(max);
                }
            } else {
                throw new IllegalArgumentException("unknown param " + key);
            }
        }
        transport = new RecordingTransport(this, Boolean.TRUE.equals(program.get("lenient")));
        protocol.makeConnection(transport);
    }

    Map<String, Object> run() {
        List<?> ops = list(program.get("ops"));
        for (int i = 0; i < ops.size(); i++) {
            currentOp = i;
            try {
                perform((Map<?, ?>) ops.get(i));
            } catch (RaisedByProgram e) {
                event("exception", "exc", "ValueError");
            } catch (StringTooLongError e) {
                event("exception", "exc", "StringTooLongError");
            } catch (IllegalStateException e) {
                event("exception", "exc", "RuntimeError");
            } catch (RuntimeException e) {
                event("exception", "exc", "UNEXPECTED:" + e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        currentOp = ops.size();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("id", program.get("id"));
        result.put("trace", trace);
        result.put("final", finalState());
        return result;
    }

    private Map<String, Object> finalState() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("disconnecting", transport.isDisconnecting());
        out.put("producerState", transport.producerState().toString());
        if (protocol instanceof LineReceiver p) {
            out.put("line_mode", p.isLineMode());
            out.put("paused", p.isPaused());
            out.put("buffer", hex(p.clearLineBuffer()));
        } else if (protocol instanceof IntNStringReceiver p) {
            out.put("paused", p.isPaused());
        } else if (protocol instanceof NetstringReceiver p) {
            out.put("brokenPeer", p.isBrokenPeer() ? 1L : 0L);
        }
        return out;
    }

    /** Traces a callback call and runs its reactions; for the limit kinds, tells whether to run the default. */
    boolean callback(String kind, String key, Object value) {
        int n = counters.merge(kind, 1, Integer::sum) - 1;
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("ev", kind);
        e.put("op", currentOp);
        e.put("n", (long) n);
        e.put(key, value);
        trace.add(e);
        boolean skip = false;
        for (Map<?, ?> op : reactions.getOrDefault(kind + "#" + n, List.of())) {
            String name = (String) op.get("op");
            if (name.equals("returnTrue")) {
                continue; // weft's callbacks return nothing (see DEVIATIONS.md)
            } else if (name.equals("skipDefault")) {
                skip = true;
            } else {
                perform(op);
            }
        }
        return !skip;
    }

    void event(String name, Object... keyValues) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("ev", name);
        e.put("op", currentOp);
        for (int i = 0; i < keyValues.length; i += 2) {
            e.put((String) keyValues[i], keyValues[i + 1]);
        }
        trace.add(e);
    }

    private void perform(Map<?, ?> op) {
        String name = (String) op.get("op");
        switch (name) {
            case "data" -> protocol.dataReceived(unhex((String) op.get("hex")));
            case "sendLine" -> {
                byte[] line = unhex((String) op.get("hex"));
                if (protocol instanceof LineReceiver p) {
                    p.sendLine(line);
                } else {
                    ((LineOnlyReceiver) protocol).sendLine(line);
                }
            }
            case "sendString" -> {
                byte[] string = unhex((String) op.get("hex"));
                if (protocol instanceof IntNStringReceiver p) {
                    p.sendString(string);
                } else {
                    ((NetstringReceiver) protocol).sendString(string);
                }
            }
            case "loseConnection" -> protocol.transport().loseConnection();
            case "connectionLost" -> protocol.connectionLost(new Failure(new ConnectionDone()));
            case "pause" -> producer().pauseProducing();
            case "resume" -> producer().resumeProducing();
            case "stop" -> producer().stopProducing();
            case "clearLineBuffer" -> event("cleared", "hex", hex(((LineReceiver) protocol).clearLineBuffer()));
            case "setRawMode" -> ((LineReceiver) protocol).setRawMode();
            case "setLineMode" -> ((LineReceiver) protocol).setLineMode(unhex((String) op.get("hex")));
            case "raise" -> throw new RaisedByProgram();
            default -> throw new IllegalArgumentException("unknown op " + name);
        }
    }

    private dev.weft.internet.IPushProducer producer() {
        return (dev.weft.internet.IPushProducer) protocol;
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> l ? l : List.of();
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    static byte[] unhex(String hex) {
        return HexFormat.of().parseHex(hex);
    }
}
