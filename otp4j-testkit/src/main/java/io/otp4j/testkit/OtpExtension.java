package io.otp4j.testkit;

import io.otp4j.process.Node;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that gives each test its own {@link Node}, and closes it after the test.
 *
 * {@snippet class="io.otp4j.testkit.EchoTest" region="extension"}
 *
 * <p>A test asks for the node, a {@link ManualClock}, a {@link LogCapture} of the node, or any of them, as parameters of the test method, of its
 * {@code @BeforeEach} and {@code @AfterEach} methods, or of the test class's constructor (with the default
 * per-method lifecycle). Within one test, every parameter of a type gets the same instance. If the test
 * method asks for a {@code ManualClock}, the node runs on it; otherwise it runs on the system clock. A
 * node is only started if something asks for it.
 *
 * <p>A {@code LogCapture} parameter catches what the test's node logs from when it is resolved until after the
 * node has closed, then is closed: a capture never outlives its test.
 *
 * <p>The node is named after the test ({@code ClassName.methodName}) and closed after each test with a
 * grace of {@link #CLOSE_GRACE}: processes still alive get {@code shutdown}, then {@code kill}. If any
 * process is left after that (one busy in code that never blocks), the test fails, naming them.
 *
 * <p>{@link OtpTest @OtpTest} is {@code @Test} with this extension.
 */
public final class OtpExtension implements ParameterResolver, AfterEachCallback {

    /** How long processes get to exit on {@code shutdown} when a test's node closes, before they are killed. */
    public static final Duration CLOSE_GRACE = Duration.ofSeconds(1);

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(OtpExtension.class);

    /** Created by JUnit. */
    public OtpExtension() {}

    /** What one test has been given; created on first use. */
    private static final class State {
        private @Nullable ManualClock clock;
        private @Nullable Node node;
        private @Nullable LogCapture logs;

        synchronized LogCapture logs(Node of) {
            LogCapture l = logs;
            if (l == null) {
                l = LogCapture.of(of);
                logs = l;
            }
            return l;
        }

        synchronized @Nullable LogCapture takeLogs() {
            LogCapture l = logs;
            logs = null;
            return l;
        }

        synchronized ManualClock clock(String test) {
            ManualClock c = clock;
            if (c == null) {
                if (node != null) {
                    throw new ParameterResolutionException("the node of " + test
                            + " was already started on the system clock when a ManualClock was asked for;"
                            + " ask for the ManualClock in the test method's parameters so the node runs on it");
                }
                c = new ManualClock();
                clock = c;
            }
            return c;
        }

        synchronized Node node(String name, boolean onManualClock) {
            Node n = node;
            if (n == null) {
                ManualClock c = clock;
                if (c == null && onManualClock) {
                    c = new ManualClock();
                    clock = c;
                }
                n = c == null ? Node.start(name) : Node.start(name, c);
                node = n;
            }
            return n;
        }

        synchronized @Nullable Node takeNode() {
            Node n = node;
            node = null;
            clock = null;
            return n;
        }
    }

    /** Constructor parameters are resolved for the test method about to run, so they get its node. */
    @Override
    public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
        return ExtensionContextScope.TEST_METHOD;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Node.class || type == ManualClock.class || type == LogCapture.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Method method = context.getTestMethod()
                .orElseThrow(() -> new ParameterResolutionException("OtpExtension gives each test method its own "
                        + parameter.getParameter().getType().getSimpleName() + ", so it cannot resolve "
                        + parameter.getParameter() + " of " + parameter.getDeclaringExecutable()
                        + " outside a test method (a @BeforeAll method, or a constructor with a per-class"
                        + " lifecycle)"));
        State state = context.getStore(NAMESPACE).getOrComputeIfAbsent(State.class, k -> new State(), State.class);
        if (parameter.getParameter().getType() == ManualClock.class) {
            return state.clock(context.getDisplayName());
        }
        boolean wantsClock = Arrays.stream(method.getParameterTypes()).anyMatch(t -> t == ManualClock.class);
        Node node = state.node(nodeName(context, method), wantsClock);
        return parameter.getParameter().getType() == LogCapture.class ? state.logs(node) : node;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        State state = context.getStore(NAMESPACE).remove(State.class, State.class);
        if (state == null) {
            return;
        }
        LogCapture logs = state.takeLogs();
        Node node = state.takeNode();
        if (node == null) {
            return;
        }
        try {
            node.close(CLOSE_GRACE);
        } finally {
            if (logs != null) {
                logs.close();
            }
        }
        if (node.processCount() != 0) {
            throw new AssertionError("node " + node.name() + " still had " + node.processCount()
                    + " process(es) after closing with a grace of " + CLOSE_GRACE
                    + " (busy in code that never blocks?): " + node.processes());
        }
    }

    /** {@return {@code ClassName.methodName}, with anything but letters, digits, '.', '-' and '_' as '_'} */
    static String nodeName(ExtensionContext context, Method method) {
        String className =
                context.getTestClass().orElse(method.getDeclaringClass()).getSimpleName();
        return (className + "." + method.getName()).replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
