package news.summit;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Prints why a test was skipped (an assumption that failed, a {@code @Disabled}) on the console
 * that {@code mvn verify} shows, where Surefire and Failsafe themselves only count it and leave
 * the reason in their XML reports. Registered in
 * {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener}.
 */
public class SkipReasonPrinter implements TestExecutionListener {

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        print(test, reason);
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            print(test, result.getThrowable().map(Throwable::getMessage).orElse("no reason given"));
        }
    }

    private static void print(TestIdentifier test, String reason) {
        System.err.println("[SKIPPED] " + name(test) + ": " + reason);
    }

    private static String name(TestIdentifier test) {
        TestSource source = test.getSource().orElse(null);
        if (source instanceof MethodSource method) {
            String simpleName = method.getClassName().substring(method.getClassName().lastIndexOf('.') + 1);
            return simpleName + "." + method.getMethodName();
        }
        if (source instanceof ClassSource type) {
            return type.getJavaClass().getSimpleName();
        }
        return test.getDisplayName();
    }

}
