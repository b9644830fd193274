package dev.weft.protocols.basic.oracle;

import dev.weft.internet.Protocol;
import dev.weft.protocols.basic.Int16StringReceiver;
import dev.weft.protocols.basic.Int32StringReceiver;
import dev.weft.protocols.basic.Int8StringReceiver;
import dev.weft.protocols.basic.LineOnlyReceiver;
import dev.weft.protocols.basic.LineReceiver;
import dev.weft.protocols.basic.NetstringReceiver;

/** The six receivers with their callbacks traced and reacting as the program says. */
final class Recorders {
    private Recorders() {}

    static Protocol create(String proto, ProgramEnv env) {
        return switch (proto) {
            case "LineReceiver" -> new Line(env);
            case "LineOnlyReceiver" -> new LineOnly(env);
            case "Int8StringReceiver" -> new Int8(env);
            case "Int16StringReceiver" -> new Int16(env);
            case "Int32StringReceiver" -> new Int32(env);
            case "NetstringReceiver" -> new Netstring(env);
            default -> throw new IllegalArgumentException("unknown proto " + proto);
        };
    }

    static final class Line extends LineReceiver {
        private final ProgramEnv env;

        Line(ProgramEnv env) {
            this.env = env;
        }

        @Override
        public void lineReceived(byte[] line) {
            env.callback("line", "hex", ProgramEnv.hex(line));
        }

        @Override
        public void rawDataReceived(byte[] data) {
            env.callback("raw", "hex", ProgramEnv.hex(data));
        }

        @Override
        public void lineLengthExceeded(byte[] line) {
            if (env.callback("lineLengthExceeded", "hex", ProgramEnv.hex(line))) {
                super.lineLengthExceeded(line);
            }
        }
    }

    static final class LineOnly extends LineOnlyReceiver {
        private final ProgramEnv env;

        LineOnly(ProgramEnv env) {
            this.env = env;
        }

        @Override
        public void lineReceived(byte[] line) {
            env.callback("line", "hex", ProgramEnv.hex(line));
        }

        @Override
        public void lineLengthExceeded(byte[] line) {
            if (env.callback("lineLengthExceeded", "hex", ProgramEnv.hex(line))) {
                super.lineLengthExceeded(line);
            }
        }
    }

    static final class Int8 extends Int8StringReceiver {
        private final ProgramEnv env;

        Int8(ProgramEnv env) {
            this.env = env;
        }

        @Override
        public void stringReceived(byte[] string) {
            env.callback("string", "hex", ProgramEnv.hex(string));
        }

        @Override
        public void lengthLimitExceeded(long length) {
            if (env.callback("lengthLimitExceeded", "length", length)) {
                super.lengthLimitExceeded(length);
            }
        }
    }

    static final class Int16 extends Int16StringReceiver {
        private final ProgramEnv env;

        Int16(ProgramEnv env) {
            this.env = env;
        }

        @Override
        public void stringReceived(byte[] string) {
            env.callback("string", "hex", ProgramEnv.hex(string));
        }

        @Override
        public void lengthLimitExceeded(long length) {
            if (env.callback("lengthLimitExceeded", "length", length)) {
                super.lengthLimitExceeded(length);
            }
        }
    }

    static final class Int32 extends Int32StringReceiver {
        private final ProgramEnv env;

        Int32(ProgramEnv env) {
            this.env = env;
        }

        @Override
        public void stringReceived(byte[] string) {
            env.callback("string", "hex", ProgramEnv.hex(string));
        }

        @Override
        public void lengthLimitExceeded(long length) {
            if (env.callback("lengthLimitExceeded", "length", length)) {
                super.lengthLimitExceeded(length);
            }
        }
    }

    static final class Netstring extends NetstringReceiver {
        private final ProgramEnv env;

        Netstring(ProgramEnv env) {
            this.env = env;
        }

        @Override
        public void stringReceived(byte[] string) {
            env.callback("string", "hex", ProgramEnv.hex(string));
        }
    }
}
