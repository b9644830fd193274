package dev.weft.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Map;
import java.util.TreeMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs {@link ConstructorCases} with whatever JUnit is on the class path, in a JVM of its own: prints JUnit's version ({@code VERSION 5.10.3}), a line per
 * finished test or container that did not succeed ({@code RESULT <status> <unique id> <message>}), then the reactor
 * threads given to constructors whose test never ran still running ({@code LEFT [...]}). Arguments: {@code true} for parallel execution.
 */
public final class OtherJUnitMain {
    private OtherJUnitMain() {}

    /** Runs the cases and prints what happened. */
    public static void main(String[] args) {
        LauncherDiscoveryRequestBuilder request =
                LauncherDiscoveryRequestBuilder.request().configurationParameter(OnlyInTestKit.KEY, "true");
        for (Class<?> c : ConstructorCases.ALL) {
            request.selectors(selectClass(c));
        }
        if (args.length > 0 && Boolean.parseBoolean(args[0])) {
            request.configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                    .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                    .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent");
        }
        LauncherDiscoveryRequest built = request.build();
        Map<String, String> results = new TreeMap<>();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(built, new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                    return;
                }
                String message = result.getThrowable()
                        .map(t -> String.valueOf(t.getMessage()).replace('\n', ' '))
                        .orElse("");
                synchronized (results) {
                    results.put(id.getUniqueId(), result.getStatus() + " " + message);
                }
            }
        });
        System.out.println(
                "VERSION " + org.junit.jupiter.api.Test.class.getPackage().getImplementationVersion());
        results.forEach((id, r) -> System.out.println("RESULT " + id + " " + r));
        System.out.println("LEFT " + ConstructorCases.unrunStillRunning());
    }
}
