package io.otp4j.cluster;

import io.otp4j.process.Down;
import io.otp4j.process.Exit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The record and enum classes that may cross, by name: the configuration's classes and packages, and otp4j's
 * own message types. Checked on a name before any class of that name is loaded.
 */
final class AllowList {

    private static final Set<String> OWN = own();

    private static Set<String> own() {
        Set<String> names = new HashSet<>(GroupProtocol.NAMES);
        names.addAll(RegistryProtocol.NAMES);
        names.addAll(SupervisorProtocol.NAMES);
        names.addAll(List.of(
                Down.class.getName(),
                Exit.class.getName(),
                NodeUp.class.getName(),
                NodeDown.class.getName(),
                GroupEvent.class.getName(),
                GroupEvent.Kind.class.getName()));
        return Set.copyOf(names);
    }

    private final Set<String> classes;
    private final Set<String> packages;
    private final Map<Class<?>, ValueCodec<?>> codecs;
    private final Map<String, ValueCodec<?>> codecsByName;

    AllowList(Set<Class<?>> classes, Set<String> packages) {
        this(classes, packages, List.of());
    }

    AllowList(Set<Class<?>> classes, Set<String> packages, List<ValueCodec<?>> codecs) {
        Set<String> names = new HashSet<>(OWN);
        classes.forEach(c -> names.add(c.getName()));
        this.classes = Set.copyOf(names);
        this.packages = Set.copyOf(packages);
        Map<Class<?>, ValueCodec<?>> byClass = new HashMap<>();
        Map<String, ValueCodec<?>> byName = new HashMap<>();
        for (ValueCodec<?> codec : codecs) {
            byClass.put(codec.type(), codec);
            byName.put(codec.type().getName(), codec);
        }
        this.codecs = Map.copyOf(byClass);
        this.codecsByName = Map.copyOf(byName);
    }

    static AllowList of(ClusterConfig config) {
        return new AllowList(config.allowedClasses(), config.allowedPackages(), config.codecs());
    }

    /** {@return the codec given for exactly {@code type}, if any} */
    @Nullable
    ValueCodec<?> codecFor(Class<?> type) {
        return codecs.isEmpty() ? null : codecs.get(type);
    }

    /** {@return the codec given for the class named {@code className}, if any}: no class is loaded to find it */
    @Nullable
    ValueCodec<?> codecNamed(String className) {
        return codecsByName.get(className);
    }

    boolean allows(String className) {
        if (classes.contains(className)) {
            return true;
        }
        int dot = className.lastIndexOf('.');
        return dot > 0 && packages.contains(className.substring(0, dot));
    }
}
