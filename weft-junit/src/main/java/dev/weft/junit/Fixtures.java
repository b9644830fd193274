package dev.weft.junit;

import dev.weft.fixture.SinkServer;
import dev.weft.internet.Addresses;
import dev.weft.internet.nio.NioReactor;
import dev.weft.internet.nio.ReactorThread;
import dev.weft.internet.task.Clock;
import dev.weft.internet.testing.MemoryReactorClock;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * What {@link WeftExtension} injects and the parameter types each answers to: its own class, and each of weft's
 * superclasses and interfaces of it that nothing else injected is (as {@code MemoryReactor} is the {@code
 * MemoryReactorClock}). A type two of them are ({@code IReactorTime}: the {@code Clock}, the {@code
 * MemoryReactorClock} and the {@code NioReactor}) is refused, naming them; a JDK type ({@code AutoCloseable}) is never
 * claimed. Stateless; thread-safe.
 */
final class Fixtures {
    /** One thing the extension injects, one per test. */
    enum Fixture {
        CLOCK(Clock.class, "a clock of the test's own, which the test advances"),
        MEMORY_REACTOR(
                MemoryReactorClock.class,
                "a reactor in memory that records listens and connects, on a clock" + " the test advances"),
        REACTOR_THREAD(ReactorThread.class, "the thread of a running reactor"),
        NIO_REACTOR(NioReactor.class, "a running reactor, on real time"),
        SINK_SERVER(SinkServer.class, "a TCP server that records what its clients send");

        final Class<?> type;
        final String what;

        Fixture(Class<?> type, String what) {
            this.type = type;
            this.what = what;
        }

        String described() {
            return type.getSimpleName() + " (" + what + ")";
        }
    }

    /** Each type a fixture answers to, with the fixtures that are of it: one, or more (then it is refused). */
    private static final Map<Class<?>, List<Fixture>> ANSWERS = answers();

    /** Where the injected {@code SinkServer} listens unless {@link Listen} says otherwise. */
    static final InetAddress DEFAULT_LISTEN = ipv4Loopback();

    private Fixtures() {}

    private static Map<Class<?>, List<Fixture>> answers() {
        Map<Class<?>, List<Fixture>> answers = new HashMap<>();
        for (Fixture f : Fixture.values()) {
            for (Class<?> t : weftSupertypes(f.type)) {
                answers.computeIfAbsent(t, k -> new ArrayList<>()).add(f);
            }
        }
        for (Fixture f : Fixture.values()) {
            answers.put(f.type, List.of(f)); // its own class is always its own
        }
        answers.replaceAll((t, fs) -> List.copyOf(fs));
        return Map.copyOf(answers);
    }

    /** Returns {@code type} and its superclasses and interfaces, transitively, leaving out the JDK's. */
    private static Set<Class<?>> weftSupertypes(Class<?> type) {
        Set<Class<?>> seen = new HashSet<>();
        Deque<Class<?>> todo = new ArrayDeque<>(List.of(type));
        while (!todo.isEmpty()) {
            Class<?> t = todo.pop();
            if (t.getName().startsWith("java.") || t.getName().startsWith("javax.") || !seen.add(t)) {
                continue;
            }
            if (t.getSuperclass() != null) {
                todo.push(t.getSuperclass());
            }
            todo.addAll(List.of(t.getInterfaces()));
        }
        return seen;
    }

    /**
     * Tells whether the extension answers for the parameter: a type one fixture is; a type more are, to refuse it
     * naming them (except in a {@code @ParameterizedTest}, whose arguments may be of that type); or anything marked
     * {@link Listen} but a {@code @TransportTest}'s {@link Transport}, to refuse that.
     */
    static boolean supports(ParameterContext parameter) {
        Class<?> type = parameter.getParameter().getType();
        if (parameter.isAnnotated(Listen.class)) {
            return type != Transport.class; // its own resolver refuses it
        }
        List<Fixture> fs = ANSWERS.get(type);
        if (fs == null) {
            return false;
        }
        return fs.size() == 1
                || !AnnotationSupport.isAnnotated(parameter.getDeclaringExecutable(), ParameterizedTest.class);
    }

    /**
     * Returns the fixture the parameter asks for.
     * @throws ParameterResolutionException if its type is more than one's, naming them, or it carries {@link Listen}
     *     but is not a {@code SinkServer}
     */
    static Fixture fixture(ParameterContext parameter) {
        Class<?> type = parameter.getParameter().getType();
        List<Fixture> fs = ANSWERS.getOrDefault(type, List.of());
        if (parameter.isAnnotated(Listen.class) && !(fs.size() == 1 && fs.get(0) == Fixture.SINK_SERVER)) {
            throw new ParameterResolutionException("WeftExtension cannot inject " + where(parameter) + ": @Listen sets"
                    + " the address of the injected SinkServer only; take it off"
                    + (fs.size() == 1
                            ? ""
                            : "; for a listener of another kind (a FaultProxy), start it in the test with its"
                                    + " builder's listenAddress(\"::1\")"));
        }
        if (fs.size() != 1) {
            String name = type.getSimpleName();
            throw new ParameterResolutionException("WeftExtension cannot inject " + where(parameter) + ": "
                    + fs.size() + " of the things it injects are of type " + name + ", and it does not guess which one"
                    + " is meant: " + fs.stream().map(Fixture::described).collect(Collectors.joining(", "))
                    + "; declare the parameter as the one you mean ("
                    + fs.get(0).type.getSimpleName()
                    + " instead of " + name + ") and pass it on where " + name + " is expected");
        }
        return fs.get(0);
    }

    /**
     * Returns the address a {@code SinkServer} parameter asks to listen on: its {@link Listen}'s, else {@link
     * #DEFAULT_LISTEN}.
     * @throws ParameterResolutionException if {@link Listen} names no IP literal, saying what to give
     */
    static InetAddress listenAddress(ParameterContext parameter) {
        Optional<Listen> listen = parameter.findAnnotation(Listen.class);
        if (listen.isEmpty()) {
            return DEFAULT_LISTEN;
        }
        String v = listen.get().value();
        try {
            return Addresses.parseLiteral(v.strip());
        } catch (IllegalArgumentException e) {
            throw new ParameterResolutionException(
                    "WeftExtension cannot inject " + where(parameter) + ": @Listen(\"" + v + "\") is not an IP"
                            + " address; give a literal such as \"::1\" or \"127.0.0.1\" (a server listens on an"
                            + " address, and a host name could name several)",
                    e);
        }
    }

    /** Names a listen address as {@link Listen} takes it, and whether it was asked for: {@code ::1 (@Listen("::1"))}. */
    static String listenNamed(InetAddress address, boolean asked) {
        String text = Addresses.hostOf(address);
        return asked ? text + " (@Listen(\"" + text + "\"))" : text + " (no @Listen)";
    }

    /** Names a parameter for a message: {@code the IReactorTime parameter 1 of MyTest.retries}. */
    static String where(ParameterContext parameter) {
        Executable e = parameter.getDeclaringExecutable();
        String owner = e.getDeclaringClass().getSimpleName();
        return "the " + parameter.getParameter().getType().getSimpleName() + " parameter " + (parameter.getIndex() + 1)
                + " of " + (e instanceof Constructor<?> ? "the constructor of " + owner : owner + "." + e.getName());
    }

    private static InetAddress ipv4Loopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new AssertionError("four bytes are an IPv4 address", e);
        }
    }

    /** Returns the types a fixture answers to, for tests. */
    static Set<Class<?>> typesOf(Fixture f) {
        Set<Class<?>> types = new HashSet<>();
        ANSWERS.forEach((t, fs) -> {
            if (fs.equals(List.of(f))) {
                types.add(t);
            }
        });
        return types;
    }
}
