package sigkit.junit;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.AssertionFailedError;

/**
 * JUnit 5 extension for the sigkit mock platform: {@code @ExtendWith(SigkitMockExtension.class)}.
 *
 * <ul>
 *   <li>Starts one {@code sigkit mock --port 0} for the whole test run, on first use, and stops it when the run
 *       ends. The command comes from the system property {@code sigkit.command}, else {@code SIGKIT_COMMAND},
 *       else {@code sigkit} on PATH.</li>
 *   <li>Injects a {@link SigkitMock} parameter (test methods, constructors, lifecycle methods): {@code url()},
 *       {@code journal()}, {@code addFault(..)}, {@code setClockOffset(..)}, {@code reset()}.</li>
 *   <li>After each test, reads the journal entries of that test; if the mock rejected any, the test fails
 *       with the mock's diagnosis: the failed check, the known client mistake that reproduces the signature
 *       ({@code CrlfQueryLines}, {@code UnsortedQuery}…) and the expected canonical request beside the one sent.
 *       {@link SigkitAllowRejections} or {@link SigkitMock#allowRejections()} opt a test out.</li>
 * </ul>
 *
 * <p>Tests that use one mock run one at a time (the journal window of a test is "everything after it began").
 */
public final class SigkitMockExtension implements ParameterResolver, BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SigkitMockExtension.class);

    /** Holds the run's mock in the root store, which JUnit closes when the whole run ends. */
    private static final class RunningMock implements ExtensionContext.Store.CloseableResource {
        final SigkitMock mock;

        RunningMock(SigkitMock mock) {
            this.mock = mock;
        }

        @Override
        public void close() {
            mock.close();
        }
    }

    private static SigkitMock mock(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(RunningMock.class, key -> new RunningMock(SigkitMock.start(SigkitMock.configuredCommand())), RunningMock.class)
                .mock;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SigkitMock.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return mock(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        boolean allowed = context.getTestMethod().map(method -> AnnotationSupport.isAnnotated(method, SigkitAllowRejections.class)).orElse(false)
                || context.getTestClass().map(type -> AnnotationSupport.isAnnotated(type, SigkitAllowRejections.class)).orElse(false);
        mock(context).beginTest(allowed);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        SigkitMock mock = mock(context);
        try {
            if (mock.rejectionsAllowed()) return;
            List<Map<String, Object>> rejected = mock.rejections();
            // Thrown from afterEach, this fails the test; if the test failed already it is added to that failure.
            if (!rejected.isEmpty()) throw new AssertionFailedError(mock.describe(rejected));
        } finally {
            mock.endTest();
        }
    }
}
