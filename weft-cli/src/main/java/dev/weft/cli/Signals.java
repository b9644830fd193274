package dev.weft.cli;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Notes which signal (SIGINT, SIGTERM, SIGHUP) stops the JVM, for the shutdown hook: a hook cannot tell, and a
 * command stopped before its work was done exits as a process killed by that signal does ({@code 128 + N}, as the
 * shell reports it). Each handler notes the signal and hands it on to the JVM's own, which runs the shutdown hooks.
 * A signal the process ignores (SIGINT in a background job of a non-interactive shell) stays ignored: the JVM
 * installs no handler for it.
 *
 * <p>Uses {@code sun.misc.Signal} (module {@code jdk.unsupported}) through reflection; where the JDK has none,
 * nothing is noted and {@link #last()} stays 0. Thread-safe.
 */
final class Signals {
    /** SIGINT's number, which an interrupt that came with no signal (a test's) stands for. */
    static final int SIGINT = 2;

    private static volatile int last;

    private Signals() {}

    /** Installs the noting handlers; call once, before the shutdown hook can run. */
    static void noteStops() {
        for (String name : new String[] {"INT", "TERM", "HUP"}) {
            try {
                note(name);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // No sun.misc.Signal, or the JVM keeps this signal to itself: the hook then assumes SIGINT.
            }
        }
    }

    /** Returns the number of the last stopping signal received, or 0 for none (or none noted). */
    static int last() {
        return last;
    }

    private static void note(String name) throws ReflectiveOperationException {
        Class<?> signalClass = Class.forName("sun.misc.Signal");
        Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
        Object signal = signalClass.getConstructor(String.class).newInstance(name);
        Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
        Method getNumber = signalClass.getMethod("getNumber");
        Method handleSignal = handlerClass.getMethod("handle", signalClass);
        Object[] previous = new Object[1];
        InvocationHandler noting = (proxy, method, args) -> {
            switch (method.getName()) {
                case "handle":
                    last = (Integer) getNumber.invoke(args[0]);
                    try {
                        handleSignal.invoke(previous[0], args[0]); // the JVM's: exit with 128 + N, running the hooks
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    return null;
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                default:
                    return "weft: notes SIG" + name;
            }
        };
        Object handler = Proxy.newProxyInstance(Signals.class.getClassLoader(), new Class<?>[] {handlerClass}, noting);
        previous[0] = handle.invoke(null, signal, handler);
        if (previous[0] == handlerClass.getField("SIG_IGN").get(null)
                || previous[0] == handlerClass.getField("SIG_DFL").get(null)) {
            // Ignored, or left to the OS (java -Xrs): there was no Java handler to hand on to; keep it as it was.
            handle.invoke(null, signal, previous[0]);
        }
    }
}
