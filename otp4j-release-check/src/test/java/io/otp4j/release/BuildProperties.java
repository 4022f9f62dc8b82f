package io.otp4j.release;

/** What the build passes to these tests as system properties (see this module's pom). */
final class BuildProperties {

    private BuildProperties() {}

    /** The property {@code name}; fails naming it when the build did not set it (run through Maven). */
    static String get(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank() || value.startsWith("${")) {
            throw new AssertionError("system property " + name + " is not set: run these tests through Maven"
                    + " (./mvnw verify), which sets it from the build");
        }
        return value;
    }
}
