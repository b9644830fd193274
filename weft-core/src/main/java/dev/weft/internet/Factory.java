package dev.weft.internet;

import java.lang.System.Logger.Level;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Twisted's {@code Factory}: builds a protocol for each connection and tracks the ports and connectors using it. Create
 * one with {@link #forProtocol(Supplier)}, e.g. {@code Factory.forProtocol(Echo::new)}, or subclass and override {@link
 * #buildProtocol(IAddress)}. Confined to the reactor thread.
 */
public class Factory implements IProtocolFactory {
    private static final System.Logger LOG = System.getLogger(Factory.class.getName());

    private @Nullable Supplier<? extends IProtocol> protocol;
    private int numPorts;
    private boolean noisy = true;

    /** Creates a factory with no protocol supplier; set one or override {@link #buildProtocol}. */
    public Factory() {}

    /** Creates a factory that calls {@code protocol} once per connection. */
    public Factory(Supplier<? extends IProtocol> protocol) {
        this.protocol = protocol;
    }

    /** Returns a factory that calls {@code protocol} once per connection, e.g. {@code Echo::new}. */
    public static Factory forProtocol(Supplier<? extends IProtocol> protocol) {
        return new Factory(protocol);
    }

    /** Creates a factory with {@code newFactory}, e.g. {@code () -> new MyFactory(config)}, and sets its supplier. */
    public static <F extends Factory> F forProtocol(Supplier<F> newFactory, Supplier<? extends IProtocol> protocol) {
        F factory = newFactory.get();
        factory.setProtocol(protocol);
        return factory;
    }

    /** {@return the supplier {@link #buildProtocol} calls, or null if none was set} */
    public @Nullable Supplier<? extends IProtocol> protocol() {
        return protocol;
    }

    /** Sets the supplier {@link #buildProtocol} calls, or null to unset. */
    public void setProtocol(@Nullable Supplier<? extends IProtocol> protocol) {
        this.protocol = protocol;
    }

    /**
     * Builds a protocol with the supplier, setting its factory if it is a {@link Protocol}; throws {@link
     * IllegalStateException} if no supplier is set.
     */
    @Override
    public @Nullable IProtocol buildProtocol(IAddress addr) {
        Supplier<? extends IProtocol> supplier = protocol;
        if (supplier == null) {
            throw new IllegalStateException(getClass().getName()
                    + " has no protocol supplier: create it with Factory.forProtocol(...), call"
                    + " setProtocol(...), or override buildProtocol");
        }
        IProtocol p = supplier.get();
        if (p instanceof Protocol built) {
            built.setFactory(this);
        }
        return p;
    }

    /** Counts one more user; on the first, logs (if {@link #isNoisy()}) and calls {@link #startFactory()}. */
    @Override
    public void doStart() {
        if (numPorts == 0) {
            if (isNoisy()) {
                LOG.log(Level.INFO, "Starting factory {0}", this);
            }
            startFactory();
        }
        numPorts++;
    }

    /** Counts one user fewer; on the last, logs (if {@link #isNoisy()}) and calls {@link #stopFactory()}. */
    @Override
    public void doStop() {
        if (numPorts == 0) {
            return;
        }
        numPorts--;
        if (numPorts == 0) {
            if (isNoisy()) {
                LOG.log(Level.INFO, "Stopping factory {0}", this);
            }
            stopFactory();
        }
    }

    /** Prepares the factory when its first port or connector starts; does nothing unless overridden. */
    protected void startFactory() {}

    /** Cleans up when its last port or connector stops; does nothing unless overridden. */
    protected void stopFactory() {}

    /** {@return how many ports and connectors use this factory} */
    public int numPorts() {
        return numPorts;
    }

    /**
     * {@return whether starting and stopping are logged, at INFO: "Starting factory …" on the first start, "Stopping
     * factory …" on the last stop}; {@code true} by default (Twisted's {@code Factory.noisy}). A factory made for each
     * connection or for tests turns it off with {@link #setNoisy(boolean)}, or a subclass by overriding this method (as
     * a Twisted subclass sets {@code noisy = False}); {@link ReconnectingClientFactory} also asks it before logging its
     * retries.
     */
    public boolean isNoisy() {
        return noisy;
    }

    /** Turns the logging of starting and stopping on or off. */
    public void setNoisy(boolean noisy) {
        this.noisy = noisy;
    }

    /** {@return the prefix that identifies this factory in log messages} */
    public String logPrefix() {
        return nameOf(getClass());
    }

    static String nameOf(Class<?> type) {
        String simple = type.getSimpleName();
        return simple.isEmpty() ? type.getName() : simple;
    }
}
