package io.otp4j.cluster;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the codec needs of a record class that crosses the wire, found once per class: its public canonical
 * constructor (the encoder checks that a record can be rebuilt, the decoder rebuilds it) and its components'
 * accessors (the encoder reads them). Found once because reflection builds a new accessor for every fresh
 * {@code Method} object: asking the class for its components at each record cost tens of microseconds a frame.
 */
final class RecordConstructors {

    /**
     * A record class as the codec sees it.
     *
     * @param constructor its public canonical constructor
     * @param accessors its components' accessors, in order
     * @param names its components' names, in order, for errors
     */
    record Shape(Constructor<?> constructor, Method[] accessors, String[] names) {}

    private final Map<Class<?>, Shape> shapes = new ConcurrentHashMap<>();

    private static Optional<Shape> shapeOf(Class<?> type) {
        if (!Modifier.isPublic(type.getModifiers())) {
            return Optional.empty();
        }
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Method[] accessors = new Method[components.length];
        String[] names = new String[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            accessors[i] = components[i].getAccessor();
            names[i] = components[i].getName();
        }
        try {
            return Optional.of(new Shape(type.getConstructor(types), accessors, names));
        } catch (NoSuchMethodException e) {
            return Optional.empty();
        }
    }

    /** {@return the shape of the record class {@code type}, if it can be rebuilt on another node} */
    Optional<Shape> shape(Class<?> type) {
        Shape known = shapes.get(type);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<Shape> found = shapeOf(type);
        found.ifPresent(s -> shapes.put(type, s));
        return found;
    }

    /** {@return the public canonical constructor of the record class {@code type}, if it has one} */
    Optional<Constructor<?>> of(Class<?> type) {
        return shape(type).map(Shape::constructor);
    }
}
