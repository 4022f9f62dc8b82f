package io.otp4j.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Calls the builders of an options type with a null in each reference parameter in turn, and asserts that each
 * call throws a {@link NullPointerException} whose message names that parameter. The builders are the public
 * {@code with…} methods and the public static methods that return the type; the parameter names come from the
 * class files ({@code -parameters}). The other arguments are samples: the ones the test gives by type, else a
 * plain value for the common types (a string, a duration, an empty list or optional, an enum's first constant),
 * else a proxy for an interface; a parameter of any other type fails the check, so none is passed over.
 * otp4j-core's test jar carries this class to the other modules' tests.
 */
public final class NullArguments {

    private final Map<Class<?>, Object> samples = new HashMap<>();

    private NullArguments() {}

    /** {@return a check with the common samples only} */
    public static NullArguments check() {
        return new NullArguments();
    }

    /** {@return this check, passing {@code sample} where a parameter of type {@code type} is not the null one} */
    public <T> NullArguments with(Class<T> type, T sample) {
        samples.put(type, sample);
        return this;
    }

    /**
     * Checks the builders of {@code receiver}'s type: its {@code with…} methods on {@code receiver}, and its static
     * methods that return the type.
     *
     * @return the calls made, one per reference parameter, in a stable order
     */
    public List<String> builders(Object receiver) {
        Class<?> type = receiver.getClass();
        List<Method> methods = Arrays.stream(type.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && !m.isSynthetic() && !m.isBridge())
                .filter(m -> Modifier.isStatic(m.getModifiers())
                        ? type.isAssignableFrom(m.getReturnType())
                        : m.getName().startsWith("with"))
                .sorted(Comparator.comparing(Method::toGenericString))
                .toList();
        List<String> calls = new ArrayList<>();
        for (Method method : methods) {
            Parameter[] parameters = method.getParameters();
            for (int i = 0; i < parameters.length; i++) {
                if (!parameters[i].getType().isPrimitive()) {
                    calls.add(callWithNull(receiver, method, i));
                }
            }
        }
        assertThat(calls)
                .as("the builders of %s with a reference parameter", type.getName())
                .isNotEmpty();
        return calls;
    }

    private String callWithNull(Object receiver, Method method, int nullAt) {
        Parameter[] parameters = method.getParameters();
        assertThat(parameters[nullAt].isNamePresent())
                .as("parameter names are compiled in (-parameters)")
                .isTrue();
        String name = parameters[nullAt].getName();
        String call = method.getDeclaringClass().getSimpleName() + "." + method.getName() + "(" + name + " = null)";
        @Nullable Object[] arguments = new Object[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            arguments[i] = i == nullAt ? null : sample(parameters[i].getType(), call);
        }
        try {
            method.invoke(Modifier.isStatic(method.getModifiers()) ? null : receiver, arguments);
            fail(call + " accepted the null");
        } catch (InvocationTargetException e) {
            assertThat(e.getCause())
                    .as(call)
                    .isInstanceOf(NullPointerException.class)
                    .hasMessageContaining(name);
        } catch (IllegalAccessException e) {
            throw new AssertionError(call + " could not be called", e);
        }
        return call;
    }

    private Object sample(Class<?> type, String call) {
        Object given = samples.get(type);
        if (given != null) {
            return given;
        }
        if (type == int.class || type == long.class || type == short.class || type == byte.class) {
            return primitiveOne(type);
        }
        if (type == double.class || type == float.class) {
            return type == double.class ? (Object) 1.0 : (Object) 1.0f;
        }
        if (type == boolean.class) {
            return false;
        }
        if (type == String.class || type == Object.class) {
            return "sample";
        }
        if (type == Duration.class) {
            return Duration.ofSeconds(1);
        }
        if (type == List.class) {
            return List.of();
        }
        if (type == Set.class) {
            return Set.of();
        }
        if (type == Map.class) {
            return Map.of();
        }
        if (type == Optional.class) {
            return Optional.empty();
        }
        if (type.isEnum()) {
            return type.getEnumConstants()[0];
        }
        if (type.isInterface() && !type.isSealed()) {
            return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, m, args) -> {
                throw new UnsupportedOperationException("a sample " + type.getSimpleName());
            });
        }
        throw new AssertionError("no sample of " + type.getName() + " for " + call + ": give one with with(...)");
    }

    private static Object primitiveOne(Class<?> type) {
        if (type == int.class) {
            return 1;
        }
        if (type == long.class) {
            return 1L;
        }
        return type == short.class ? (Object) (short) 1 : (Object) (byte) 1;
    }
}
