package dev.weft.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs one test body once per transport: in memory (a {@code FaultyPump} on a {@code Clock}, no faults), over loopback
 * TCP and over a UNIX socket, each on a real reactor. The test asks for a {@link Transport} parameter and connects its
 * protocols through it; {@link WeftExtension}'s hygiene checks run after each invocation. A protocol that schedules
 * takes {@link Transport#clock()}: the real reactor over a socket, in memory a {@code Clock} that {@link
 * Conversation#awaitClosed} moves, so the same timeout code fires on every transport.
 *
 * <pre>{@code
 * @TransportTest
 * void greets(Transport transport) {
 *     Conversation<AccumulatingProtocol, Greeter> c = transport.connect(Greeter::new, AccumulatingProtocol::new);
 *     c.awaitClosed(Duration.ofSeconds(10));
 *     assertThat(c.client().data()).asString(US_ASCII).isEqualTo("hello");
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@TestTemplate
@ExtendWith({TransportInvocations.class, WeftExtension.class})
@SuppressWarnings("exports") // JUnit instantiates the package-private provider reflectively
public @interface TransportTest {
    /** Returns the transports to run on, by default all three. */
    Transport.Kind[] value() default {Transport.Kind.MEMORY, Transport.Kind.TCP, Transport.Kind.UNIX};
}
