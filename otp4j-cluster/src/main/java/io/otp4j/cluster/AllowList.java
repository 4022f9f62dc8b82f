package io.otp4j.cluster;

import io.otp4j.process.Down;
import io.otp4j.process.Exit;
import java.util.HashSet;
import java.util.Set;

/**
 * The record and enum classes that may cross, by name: the configuration's classes and packages, and otp4j's
 * own message types. Checked on a name before any class of that name is loaded.
 */
final class AllowList {

    private static final Set<String> OWN =
            Set.of(Down.class.getName(), Exit.class.getName(), NodeUp.class.getName(), NodeDown.class.getName());

    private final Set<String> classes;
    private final Set<String> packages;

    AllowList(Set<Class<?>> classes, Set<String> packages) {
        Set<String> names = new HashSet<>(OWN);
        classes.forEach(c -> names.add(c.getName()));
        this.classes = Set.copyOf(names);
        this.packages = Set.copyOf(packages);
    }

    static AllowList of(ClusterConfig config) {
        return new AllowList(config.allowedClasses(), config.allowedPackages());
    }

    boolean allows(String className) {
        if (classes.contains(className)) {
            return true;
        }
        int dot = className.lastIndexOf('.');
        return dot > 0 && packages.contains(className.substring(0, dot));
    }
}
