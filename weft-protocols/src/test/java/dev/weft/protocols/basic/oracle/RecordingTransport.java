package dev.weft.protocols.basic.oracle;

import dev.weft.internet.testing.StringTransport;

/** A {@link StringTransport} that traces every call the protocol or the program makes on it. */
final class RecordingTransport extends StringTransport {
    private final ProgramEnv env;

    RecordingTransport(ProgramEnv env, boolean lenient) {
        super(null, null, lenient);
        this.env = env;
    }

    @Override
    public void write(byte[] data) {
        env.event("write", "hex", ProgramEnv.hex(data));
        super.write(data);
    }

    @Override
    public void writeSequence(Iterable<byte[]> data) {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (byte[] array : data) {
            all.writeBytes(array);
        }
        env.event("write", "hex", ProgramEnv.hex(all.toByteArray()));
        for (byte[] array : data) {
            super.write(array);
        }
    }

    @Override
    public void loseConnection() {
        env.event("loseConnection");
        super.loseConnection();
    }

    @Override
    public void pauseProducing() {
        env.event("pauseProducing");
        super.pauseProducing();
    }

    @Override
    public void resumeProducing() {
        env.event("resumeProducing");
        super.resumeProducing();
    }

    @Override
    public void stopProducing() {
        env.event("stopProducing");
        super.stopProducing();
    }
}
