package io.otp4j.release;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.w3c.dom.Element;

/**
 * A deployed POM read as Central reads it: a value the POM does not state comes from its parent, which must be
 * deployed too.
 */
final class PublishedPom {

    private final List<Element> chain;

    private PublishedPom(List<Element> chain) {
        this.chain = chain;
    }

    /** Reads {@code pom} and its parents, found in {@code repository} as deployed since {@code since}. */
    static PublishedPom read(Path pom, StagingRepository repository, String since) {
        List<Element> chain = new ArrayList<>();
        Element at = Xml.parse(pom);
        chain.add(at);
        for (int depth = 0; depth < 10; depth++) {
            Optional<Element> parent = Xml.element(at, "parent");
            if (parent.isEmpty()) {
                return new PublishedPom(chain);
            }
            String groupId = Xml.text(parent.get(), "groupId").orElse("");
            String artifactId = Xml.text(parent.get(), "artifactId").orElse("");
            String version = Xml.text(parent.get(), "version").orElse("");
            Path parentPom = repository
                    .deployed(groupId, artifactId, version)
                    .file("", "pom", since)
                    .orElseThrow(() -> new AssertionError(
                            pom + " names parent " + artifactId + ", whose POM was not deployed by this build"));
            at = Xml.parse(parentPom);
            chain.add(at);
        }
        throw new AssertionError(pom + " has more than 10 parents");
    }

    /** The value at {@code path} in this POM, or else in the nearest parent that states it. */
    Optional<String> inherited(String path) {
        return chain.stream().flatMap(e -> Xml.text(e, path).stream()).findFirst();
    }

    /** The value at {@code path} in this POM itself, not inherited. */
    Optional<String> own(String path) {
        return Xml.text(chain.get(0), path);
    }

    /** What Central requires of a POM and this one lacks, by element path; empty when nothing is missing. */
    List<String> missingForCentral() {
        List<String> missing = new ArrayList<>();
        // groupId and version may come from <parent>; artifactId, name and description are the module's own.
        if (own("groupId").or(() -> own("parent/groupId")).isEmpty()) {
            missing.add("groupId");
        }
        if (own("version").or(() -> own("parent/version")).isEmpty()) {
            missing.add("version");
        }
        for (String path : List.of("artifactId", "name", "description")) {
            if (own(path).isEmpty()) {
                missing.add(path);
            }
        }
        for (String path : List.of(
                "url",
                "licenses/license/name",
                "licenses/license/url",
                "developers/developer/name",
                "scm/url",
                "scm/connection",
                "scm/developerConnection")) {
            if (inherited(path).isEmpty()) {
                missing.add(path);
            }
        }
        return missing;
    }
}
