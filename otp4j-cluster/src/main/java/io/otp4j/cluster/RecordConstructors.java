package io.otp4j.cluster;

import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The public canonical constructors of records that cross the wire, found once per class: the encoder checks
 * that a record can be rebuilt, the decoder rebuilds it.
 */
final class RecordConstructors {

    private final Map<Class<?>, Constructor<?>> constructors = new ConcurrentHashMap<>();

    private static java.util.Optional<Constructor<?>> publicCanonical(Class<?> type) {
        if (!Modifier.isPublic(type.getModifiers())) {
            return java.util.Optional.empty();
        }
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
        }
        try {
            Constructor<?> constructor = type.getConstructor(types);
            return java.util.Optional.of(constructor);
        } catch (NoSuchMethodException e) {
            return java.util.Optional.empty();
        }
    }

    java.util.Optional<Constructor<?>> of(Class<?> type) {
        Constructor<?> known = constructors.get(type);
        if (known != null) {
            return java.util.Optional.of(known);
        }
        java.util.Optional<Constructor<?>> found = publicCanonical(type);
        found.ifPresent(c -> constructors.put(type, c));
        return found;
    }
}
